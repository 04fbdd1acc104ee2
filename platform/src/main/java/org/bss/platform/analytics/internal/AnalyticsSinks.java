package org.bss.platform.analytics.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.analytics.AnalyticsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reads what the analytics application writes (figures, alerts) into PostgreSQL, where the API reads them on any
 * instance; each in its own consumer group, committed reads only (the application writes in transactions). A
 * batch written again after a restart writes the same rows. Also the platform-wide gauges: the latest minute's
 * totals per metric over all tenants, the next hour's forecast, open alerts by severity.
 */
@Component
@ConditionalOnRole(Role.ANALYTICS)
class AnalyticsSinks {

    private static final Logger log = LoggerFactory.getLogger(AnalyticsSinks.class);
    private static final String SETTINGS = "@'bss.analytics-org.bss.platform.analytics.AnalyticsProperties'";

    private final AnalyticsStore store;
    private final AnalyticsProperties settings;
    private final Map<String, Map<String, Double>> latestMinute = new ConcurrentHashMap<>();
    private final Map<String, Double> forecasts = new ConcurrentHashMap<>();
    private final Map<String, Double> platformTotals = new ConcurrentHashMap<>();
    private final Timer delay;
    private final TenantGauges tenantGauges;
    private volatile long latestMinuteStart;
    private volatile long lastFigureWrittenAt;

    AnalyticsSinks(AnalyticsStore store, AnalyticsProperties settings, MeterRegistry meters, TenantGauges tenantGauges) {
        this.store = store;
        this.settings = settings;
        this.tenantGauges = tenantGauges;
        this.delay = Timer.builder("bss.analytics.delay")
                .description("From the acceptance of the newest event in a 1-minute figure to the figure in PostgreSQL")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(10)).register(meters);
        for (Metric metric : Metric.served()) {
            if (metric.kind() == Metric.Kind.COUNT) {
                Gauge.builder("bss.analytics.minute", platformTotals, totals -> totals.getOrDefault(metric.wire(), 0.0))
                        .description("The metric over all tenants in the latest complete minute")
                        .tag("name", metric.wire()).register(meters);
            }
        }
        Gauge.builder("bss.analytics.forecast.events", forecasts,
                        all -> all.values().stream().mapToDouble(Double::doubleValue).sum())
                .description("Events expected in the next hour, all tenants").register(meters);
        for (String severity : List.of("warning", "critical")) {
            Gauge.builder("bss.analytics.alerts.open", this, sinks -> sinks.open(severity))
                    .description("Alerts open").tag("severity", severity).register(meters);
        }
        Gauge.builder("bss.analytics.figures.age", this, sinks -> sinks.lastFigureWrittenAt == 0 ? 0
                        : (System.currentTimeMillis() - sinks.lastFigureWrittenAt) / 1000.0)
                .description("Seconds since a figure was last written (grows while analytics stalls)")
                .baseUnit("seconds").register(meters);
    }

    // Up to a second's figures in one batch: a window's figure changes every commit, and one statement of a few
    // thousand rows a second costs PostgreSQL far less than many small ones.
    @KafkaListener(id = "bss-analytics-figures", topics = "#{" + SETTINGS + ".aggregatedTopic()}",
            groupId = "bss-analytics-figures", properties = {"isolation.level=read_committed",
                    "fetch.min.bytes=1048576", "fetch.max.wait.ms=1000"})
    void onFigures(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, Figure> latest = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            Figure figure;
            try {
                figure = Figure.SERDE.deserializer().deserialize(record.topic(), record.value());
            } catch (RuntimeException e) {
                log.warn("Skipped a record of {} that is not a figure: {}", record.topic(), e.getMessage());
                continue;
            }
            if (figure == null || Window.labelled(figure.window()) == null) {
                continue;
            }
            latest.put(record.key(), figure);
            observe(figure);
            tenantGauges.observe(figure);
        }
        store.saveFigures(latest.values());
        long now = System.currentTimeMillis();
        lastFigureWrittenAt = now;
        for (Figure figure : latest.values()) {
            if (figure.latest() > 0 && figure.window().equals(Window.MINUTE.label()) && figure.dims().isEmpty()
                    && figure.name().equals(Metric.EVENTS.wire())) {
                delay.record(Math.max(0, now - figure.latest()), TimeUnit.MILLISECONDS);
            }
        }
    }

    @KafkaListener(id = "bss-analytics-alerts", topics = "#{" + SETTINGS + ".alertsTopic()}",
            groupId = "bss-analytics-alerts", properties = {"isolation.level=read_committed"})
    void onAlerts(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, Alert> latest = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                Alert alert = Alert.SERDE.deserializer().deserialize(record.topic(), record.value());
                if (alert != null) {
                    latest.put(alert.id(), alert);
                }
            } catch (RuntimeException e) {
                log.warn("Skipped a record of {} that is not an alert: {}", record.topic(), e.getMessage());
            }
        }
        store.saveAlerts(latest.values());
        openAlerts = null;
    }

    private volatile Map<String, Long> openAlerts;

    private double open(String severity) {
        Map<String, Long> counts = openAlerts;
        if (counts == null) {
            counts = new LinkedHashMap<>();
            for (Object[] row : store.openAlertCounts()) {
                counts.put((String) row[0], (Long) row[1]);
            }
            openAlerts = counts;
        }
        return counts.getOrDefault(severity, 0L);
    }

    private void observe(Figure figure) {
        if (figure.name().equals(Metric.FORECAST_EVENTS.wire())) {
            forecasts.put(figure.tenant(), figure.sum());
            return;
        }
        if (!figure.window().equals(Window.MINUTE.label()) || !figure.dims().isEmpty()
                || figure.tenant().equals(SeriesKey.PLATFORM)) {
            return;
        }
        long complete = Window.MINUTE.startOf(System.currentTimeMillis()) - Window.MINUTE.size().toMillis();
        if (figure.start() != complete) {
            return;
        }
        if (complete != latestMinuteStart) {
            latestMinuteStart = complete;
            latestMinute.clear();
        }
        latestMinute.computeIfAbsent(figure.name(), name -> new ConcurrentHashMap<>()).put(figure.tenant(), figure.value());
        Map<String, Double> totals = new LinkedHashMap<>();
        latestMinute.forEach((name, byTenant) -> totals.put(name,
                byTenant.values().stream().mapToDouble(Double::doubleValue).sum()));
        platformTotals.putAll(totals);
    }

    /** Forgets figures older than each window's setting, once an hour. */
    @Scheduled(fixedDelay = 3_600_000, initialDelay = 60_000)
    void forget() {
        Instant now = Instant.now();
        int minutes = store.forget(Window.MINUTE, now.minus(settings.keepMinutes()));
        int fiveMinutes = store.forget(Window.FIVE_MINUTES, now.minus(settings.keepFiveMinutes()));
        int hours = store.forget(Window.HOUR, now.minus(settings.keepHours()));
        log.debug("Forgot {} 1-minute, {} 5-minute and {} hourly figures", minutes, fiveMinutes, hours);
    }
}
