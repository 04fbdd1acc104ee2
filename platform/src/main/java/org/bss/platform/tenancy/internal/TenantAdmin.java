package org.bss.platform.tenancy.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.bss.platform.bus.ControlEvents;
import org.bss.platform.tenancy.IssuedKey;
import org.bss.platform.tenancy.Scope;
import org.bss.platform.tenancy.TenantChanged;
import org.bss.platform.tenancy.TenantChanged.Change;
import org.bss.platform.tenancy.TenantPrincipal;
import org.bss.platform.tenancy.Tenants;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API's work: each change and its audit entry in one transaction; once committed, the change is
 * published to every instance ({@link TenantChanged}).
 */
@Service
@ConditionalOnRole(Role.INGEST)
class TenantAdmin {

    static final String PLATFORM = Tenants.PLATFORM_TENANT;

    private final JdbcClient jdbc;
    private final JdbcTenants tenants;
    private final JsonMapper json;
    private final AuditLog auditLog;
    private final ControlEvents control;

    TenantAdmin(JdbcClient jdbc, JdbcTenants tenants, JsonMapper json, AuditLog auditLog, ControlEvents control) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.json = json;
        this.auditLog = auditLog;
        this.control = control;
    }

    @Transactional
    void setQuota(TenantPrincipal actor, String tenantId, Long rate, Long burst) {
        jdbc.sql("update tenants set quota_rate = ?, quota_burst = ? where tenant_id = ?").params(rate, burst, tenantId).update();
        var details = new java.util.LinkedHashMap<String, Object>();
        details.put("rate", rate == null ? "default" : rate);
        details.put("burst", burst == null ? "default" : burst);
        audit(actor, "quota.set", tenantId, details);
        control.publish(TenantChanged.of(tenantId, Change.QUOTA));
    }

    /**
     * Applies the given settings of a tenant (a JSON merge patch: a setting not given stays; null means the
     * platform's default), audits them as one entry and tells every instance.
     */
    @Transactional
    void update(TenantPrincipal actor, String tenantId, TenantSettings settings) {
        var details = new java.util.LinkedHashMap<String, Object>();
        if (settings.quota() != null) {
            jdbc.sql("update tenants set quota_rate = ?, quota_burst = ? where tenant_id = ?")
                    .params(settings.quota().rate(), settings.quota().burst(), tenantId).update();
            details.put("rate", settings.quota().rate() == null ? "default" : settings.quota().rate());
            details.put("burst", settings.quota().burst() == null ? "default" : settings.quota().burst());
        }
        if (settings.retention() != null) {
            Integer days = settings.retention().days();
            jdbc.sql("update tenants set retention_days = ? where tenant_id = ?").params(days, tenantId).update();
            details.put("retentionDays", days == null ? "default" : days);
        }
        if (details.isEmpty()) {
            return;
        }
        audit(actor, "tenant.updated", tenantId, details);
        if (settings.quota() != null) {
            control.publish(TenantChanged.of(tenantId, Change.QUOTA));
        }
        if (settings.retention() != null) {
            control.publish(TenantChanged.of(tenantId, Change.RETENTION));
        }
    }

    @Transactional
    boolean createTenant(TenantPrincipal actor, String tenantId, String name) {
        boolean created = tenants.create(tenantId, name);
        if (created) {
            audit(actor, "tenant.created", tenantId, Map.of("name", name));
        }
        return created;
    }

    Optional<Map<String, Object>> tenant(String tenantId) {
        return jdbc.sql(TENANT_COLUMNS + " where tenant_id = ?").param(tenantId).query().listOfRows().stream().findFirst();
    }

    List<Map<String, Object>> tenants() {
        return jdbc.sql(TENANT_COLUMNS + " order by tenant_id").query().listOfRows();
    }

    @Transactional
    boolean setStatus(TenantPrincipal actor, String tenantId, String status) {
        boolean changed = jdbc.sql("update tenants set status = ? where tenant_id = ?").params(status, tenantId).update() == 1;
        if (changed) {
            boolean enabled = status.equals("active");
            audit(actor, enabled ? "tenant.enabled" : "tenant.disabled", tenantId, Map.of());
            control.publish(TenantChanged.of(tenantId, enabled ? Change.ENABLED : Change.DISABLED));
        }
        return changed;
    }

    @Transactional
    IssuedKey issueKey(TenantPrincipal actor, String tenantId, Set<Scope> scopes, Instant expiresAt) {
        IssuedKey key = tenants.issueKey(tenantId, scopes, expiresAt);
        audit(actor, "key.issued", tenantId, Map.of("keyId", key.keyId().toString(),
                "scopes", scopes.stream().map(Scope::value).sorted().toList(),
                "expiresAt", expiresAt == null ? "never" : expiresAt.toString()));
        return key;
    }

    @Transactional
    boolean setKeyQuota(TenantPrincipal actor, String tenantId, UUID keyId, Long rate, Long burst) {
        boolean changed = jdbc.sql("update api_keys set quota_rate = ?, quota_burst = ? where tenant_id = ? and key_id = ?")
                .params(rate, burst, tenantId, keyId).update() == 1;
        if (changed) {
            var details = new java.util.LinkedHashMap<String, Object>();
            details.put("keyId", keyId.toString());
            details.put("rate", rate == null ? "none" : rate);
            details.put("burst", burst == null ? "none" : burst);
            audit(actor, "key.quota.set", tenantId, details);
            control.publish(new TenantChanged(tenantId, Change.KEY_QUOTA, keyId));
        }
        return changed;
    }

    List<Map<String, Object>> keys(String tenantId) {
        return jdbc.sql("""
                select key_id as "keyId", key_prefix as "prefix", array_to_json(scopes) as "scopes",
                       quota_rate as "quotaRate", quota_burst as "quotaBurst",
                       created_at as "createdAt", expires_at as "expiresAt", revoked_at as "revokedAt"
                  from api_keys where tenant_id = ? order by created_at""")
                .param(tenantId).query().listOfRows().stream().map(this::withJson).toList();
    }

    @Transactional
    boolean revokeKey(TenantPrincipal actor, String tenantId, UUID keyId) {
        boolean revoked = jdbc.sql("""
                update api_keys set revoked_at = now() where tenant_id = ? and key_id = ? and revoked_at is null""")
                .params(tenantId, keyId).update() == 1;
        if (revoked) {
            audit(actor, "key.revoked", tenantId, Map.of("keyId", keyId.toString()));
            control.publish(new TenantChanged(tenantId, Change.KEY_REVOKED, keyId));
        }
        return revoked;
    }

    List<Map<String, Object>> audit(String tenantId, int limit) {
        return jdbc.sql("""
                select audit_id as "auditId", at, actor, action, tenant_id as "tenantId", details::text as details
                  from admin_audit where (?::text is null or tenant_id = ?) order by audit_id desc limit ?""")
                .params(tenantId, tenantId, limit).query().listOfRows().stream().map(this::withJson).toList();
    }

    private void audit(TenantPrincipal actor, String action, String tenantId, Map<String, Object> details) {
        auditLog.record(actor, action, tenantId, details);
    }

    /** JSON columns come back as text (or PGobject); give them back as JSON values. */
    private Map<String, Object> withJson(Map<String, Object> row) {
        var copy = new java.util.LinkedHashMap<String, Object>(row);
        for (String column : List.of("scopes", "details")) {
            Object value = copy.get(column);
            if (value != null) {
                copy.put(column, json.readTree(value.toString()));
            }
        }
        copy.replaceAll((name, value) -> value instanceof Timestamp t ? t.toInstant().toString() : value);
        return copy;
    }

    private static final String TENANT_COLUMNS = """
            select tenant_id as "tenantId", name, status,
                   retention_days as "retentionDays", quota_rate as "quotaRate", quota_burst as "quotaBurst",
                   created_at as "createdAt" from tenants""";
}
