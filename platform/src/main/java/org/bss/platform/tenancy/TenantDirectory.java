package org.bss.platform.tenancy;

import java.util.List;
import java.util.Optional;

/**
 * What other capabilities may know about tenants. Look-ups are cached: a change made on any instance is seen here
 * when its {@link TenantChanged} arrives (normally within a second), at worst after {@code bss.cache-refresh} (10 s).
 */
public interface TenantDirectory {

    /** The registered tenant; empty when there is none of that id. */
    Optional<Tenant> tenant(String tenantId);

    /** The key's own quota, when it has one; empty too for a credential that is no API key (a token's subject). */
    Optional<KeyQuota> keyQuota(String keyId);

    /** Every registered tenant, read now (not cached): for work over all of them, such as retention. */
    List<Tenant> all();
}
