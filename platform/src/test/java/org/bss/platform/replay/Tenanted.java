package org.bss.platform.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.bss.platform.ApiClient;
import org.bss.platform.tenancy.Scope;
import org.bss.platform.tenancy.Tenants;

/** Tenants for replay tests: their quota lets a test send its events as fast as it can. */
final class Tenanted {

    private Tenanted() {
    }

    /** Creates the tenant with a quota of its own far above what a test sends; returns a read and write key. */
    static String unlimited(Tenants tenants, ApiClient admin, String tenant) {
        tenants.create(tenant, tenant);
        ApiClient.Response quota = admin.put("/api/v1/admin/tenants/" + tenant + "/quota", "application/json",
                "{\"rate\": 10000000, \"burst\": 10000000}");
        assertThat(quota.status()).as(quota.toString()).isEqualTo(200);
        return tenants.issueKey(tenant, EnumSet.of(Scope.EVENTS_WRITE, Scope.EVENTS_READ), null).secret();
    }

    static String adminKey(Tenants tenants) {
        return tenants.issueKey(Tenants.PLATFORM_TENANT, EnumSet.of(Scope.ADMIN), null).secret();
    }
}
