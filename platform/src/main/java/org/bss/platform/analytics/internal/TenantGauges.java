package org.bss.platform.analytics.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Each tenant's business figures and open alerts as gauges, for dashboards and alert rules:
 * <ul>
 * <li>{@code bss.analytics.tenant.minute} (tenant, name): a count metric's figure (orders, payments failed, ...)
 *     in the latest complete minute;</li>
 * <li>{@code bss.analytics.tenant.revenue} (tenant, name, currency): revenue.orders and revenue.payments, the same;</li>
 * <li>{@code bss.analytics.tenant.usage} (tenant, metric, unit): usage.quantity, the same, at most
 *     {@value #USAGE_SERIES} metric and unit pairs per tenant (the metric is the client's word);</li>
 * <li>{@code bss.analytics.tenant.alerts.open} (tenant, severity): alerts open, read from
 *     {@code analytics_alerts} every 10 s, 0 for every tenant with figures here.</li>
 * </ul>
 * The figures come from {@link AnalyticsSinks} as it reads them; an instance sees only the tenants' series on the
 * partitions it was given, and reports 0 for a series it no longer gets: rules take the maximum over instances.
 */
@Component
@ConditionalOnRole(Role.ANALYTICS)
class TenantGauges {

    static final int USAGE_SERIES = 20;

    private static final Logger log = LoggerFactory.getLogger(TenantGauges.class);
    private static final List<String> SEVERITIES = List.of("warning", "critical");
    private static final Set<Metric> REVENUE = Set.of(Metric.REVENUE_ORDERS, Metric.REVENUE_PAYMENTS);
    private static final Set<Metric> SERVED = Set.copyOf(Metric.served());

    private final JdbcClient jdbc;
    private final MeterRegistry registry;
    private final Map<Series, LatestMinute> figures = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> usageSeries = new ConcurrentHashMap<>();
    private final Map<Tags, AtomicLong> openAlerts = new ConcurrentHashMap<>();

    TenantGauges(JdbcClient jdbc, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.registry = registry;
    }

    /** A figure as the sink reads it; only tenants' 1-minute figures are kept. */
    void observe(Figure figure) {
        String tenant = figure.tenant();
        if (tenant.equals(SeriesKey.PLATFORM)) {
            return;
        }
        if (!figure.window().equals(Window.MINUTE.label())) {
            return;
        }
        Metric metric = Metric.named(figure.name());
        if (metric == null) {
            return;
        }
        Map<String, String> dims = Dims.parse(figure.dims());
        LatestMinute latest = null;
        if (metric.kind() == Metric.Kind.COUNT && dims.isEmpty() && SERVED.contains(metric)) {
            latest = latest(tenant, "bss.analytics.tenant.minute", Tags.of("name", metric.wire()),
                    "The tenant's figure of the metric in the latest complete minute");
        } else if (REVENUE.contains(metric) && dims.size() == 1 && dims.containsKey("currency")) {
            latest = latest(tenant, "bss.analytics.tenant.revenue", Tags.of("name", metric.wire(), "currency",
                    dims.get("currency")), "The tenant's revenue in the latest complete minute, by currency");
        } else if (metric == Metric.USAGE_QUANTITY && dims.size() == 2 && dims.containsKey("metric")
                && dims.containsKey("unit")) {
            latest = latest(tenant, "bss.analytics.tenant.usage", Tags.of("metric", dims.get("metric"), "unit",
                    dims.get("unit")), "The tenant's usage in the latest complete minute, by metric and unit");
        }
        if (latest != null) {
            latest.observe(figure.start(), figure.value());
        }
    }

    /** The series' gauge, made at its first figure; null for a usage series over the tenant's limit. */
    private LatestMinute latest(String tenant, String name, Tags dims, String description) {
        Series series = new Series(name, dims.and("tenant", tenant));
        LatestMinute latest = figures.get(series);
        if (latest != null) {
            return latest;
        }
        boolean usage = name.equals("bss.analytics.tenant.usage");
        AtomicInteger usageSeen = usage ? usageSeries.computeIfAbsent(tenant, t -> new AtomicInteger()) : null;
        if (usage && usageSeen.get() >= USAGE_SERIES) {
            return null;
        }
        return figures.computeIfAbsent(series, s -> {
            LatestMinute created = new LatestMinute();
            Gauge.builder(name, created, minute -> minute.complete(System.currentTimeMillis()))
                    .description(description).tags(s.tags()).register(registry);
            if (usage) {
                usageSeen.incrementAndGet();
            }
            tenantSeen(tenant);
            return created;
        });
    }

    private record Series(String name, Tags tags) {
    }

    private void tenantSeen(String tenant) {
        for (String severity : SEVERITIES) {
            alerts(Tags.of("tenant", tenant, "severity", severity));
        }
    }

    @Scheduled(fixedDelay = 10_000, initialDelay = 5_000)
    void refreshAlerts() {
        Map<Tags, Long> open = new HashMap<>();
        try {
            jdbc.sql("select tenant_id, severity, count(*) from analytics_alerts where state = 'open'"
                            + " group by tenant_id, severity")
                    .query(rs -> {
                        open.put(Tags.of("tenant", rs.getString(1), "severity", rs.getString(2)), rs.getLong(3));
                    });
        } catch (RuntimeException e) {
            log.debug("The open alerts could not be counted: {}", e.toString());
            return;
        }
        open.keySet().forEach(this::alerts);
        openAlerts.forEach((tags, count) -> count.set(open.getOrDefault(tags, 0L)));
    }

    private AtomicLong alerts(Tags tags) {
        return openAlerts.computeIfAbsent(tags, t -> {
            AtomicLong count = new AtomicLong();
            Gauge.builder("bss.analytics.tenant.alerts.open", count, AtomicLong::get)
                    .description("The tenant's anomaly alerts open, by severity").tags(t).register(registry);
            return count;
        });
    }
}
