package org.bss.platform.quota.internal;

import java.time.Duration;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import org.bss.platform.quota.QuotaProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.springframework.stereotype.Component;

/** A tenant's quota: its own, else the platform's default; cached, refreshed every 10 s. */
@Component
@ConditionalOnRole(Role.INGEST)
class TenantLimits {

    record Limit(long rate, long burst) {
    }

    private final JdbcClient jdbc;
    private final QuotaProperties defaults;
    private final LoadingCache<String, Limit> limits;
    private final LoadingCache<String, java.util.Optional<Limit>> keyLimits;

    TenantLimits(JdbcClient jdbc, QuotaProperties defaults) {
        this.jdbc = jdbc;
        this.defaults = defaults;
        this.limits = Caffeine.newBuilder().maximumSize(50_000).refreshAfterWrite(Duration.ofSeconds(10)).build(this::load);
        this.keyLimits = Caffeine.newBuilder().maximumSize(100_000).refreshAfterWrite(Duration.ofSeconds(10)).build(this::loadKey);
    }

    private java.util.Optional<Limit> loadKey(String keyId) {
        java.util.UUID id;
        try {
            id = java.util.UUID.fromString(keyId);
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty(); // a token's subject, not an API key
        }
        return jdbc.sql("select quota_rate, quota_burst from api_keys where key_id = ? and quota_rate is not null")
                .param(id)
                .query((rs, row) -> new Limit(rs.getLong("quota_rate"),
                        rs.getObject("quota_burst") == null ? rs.getLong("quota_rate") : rs.getLong("quota_burst")))
                .optional();
    }

    Limit of(String tenantId) {
        return limits.get(tenantId);
    }

    /** A key's own quota, when it has one (keys are UUIDs: they never clash with tenant ids in the cache). */
    java.util.Optional<Limit> ofKey(String keyId) {
        return keyLimits.get(keyId);
    }

    void forget(String tenantId) {
        limits.invalidate(tenantId);
        keyLimits.invalidateAll();
    }

    private Limit load(String tenantId) {
        return jdbc.sql("select quota_rate, quota_burst from tenants where tenant_id = ?").param(tenantId)
                .query((rs, row) -> new Limit(
                        rs.getObject("quota_rate") == null ? defaults.rate() : rs.getLong("quota_rate"),
                        rs.getObject("quota_burst") == null ? defaults.burst() : rs.getLong("quota_burst")))
                .optional().orElse(new Limit(defaults.rate(), defaults.burst()));
    }
}
