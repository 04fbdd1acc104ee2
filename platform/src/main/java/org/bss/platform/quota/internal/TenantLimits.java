package org.bss.platform.quota.internal;

import java.time.Duration;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import org.bss.platform.quota.QuotaProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A tenant's quota: its own, else the platform's default; cached, refreshed every 10 s. */
@Component
class TenantLimits {

    record Limit(long rate, long burst) {
    }

    private final JdbcClient jdbc;
    private final QuotaProperties defaults;
    private final LoadingCache<String, Limit> limits;

    TenantLimits(JdbcClient jdbc, QuotaProperties defaults) {
        this.jdbc = jdbc;
        this.defaults = defaults;
        this.limits = Caffeine.newBuilder().maximumSize(50_000).refreshAfterWrite(Duration.ofSeconds(10)).build(this::load);
    }

    Limit of(String tenantId) {
        return limits.get(tenantId);
    }

    void forget(String tenantId) {
        limits.invalidate(tenantId);
    }

    private Limit load(String tenantId) {
        return jdbc.sql("select quota_rate, quota_burst from tenants where tenant_id = ?").param(tenantId)
                .query((rs, row) -> new Limit(
                        rs.getObject("quota_rate") == null ? defaults.rate() : rs.getLong("quota_rate"),
                        rs.getObject("quota_burst") == null ? defaults.burst() : rs.getLong("quota_burst")))
                .optional().orElse(new Limit(defaults.rate(), defaults.burst()));
    }
}
