package org.bss.platform.tenancy;

import java.util.Set;

/**
 * Who is calling: the tenant comes from the credentials only, never from the request body.
 *
 * @param credentialId the API key id (or token subject) that authenticated the call
 */
public record TenantPrincipal(String tenantId, String credentialId, Set<Scope> scopes) {

    public TenantPrincipal {
        scopes = Set.copyOf(scopes);
    }
}
