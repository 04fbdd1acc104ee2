package org.bss.platform.analytics.internal.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bss.platform.analytics.internal.detect.Traffic.Fault;
import org.junit.jupiter.api.Test;

/**
 * The test behind {@link Thresholds#defaults()}: seeded traffic of tenants with twelve metrics, every window judged by
 * the watches and the multivariate detector and fed through the alert lifecycle, as the platform will.
 */
class SimulatedTrafficTest {

    static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
    static final Thresholds DEFAULTS = Thresholds.defaults();
    static final String TENANT_LEVEL = "tenant";

    record Alert(int minute, String metric, Verdict verdict) {
    }

    /** One tenant run through the detectors: the alerts opened and, per minute, the metrics judged anomalous. */
    static final class Run {
        final List<Alert> opened = new ArrayList<>();
        final Map<Integer, List<String>> anomalous = new TreeMap<>();

        Run(long seed, int minutes, Fault fault, int faultFrom, int faultWindows) {
            Traffic traffic = new Traffic(seed);
            int width = Traffic.METRICS.size();
            Watch[] watches = new Watch[width];
            AlertState[] alerts = new AlertState[width];
            for (int j = 0; j < width; j++) {
                watches[j] = Watch.start(Traffic.KINDS.get(j));
                alerts[j] = AlertState.NONE;
            }
            Multivariate tenant = Multivariate.start(Traffic.METRICS);
            AlertState tenantAlert = AlertState.NONE;
            Multivariate.Model model = null;
            for (int t = 0; t < minutes; t++) {
                boolean faulty = t >= faultFrom && t < faultFrom + faultWindows;
                double[] values = traffic.minute(t, faulty ? fault : Fault.NONE);
                Instant window = START.plus(Duration.ofMinutes(t));
                for (int j = 0; j < width; j++) {
                    List<Verdict> verdicts = Watch.decide(watches[j], values[j], window, DEFAULTS);
                    alerts[j] = step(alerts[j], verdicts, window, t, Traffic.METRICS.get(j));
                    watches[j] = Watch.evolve(watches[j], values[j], window, DEFAULTS);
                }
                if (tenant.fittedAt() > 0 && (model == null || model.fittedAt() != tenant.fittedAt())) {
                    model = Multivariate.model(tenant).orElseThrow();
                }
                List<Verdict> together = model == null ? List.of()
                        : Multivariate.decide(tenant, model, values, DEFAULTS).stream().toList();
                tenantAlert = step(tenantAlert, together, window, t, TENANT_LEVEL);
                tenant = Multivariate.evolve(tenant, values, DEFAULTS);
            }
        }

        private AlertState step(AlertState alert, List<Verdict> verdicts, Instant window, int t, String metric) {
            if (verdicts.stream().anyMatch(Verdict::anomalous)) {
                anomalous.computeIfAbsent(t, k -> new ArrayList<>()).add(metric);
            }
            AlertState.Step step = AlertState.step(alert, verdicts, window, DEFAULTS);
            for (AlertChange change : step.changes()) {
                if (change instanceof AlertChange.Opened o) {
                    opened.add(new Alert(t, metric, o.verdict()));
                }
            }
            return step.next();
        }

        /** Windows from {@code from} to the first in which {@code metric} was judged anomalous; -1 if never. */
        int delay(int from, String metric) {
            return anomalous.entrySet().stream()
                    .filter(e -> e.getKey() >= from && e.getValue().contains(metric))
                    .mapToInt(e -> e.getKey() - from).findFirst().orElse(-1);
        }
    }

    @Test
    void cleanTrafficRaisesAtMostAboutOneFalseAlertAnHourPerTenant() {
        int tenants = 6;
        int hours = 8;
        Map<Detector, Integer> byDetector = new EnumMap<>(Detector.class);
        for (Detector detector : Detector.values()) {
            byDetector.put(detector, 0);
        }
        List<Alert> all = new ArrayList<>();
        for (int seed = 1; seed <= tenants; seed++) {
            Run run = new Run(seed, hours * 60, Fault.NONE, -1, 0);
            all.addAll(run.opened);
        }
        all.forEach(a -> byDetector.merge(a.verdict().detector(), 1, Integer::sum));
        Map<String, Integer> byMetric = new TreeMap<>();
        all.forEach(a -> byMetric.merge(a.metric() + "/" + a.verdict().detector(), 1, Integer::sum));
        double perHour = all.size() / (double) (tenants * hours);
        long afterFirstHour = all.stream().filter(a -> a.minute() >= 60).count();
        double steadyPerHour = afterFirstHour / (double) (tenants * (hours - 1));
        String figures = "false alerts: %d in %d tenant-hours = %.2f per tenant-hour (%.2f after the first hour); by detector %s; by metric %s"
                .formatted(all.size(), tenants * hours, perHour, steadyPerHour, byDetector, byMetric);
        System.out.println(figures);
        assertThat(perHour).as(figures).isLessThanOrEqualTo(1.0);
    }

    @Test
    void eachInjectedFaultIsCaughtWithinTwoWindows() {
        Map<Fault, String> target = Map.of(Fault.FAILURE_SPIKE, "payments.failed", Fault.ORDER_DROP, "orders.placed",
                Fault.REVENUE_JUMP, "revenue.orders", Fault.CUSTOMER_BURST, "orders.top_customer",
                Fault.SILENCE, "events");
        int from = 150;
        StringBuilder figures = new StringBuilder();
        List<String> missed = new ArrayList<>();
        for (Fault fault : target.keySet().stream().sorted().toList()) {
            List<Integer> delays = new ArrayList<>();
            List<Integer> forest = new ArrayList<>();
            for (int seed = 11; seed <= 15; seed++) {
                Run run = new Run(seed, from + 20, fault, from, 5);
                int delay = run.delay(from, target.get(fault));
                delays.add(delay);
                forest.add(run.delay(from, TENANT_LEVEL));
                if (delay < 0 || delay > 1) {
                    missed.add(fault + " seed " + seed + " delay " + delay);
                }
            }
            figures.append("%s on %s: delay %s windows (isolation forest %s); ".formatted(fault, target.get(fault), delays, forest));
        }
        System.out.println(figures);
        assertThat(missed).as(figures.toString()).isEmpty();
    }
}
