package org.bss.loadgen.evaluate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Scores the platform's alerts against the labels of the anomalies a run injected. Pure: no clock, no I/O.
 *
 * <p>An alert matches a label of its tenant when the window it was seen in, [windowStart, windowStart + window),
 * overlaps the label's span stretched by the tolerance, [start, end + tolerance x window]: its windowStart lies in
 * (start - window, end + tolerance x window]. The window that holds the label's start counts although it begins
 * before it: windows are aligned to the clock and an anomaly is not. A label is detected when some alert matches it;
 * its delay is the first such alert's windowStart + window - start (when the window that saw it ended), and it was
 * detected in time when that delay is at most tolerance windows. Recall counts the labels detected in time.
 *
 * <p>Alerts matching no label are false alerts when the window they were seen in lies wholly within the span
 * [from, to); those seen outside it (after the run, say, when every tenant falls silent), or in the window the run
 * ended in (which had the traffic of part of a window only), are not scored. False alerts are counted per clean
 * tenant-hour: each tenant's span less the time its labels' matching intervals cover.
 */
public final class Scoring {

    /** Recall within the tolerance at or above this meets the target. */
    public static final double RECALL_TARGET = 0.95;
    /** False alerts per clean tenant-hour at or below this meet the target. */
    public static final double FALSE_ALERTS_PER_HOUR_TARGET = 1.0;

    private Scoring() {
    }

    /**
     * What to score: the span of the run, the detectors' window, how many windows after a label's start a detection
     * may come, and the tenants whose alerts were read.
     */
    public record Settings(Instant from, Instant to, Duration window, int tolerance, List<String> tenants) {
        public Settings {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (!to.isAfter(from)) {
                throw new IllegalArgumentException("the span to score is empty: from " + from + " to " + to);
            }
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("the window must be longer than 0");
            }
            if (tolerance < 1) {
                throw new IllegalArgumentException("the tolerance is at least 1 window: the one an anomaly began in");
            }
            tenants = List.copyOf(tenants);
        }

