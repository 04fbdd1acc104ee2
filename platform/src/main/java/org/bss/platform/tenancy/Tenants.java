package org.bss.platform.tenancy;

import java.time.Instant;
import java.util.Set;

/** Creates tenants and issues their API keys. */
public interface Tenants {

    /** Creates the tenant if it does not exist yet; returns true when it was created. */
    boolean create(String tenantId, String name);

    IssuedKey issueKey(String tenantId, Set<Scope> scopes, Instant expiresAt);

    /** True when the secret is a current (not revoked, not expired) key of an active tenant. */
    boolean isValidKey(String secret);

    /** The tenant operators' own tenant: its keys carry the admin scope. */
    String PLATFORM_TENANT = "platform";
}
