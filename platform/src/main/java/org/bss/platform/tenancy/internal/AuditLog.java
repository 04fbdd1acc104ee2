package org.bss.platform.tenancy.internal;

import java.util.Map;
import org.bss.platform.tenancy.AuditTrail;
import org.bss.platform.tenancy.TenantPrincipal;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Who did what to which tenant; written in the transaction of the change it records. */
@Component
class AuditLog implements AuditTrail {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditLog(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public void record(TenantPrincipal actor, String action, String tenantId, Map<String, Object> details) {
        jdbc.sql("insert into admin_audit (actor, action, tenant_id, details) values (?, ?, ?, ?::jsonb)")
                .params(actor.tenantId() + "/" + actor.credentialId(), action, tenantId, json.writeValueAsString(details))
                .update();
    }
}
