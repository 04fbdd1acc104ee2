package org.bss.bench.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * What one scenario showed: what the clients got (answers by status, 0 for no answer), latency before, during and
 * after the fault, how long until the first 503 and until the steady rate came back, and what the store holds of
 * what was accepted.
 *
 * @param seconds         one entry a second of the run: {@code [start, accepted/s, target/s, p99 ms, 503s, no answers]}
 * @param statusCounts    answers by HTTP status over the whole run; 0 counts requests that got none
 * @param p99BeforeMs     the median of the 1-second p99s before the fault (of seconds that had answers)
 * @param p99DuringMs     the worst 1-second p99 while the fault lasted and until recovery
 * @param p99AfterMs      the median of the 1-second p99s of the last third of the time after the fault
 * @param first503Seconds seconds from the fault's start to the first 503, or -1 if none came
 * @param recoverySeconds seconds from the fault's end until the accepted rate held 90 % of the target for 5 s with
 *                        p99 back near its level before; -1 if it did not within the run
 * @param cpu             what each process used in the steady phase before the fault
 */
public record ScenarioResult(Scenario scenario, double faultFrom, double faultTo, Map<Integer, Long> statusCounts,
        double p99BeforeMs, double p99DuringMs, double p99AfterMs, double first503Seconds, double recoverySeconds,
        long accepted, long stored, long missing, long duplicated, long unacknowledged, int exitCode,
        List<double[]> seconds, String readModels, SteadyCpu cpu) {

    private static final int HELD_SECONDS = 5;

    public boolean exactlyOnce() {
        return missing == 0 && duplicated == 0 && accepted > 0;
    }

    public long count(int status) {
        return statusCounts.getOrDefault(status, 0L);
    }

    /** Answers with a status in {@code [from, to]}. */
    public long count(int from, int to) {
        return statusCounts.entrySet().stream().filter(e -> e.getKey() >= from && e.getKey() <= to)
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Microseconds of CPU per event accepted in the steady window before the fault, by part, and their total. */
    public Map<String, Double> cpuMicrosPerEvent() {
        return cpu.microsPerEvent(seconds);
    }

    public ScenarioResult withReadModels(String verdict) {
        return new ScenarioResult(scenario, faultFrom, faultTo, statusCounts, p99BeforeMs, p99DuringMs, p99AfterMs,
                first503Seconds, recoverySeconds, accepted, stored, missing, duplicated, unacknowledged, exitCode,
                seconds, verdict, cpu);
    }

    /** Reads the load generator's JSON report; the fault's start and end in seconds of its run. */
    static ScenarioResult of(Scenario scenario, JsonNode report, double faultFrom, double faultTo, int exitCode, SteadyCpu cpu) {
        Map<Integer, Long> statuses = new TreeMap<>();
        report.path("totals").path("statusCounts").properties()
                .forEach(e -> statuses.put(Integer.parseInt(e.getKey()), e.getValue().asLong()));
        List<double[]> seconds = new ArrayList<>();
        for (JsonNode interval : report.path("intervals")) {
            JsonNode counts = interval.path("statusCounts");
            seconds.add(new double[] {interval.path("startSeconds").asDouble(), interval.path("achievedPerSecond").asDouble(),
                    interval.path("targetPerSecond").asDouble(), interval.path("p99Ms").asDouble(),
                    counts.path("503").asDouble(), counts.path("0").asDouble()});
        }
        JsonNode verification = report.path("verification");
        double before = median(seconds.stream().filter(s -> s[0] + 1 <= faultFrom && s[3] > 0).mapToDouble(s -> s[3]).toArray());
        double recovery = recovery(seconds, faultTo, before);
        double recoveredAt = recovery < 0 ? Double.MAX_VALUE : faultTo + recovery;
        double during = seconds.stream().filter(s -> s[0] + 1 > faultFrom && s[0] < recoveredAt)
                .mapToDouble(s -> s[3]).max().orElse(0);
        double end = seconds.isEmpty() ? 0 : seconds.get(seconds.size() - 1)[0] + 1;
        double lastThird = end - (end - faultTo) / 3;
        double after = median(seconds.stream().filter(s -> s[0] >= lastThird && s[3] > 0).mapToDouble(s -> s[3]).toArray());
        double first503 = seconds.stream().filter(s -> s[0] + 1 > faultFrom && s[4] > 0).mapToDouble(s -> s[0])
                .findFirst().orElse(-1);
        return new ScenarioResult(scenario, faultFrom, faultTo, statuses, before, during, after,
                first503 < 0 ? -1 : Math.max(0, first503 - faultFrom), recovery,
                verification.path("accepted").asLong(), verification.path("stored").asLong(),
                verification.path("missing").asLong(), verification.path("duplicated").asLong(),
                verification.path("storedButNeverAcknowledged").asLong(), exitCode, seconds, "not checked", cpu);
    }

    /**
     * Seconds after {@code faultTo} until the first of {@value #HELD_SECONDS} seconds in a row that each accepted at
     * least 90 % of their target with a p99 under three times the steady one (and under 100 ms, whichever is more).
     */
    static double recovery(List<double[]> seconds, double faultTo, double steadyP99) {
        double limit = Math.max(100, 3 * steadyP99);
        int held = 0;
        for (int i = 0; i < seconds.size(); i++) {
            double[] s = seconds.get(i);
            if (s[0] + 1 <= faultTo) {
                continue;
            }
            boolean good = s[2] > 0 && s[1] >= 0.9 * s[2] && s[3] <= limit;
            held = good ? held + 1 : 0;
            if (held == HELD_SECONDS) {
                return Math.max(0, seconds.get(i - HELD_SECONDS + 1)[0] - faultTo);
            }
        }
        return -1;
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
