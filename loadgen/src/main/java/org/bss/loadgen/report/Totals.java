package org.bss.loadgen.report;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything a run recorded so far. Latencies in milliseconds, from each request's due instant to its response, over
 * every response whatever its status.
 *
 * @param durationSeconds     from the start to the last closed interval
 * @param requests            requests sent
 * @param responses           requests answered (with any status, or 0 for a transport error / timeout)
 * @param latencyDistribution latency at each of {@link #DISTRIBUTION_PERCENTILES} and at 100 (the max); empty
 *                            without responses
 * @param intervals           every closed interval, oldest first
 * @param reads               the run's reads, apart from everything else: the other figures are the writes'
 * @param scheduledSeconds    how long the scenario lasts; 0 when not known
 * @param behindSeconds       how far behind its schedule the run was at the end (see {@link RunRecorder#departed})
 */
public record Totals(double durationSeconds, long requests, long responses, long eventsSent, long eventsAccepted,
        SortedMap<Integer, Long> statusCounts,
        double p50Ms, double p90Ms, double p99Ms, double p999Ms, double p9999Ms, double maxMs, double meanMs,
        List<PercentileValue> latencyDistribution, List<Interval> intervals, Reads reads, double scheduledSeconds,
        double behindSeconds) {

    /** The percentiles of {@link #latencyDistribution}, thicker towards the tail. */
    public static final List<Double> DISTRIBUTION_PERCENTILES = List.of(
            0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 75.0, 80.0, 85.0, 90.0, 92.5, 95.0, 96.25, 97.5, 98.0,
            98.75, 99.0, 99.5, 99.75, 99.9, 99.95, 99.99, 99.995, 99.999);

    /** The latency (ms) at a percentile of all responses. */
    public record PercentileValue(double percentile, double ms) {
    }

    public Totals {
        statusCounts = Collections.unmodifiableSortedMap(new TreeMap<>(statusCounts));
        latencyDistribution = List.copyOf(latencyDistribution);
        intervals = List.copyOf(intervals);
        Objects.requireNonNull(reads, "reads");
    }

    /** Responses with a 2xx status. */
    public long successes() {
        return statusCounts.entrySet().stream()
                .filter(e -> RunRecorder.isSuccess(e.getKey()))
                .mapToLong(SortedMap.Entry::getValue)
                .sum();
    }

    /** Responses that were not 2xx (transport errors and timeouts included). */
    public long errors() {
        return statusCounts.entrySet().stream()
                .filter(e -> !RunRecorder.isSuccess(e.getKey()))
                .mapToLong(SortedMap.Entry::getValue)
                .sum();
    }

    /** Requests sent and never answered (still in flight when these totals were taken). */
    public long unanswered() {
        return Math.max(0, requests - responses);
    }

    /** Fraction of requests sent that did not get a 2xx: errors and unanswered ones; 0 without requests. */
    public double errorRate() {
        return requests == 0 ? 0 : (double) (requests - successes()) / requests;
    }

    /** Events accepted per second over the whole run. */
    public double achievedPerSecond() {
        return durationSeconds > 0 ? eventsAccepted / durationSeconds : 0;
    }

    /** Reads answered per second over the whole run. */
    public double readsPerSecond() {
        return reads.perSecond(durationSeconds);
    }

    /** The events per second the run kept against those it asked for. */
    public Pace pace() {
        return new Pace(eventsSent, scheduledSeconds, eventsAccepted, behindSeconds);
    }

    /** The mean of the intervals' targets, weighted by their length; 0 without intervals. */
    public double meanTargetPerSecond() {
        double seconds = intervals.stream().mapToDouble(Interval::seconds).sum();
        return seconds > 0
                ? intervals.stream().mapToDouble(i -> i.targetPerSecond() * i.seconds()).sum() / seconds
                : 0;
    }
}