        Duration slack() {
            return window.multipliedBy(tolerance);
        }
    }

    /** How one label fared: the alerts that matched it, the first one's delay, what caught it. */
    public record LabelResult(Label label, List<Alert> alerts, Duration delay, boolean inTime, List<String> caughtBy) {
        public boolean detected() {
            return !alerts.isEmpty();
        }
    }

    /** The labels of one kind: how many, detected at all, detected in time, recall, median and longest delay. */
    public record KindResult(String kind, int labels, int detected, int inTime, double recall, Duration medianDelay,
            Duration maxDelay) {
    }

    /** One tenant's alerts within the span, those matching a label, the false ones, and its clean time. */
    public record TenantResult(String tenant, int alerts, int matching, int falseAlerts, double cleanHours) {
        public double falseAlertsPerHour() {
            return cleanHours > 0 ? falseAlerts / cleanHours : Double.NaN;
        }
    }

    /**
     * The whole score.
     *
     * @param scored      the alerts that count: matching a label, or seen within the span
     * @param falseAlerts the scored alerts that match no label
     * @param outside     alerts matching no label seen outside the span, not scored
     * @param openAtEnd   scored alerts still open when they were read
     */
    public record Evaluation(Settings settings, List<LabelResult> labels, List<KindResult> kinds, List<TenantResult> tenants,
            List<Alert> scored, List<Alert> falseAlerts, List<Alert> outside, List<Alert> openAtEnd) {

        public int detectedInTime() {
            return (int) labels.stream().filter(LabelResult::inTime).count();
        }

        /** Labels detected in time over all labels; NaN without labels. */
        public double recall() {
            return labels.isEmpty() ? Double.NaN : detectedInTime() / (double) labels.size();
        }

        public int matching() {
            return scored.size() - falseAlerts.size();
        }

        /** Alerts matching a label over the alerts scored; NaN without alerts. */
        public double precision() {
            return scored.isEmpty() ? Double.NaN : matching() / (double) scored.size();
        }

        public double cleanHours() {
            return tenants.stream().mapToDouble(TenantResult::cleanHours).sum();
        }

        /** False alerts per clean tenant-hour; NaN without clean time. */
        public double falseAlertsPerHour() {
            double hours = cleanHours();
            return hours > 0 ? falseAlerts.size() / hours : Double.NaN;
        }

        /** Met, or nothing to detect. */
        public boolean recallMet() {
            return labels.isEmpty() || recall() >= RECALL_TARGET;
        }

        /** Met, or no clean time and no false alert. */
        public boolean falseAlertsMet() {
            double rate = falseAlertsPerHour();
            return Double.isNaN(rate) ? falseAlerts.isEmpty() : rate <= FALSE_ALERTS_PER_HOUR_TARGET;
        }

        public boolean passed() {
            return recallMet() && falseAlertsMet();
        }
    }

    public static Evaluation score(Settings settings, List<Label> labels, List<Alert> alerts) {
        List<Alert> byTime = alerts.stream().sorted(Comparator.comparing(Alert::windowStart).thenComparing(Alert::id)).toList();
        Set<Alert> matched = new LinkedHashSet<>();
        List<LabelResult> labelResults = new ArrayList<>();
        for (Label label : labels) {
            List<Alert> matching = byTime.stream().filter(alert -> matches(settings, label, alert)).toList();
            matched.addAll(matching);
            Duration delay = matching.isEmpty() ? null
                    : Duration.between(label.start(), matching.getFirst().windowStart().plus(settings.window()));
            List<String> caughtBy = matching.stream().map(Alert::caughtBy).distinct().toList();
            labelResults.add(new LabelResult(label, matching, delay, delay != null && delay.compareTo(settings.slack()) <= 0,
                    caughtBy));
        }
        List<Alert> scored = new ArrayList<>();
        List<Alert> falseAlerts = new ArrayList<>();
        List<Alert> outside = new ArrayList<>();
        for (Alert alert : byTime) {
            boolean within = !alert.windowStart().isBefore(settings.from())
                    && !alert.windowStart().plus(settings.window()).isAfter(settings.to());
            if (matched.contains(alert)) {
                scored.add(alert);
            } else if (within) {
                scored.add(alert);
                falseAlerts.add(alert);
            } else {
                outside.add(alert);
            }
        }
        return new Evaluation(settings, labelResults, kinds(labelResults), tenants(settings, labels, scored, falseAlerts),
                scored, falseAlerts, outside, scored.stream().filter(Alert::open).toList());
    }

    static boolean matches(Settings settings, Label label, Alert alert) {
        return alert.tenant().equals(label.tenant())
                && alert.windowStart().isAfter(label.start().minus(settings.window()))
                && !alert.windowStart().isAfter(label.end().plus(settings.slack()));
    }

    private static List<KindResult> kinds(List<LabelResult> labels) {
        Map<String, List<LabelResult>> byKind = new LinkedHashMap<>();
        labels.forEach(result -> byKind.computeIfAbsent(result.label().kind(), k -> new ArrayList<>()).add(result));
        List<KindResult> kinds = new ArrayList<>();
        byKind.forEach((kind, results) -> {
            List<Duration> delays = results.stream().filter(LabelResult::detected).map(LabelResult::delay).sorted().toList();
            int inTime = (int) results.stream().filter(LabelResult::inTime).count();
            kinds.add(new KindResult(kind, results.size(), delays.size(), inTime, inTime / (double) results.size(),
                    median(delays), delays.isEmpty() ? null : delays.getLast()));
        });
        return kinds;
    }

    /** The middle of sorted durations (the mean of the two middle ones for an even count); null for none. */
    static Duration median(List<Duration> sorted) {
        if (sorted.isEmpty()) {
            return null;
        }
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : sorted.get(middle - 1).plus(sorted.get(middle)).dividedBy(2);
    }

    private static List<TenantResult> tenants(Settings settings, List<Label> labels, List<Alert> scored, List<Alert> falseAlerts) {
        Set<String> tenants = new LinkedHashSet<>(settings.tenants());
        scored.forEach(alert -> tenants.add(alert.tenant()));
        List<TenantResult> results = new ArrayList<>();
        for (String tenant : tenants) {
            List<Label> own = labels.stream().filter(label -> label.tenant().equals(tenant)).toList();
            long clean = Duration.between(settings.from(), settings.to()).toMillis() - labelledMillis(settings, own);
            int alerts = (int) scored.stream().filter(alert -> alert.tenant().equals(tenant)).count();
            int falses = (int) falseAlerts.stream().filter(alert -> alert.tenant().equals(tenant)).count();
            results.add(new TenantResult(tenant, alerts, alerts - falses, falses, clean / 3_600_000.0));
        }
        return results;
    }

    /** How much of the span the labels' matching intervals cover, overlaps counted once. */
    private static long labelledMillis(Settings settings, List<Label> labels) {
        long from = settings.from().toEpochMilli();
        long to = settings.to().toEpochMilli();
        List<long[]> intervals = new ArrayList<>();
        for (Label label : labels) {
            long start = Math.max(from, label.start().minus(settings.window()).toEpochMilli());
            long end = Math.min(to, label.end().plus(settings.slack()).toEpochMilli());
            if (end > start) {
                intervals.add(new long[] {start, end});
            }
        }
        intervals.sort(Comparator.comparingLong(interval -> interval[0]));
        long covered = 0;
        long reached = Long.MIN_VALUE;
        for (long[] interval : intervals) {
            long start = Math.max(interval[0], reached);
            if (interval[1] > start) {
                covered += interval[1] - start;
            }
            reached = Math.max(reached, interval[1]);
        }
        return covered;
    }
}
