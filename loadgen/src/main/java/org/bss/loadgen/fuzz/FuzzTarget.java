package org.bss.loadgen.fuzz;

import java.util.Objects;

/**
 * Who the fuzz pass sends as: its own tenant and that tenant's key (events:write and events:read), a second tenant
 * with a key of its own (for requests that use one tenant's key in the other's name), and the Host header.
 */
public record FuzzTarget(String tenantId, String apiKey, String otherTenantId, String otherApiKey, String host) {

    public FuzzTarget {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(otherTenantId, "otherTenantId");
        Objects.requireNonNull(otherApiKey, "otherApiKey");
        Objects.requireNonNull(host, "host");
    }

    /** The source the pass's events name: one of its tenant's. */
    String source() {
        return "/tenants/" + tenantId + "/fuzz";
    }

    @Override
    public String toString() {
        return "FuzzTarget[" + tenantId + ", " + otherTenantId + ", " + host + "]"; // never the secrets
    }
}
