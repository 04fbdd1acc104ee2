package org.bss.platform;

import java.util.EnumSet;
import java.util.UUID;
import org.bss.platform.tenancy.Scope;
import org.bss.platform.tenancy.Tenants;

/** Each test works in a tenant of its own, so tests share the servers without seeing each other's data. */
public final class TestTenants {

    private TestTenants() {
    }

    /** Creates a fresh tenant and returns an API key with read and write scopes for it. */
    public static String newTenantKey(Tenants tenants, String prefix) {
        return newTenantKey(tenants, prefix, Scope.EVENTS_WRITE, Scope.EVENTS_READ);
    }

    /** Creates a fresh tenant and returns an API key with these scopes for it. */
    public static String newTenantKey(Tenants tenants, String prefix, Scope scope, Scope... more) {
        String tenant = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        tenants.create(tenant, "Test tenant " + tenant);
        return tenants.issueKey(tenant, EnumSet.of(scope, more), null).secret();
    }
}
