package org.bss.platform.tenancy.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import com.github.benmanes.caffeine.cache.LoadingCache;
import org.bss.platform.PlatformProperties;
import org.bss.platform.tenancy.KeyQuota;
import org.bss.platform.tenancy.Tenant;
import org.bss.platform.tenancy.TenantChanged;
import org.bss.platform.tenancy.TenantDirectory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Tenants and key quotas from PostgreSQL, cached; a {@link TenantChanged} drops what it concerns. */
@Service
class JdbcTenantDirectory implements TenantDirectory {

    private static final String COLUMNS = "select tenant_id, status, quota_rate, quota_burst, retention_days from tenants";

    private final JdbcClient jdbc;
    private final LoadingCache<String, Optional<Tenant>> tenants;
    private final LoadingCache<UUID, Optional<KeyQuota>> keyQuotas;

    JdbcTenantDirectory(JdbcClient jdbc, PlatformProperties settings) {
        this.jdbc = jdbc;
        this.tenants = JdbcTenants.cache(100_000, settings.cacheRefresh(),
                tenantId -> jdbc.sql(COLUMNS + " where tenant_id = ?").param(tenantId).query(JdbcTenantDirectory::tenant).optional());
        this.keyQuotas = JdbcTenants.cache(100_000, settings.cacheRefresh(), this::loadKeyQuota);
    }

    @EventListener
    void on(TenantChanged changed) {
        tenants.invalidate(changed.tenantId());
        if (changed.keyId() != null) {
            keyQuotas.invalidate(changed.keyId());
        }
    }

    @Override
    public Optional<Tenant> tenant(String tenantId) {
        return tenants.get(tenantId);
    }

    @Override
    public Optional<KeyQuota> keyQuota(String keyId) {
        if (keyId == null || keyId.length() != 36) {
            return Optional.empty(); // a token's subject, not an API key
        }
        try {
            return keyQuotas.get(UUID.fromString(keyId));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<Tenant> all() {
        return jdbc.sql(COLUMNS + " order by tenant_id").query(JdbcTenantDirectory::tenant).list();
    }

    private Optional<KeyQuota> loadKeyQuota(UUID keyId) {
        return jdbc.sql("select quota_rate, quota_burst from api_keys where key_id = ? and quota_rate is not null")
                .param(keyId)
                .query((rs, row) -> new KeyQuota(rs.getLong("quota_rate"),
                        rs.getObject("quota_burst") == null ? rs.getLong("quota_rate") : rs.getLong("quota_burst")))
                .optional();
    }

    private static Tenant tenant(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Tenant(rs.getString("tenant_id"),
                rs.getString("status").equals("active") ? Tenant.Status.ACTIVE : Tenant.Status.DISABLED,
                rs.getObject("quota_rate") == null ? null : rs.getLong("quota_rate"),
                rs.getObject("quota_burst") == null ? null : rs.getLong("quota_burst"),
                rs.getObject("retention_days") == null ? null : rs.getInt("retention_days"));
    }
}
