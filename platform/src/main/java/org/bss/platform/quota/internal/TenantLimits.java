package org.bss.platform.quota.internal;

import java.util.Optional;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.quota.QuotaProperties;
import org.bss.platform.tenancy.Tenant;
import org.bss.platform.tenancy.TenantDirectory;
import org.springframework.stereotype.Component;

/**
 * A tenant's quota: its own, else the platform's default; a key's own quota when it has one. Read from tenancy's
 * directory, whose cache every instance updates when a quota changes anywhere.
 */
@Component
@ConditionalOnRole(Role.INGEST)
class TenantLimits {

    record Limit(long rate, long burst) {
    }

    private final TenantDirectory directory;
    private final QuotaProperties defaults;

    TenantLimits(TenantDirectory directory, QuotaProperties defaults) {
        this.directory = directory;
        this.defaults = defaults;
    }

    Limit of(String tenantId) {
        return directory.tenant(tenantId).map(this::limit).orElse(new Limit(defaults.rate(), defaults.burst()));
    }

    private Limit limit(Tenant tenant) {
        return new Limit(tenant.quotaRate() == null ? defaults.rate() : tenant.quotaRate(),
                tenant.quotaBurst() == null ? defaults.burst() : tenant.quotaBurst());
    }

    /** A key's own quota, when it has one. */
    Optional<Limit> ofKey(String keyId) {
        return directory.keyQuota(keyId).map(quota -> new Limit(quota.rate(), quota.burst()));
    }
}
