package org.bss.platform.ingest.internal;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.bus.QualitySignal;
import org.bss.platform.quota.QuotaDecision;
import org.springframework.stereotype.Component;

/**
 * What ingest did with each tenant's events, for operators: {@code bss.ingest.events} by tenant and outcome
 * (accepted, refused, throttled with 429, unavailable with 503), {@code bss.ingest.refused} by tenant and reason, and
 * {@code bss.quota.used}, the share of the tenant's bucket its latest check found spent. Tenants are the registered
 * ones, so the label is bounded. A tenant's meters are built once, at its first request, all outcomes and reasons at
 * 0 (a rate then has a series from its first event on); a request costs a map look-up and counter increments.
 */
@Component
@ConditionalOnRole(Role.INGEST)
class IngestMeters {

    /** The refusals counted here: admission's reasons, and an event of a batch over the size limit. */
    static final List<String> REASONS = List.of("envelope", "tenant", "unknown-type", "schema", "rule", "too-large");

    private static final long QUOTA_FRESH_NANOS = 60_000_000_000L;

    private final MeterRegistry registry;
    private final Map<String, TenantMeters> tenants = new ConcurrentHashMap<>();

    IngestMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void accepted(String tenant, long events) {
        if (events > 0) {
            of(tenant).accepted.increment(events);
        }
    }

    void unavailable(String tenant, long events) {
        if (events > 0) {
            of(tenant).unavailable.increment(events);
        }
    }

    void refused(String tenant, QualitySignal.Reason reason, long events) {
        TenantMeters meters = of(tenant);
        meters.refused.increment(events);
        meters.byReason.get(reason).increment(events);
    }

    void tooLarge(String tenant, long events) {
        TenantMeters meters = of(tenant);
        meters.refused.increment(events);
        meters.tooLarge.increment(events);
    }

    /** Records a quota check: its throttled events when refused, and how much of the bucket is spent. */
    void quota(String tenant, QuotaDecision decision, long events) {
        TenantMeters meters = of(tenant);
        if (!decision.allowed()) {
            meters.throttled.increment(events);
        }
        meters.quotaUsed = decision.allowed() && decision.limit() > 0
                ? Math.min(1, Math.max(0, 1 - (double) decision.remaining() / decision.limit())) : 1;
        meters.quotaCheckedAt = System.nanoTime();
    }

    private TenantMeters of(String tenant) {
        TenantMeters meters = tenants.get(tenant);
        return meters != null ? meters : tenants.computeIfAbsent(tenant, t -> new TenantMeters(registry, t));
    }

    private static final class TenantMeters {

        final Counter accepted;
        final Counter refused;
        final Counter throttled;
        final Counter unavailable;
        final Map<QualitySignal.Reason, Counter> byReason = new EnumMap<>(QualitySignal.Reason.class);
        final Counter tooLarge;
        volatile double quotaUsed;
        volatile long quotaCheckedAt = System.nanoTime() - QUOTA_FRESH_NANOS;

        TenantMeters(MeterRegistry registry, String tenant) {
            accepted = outcome(registry, tenant, "accepted");
            refused = outcome(registry, tenant, "refused");
            throttled = outcome(registry, tenant, "throttled");
            unavailable = outcome(registry, tenant, "unavailable");
            for (QualitySignal.Reason reason : QualitySignal.Reason.values()) {
                if (REASONS.contains(reason.wireName())) {
                    byReason.put(reason, refusal(registry, tenant, reason.wireName()));
                }
            }
            tooLarge = refusal(registry, tenant, "too-large");
            Gauge.builder("bss.quota.used", this, TenantMeters::quotaUsed)
                    .description("Share of the tenant's token bucket spent at its latest quota check (1 when refused);"
                            + " 0 once it has asked nothing for a minute")
                    .baseUnit("ratio").tag("tenant", tenant).register(registry);
        }

        private double quotaUsed() {
            return System.nanoTime() - quotaCheckedAt < QUOTA_FRESH_NANOS ? quotaUsed : 0;
        }

        private static Counter outcome(MeterRegistry registry, String tenant, String outcome) {
            return Counter.builder("bss.ingest.events")
                    .description("Events a tenant sent, by what ingest answered: accepted, refused (400/403, a batch's"
                            + " event over the size limit), throttled (429), unavailable (503)")
                    .tag("tenant", tenant).tag("outcome", outcome).register(registry);
        }

        private static Counter refusal(MeterRegistry registry, String tenant, String reason) {
            return Counter.builder("bss.ingest.refused").description("Events of a tenant refused, by reason")
                    .tag("tenant", tenant).tag("reason", reason).register(registry);
        }
    }
}
