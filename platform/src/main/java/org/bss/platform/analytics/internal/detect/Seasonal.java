package org.bss.platform.analytics.internal.detect;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * A metric against what the same hour of the week usually brings: 168 buckets keyed by the window's start in UTC
 * (Monday 00:00 is bucket 0), each a running mean and variance of the minutes it has seen.
 *
 * <p>A bucket judges once it has seen {@code seasonalMinWeeks} earlier weeks; expected = mean ± zWarning·sd, with sd
 * floored like {@link RobustZ}'s scale. A bucket's memory is about {@value #MEMORY_WEEKS} weeks.
 *
 * @param mean     per bucket
 * @param variance per bucket
 * @param count    minutes each bucket has taken in
 * @param weeks    distinct weeks each bucket has seen
 * @param lastWeek the week (counted from the epoch, starting on Mondays) each bucket last saw, -1 for none
 */
public record Seasonal(double[] mean, double[] variance, int[] count, int[] weeks, int[] lastWeek) {

    public static final int BUCKETS = 168;
    static final int MEMORY_WEEKS = 4;
    private static final double ALPHA = 1.0 / (60 * MEMORY_WEEKS);
    private static final long HOUR = 3600;
    private static final long WEEK = 7 * 24 * HOUR;
    /** 1970-01-01 was a Thursday: three days on, weeks start on Mondays. */
    private static final long MONDAY_SHIFT = 3 * 24 * HOUR;

    public Seasonal {
        for (int length : new int[] {mean.length, variance.length, count.length, weeks.length, lastWeek.length}) {
            if (length != BUCKETS) {
                throw new IllegalArgumentException("a seasonal state has " + BUCKETS + " buckets, not " + length);
            }
        }
    }

    public static Seasonal empty() {
        int[] none = new int[BUCKETS];
        Arrays.fill(none, -1);
        return new Seasonal(new double[BUCKETS], new double[BUCKETS], new int[BUCKETS], new int[BUCKETS], none);
    }

    public static Optional<Verdict> decide(Seasonal state, double x, Instant windowStart, MetricKind kind,
            Thresholds thresholds) {
        int bucket = bucket(windowStart);
        int week = week(windowStart);
        int earlierWeeks = state.weeks[bucket] - (state.lastWeek[bucket] == week ? 1 : 0);
        if (earlierWeeks < thresholds.seasonalMinWeeks()) {
            return Optional.empty();
        }
        double mean = state.mean[bucket];
        double sd = Math.max(Math.sqrt(state.variance[bucket]), kind.floor(mean, thresholds.minSpread()));
        double z = (x - mean) / sd;
        double reach = thresholds.zWarning() * sd;
        return Optional.of(new Verdict(Detector.SEASONAL, Severity.of(z, thresholds.zWarning(), thresholds.zCritical()),
                x, kind.low(mean - reach), mean + reach, z, earlierWeeks, null));
    }

    public static Seasonal evolve(Seasonal state, double x, Instant windowStart, MetricKind kind,
            Thresholds thresholds) {
        double kept = decide(state, x, windowStart, kind, thresholds)
                .filter(Verdict::anomalous)
                .map(v -> Math.clamp(x, v.expectedLow(), v.expectedHigh()))
                .orElse(x);
        int bucket = bucket(windowStart);
        int week = week(windowStart);
        double[] mean = state.mean.clone();
        double[] variance = state.variance.clone();
        int[] count = state.count.clone();
        int[] weeks = state.weeks.clone();
        int[] lastWeek = state.lastWeek.clone();
        count[bucket]++;
        double alpha = Math.max(1.0 / count[bucket], ALPHA);
        double diff = kept - mean[bucket];
        mean[bucket] += alpha * diff;
        variance[bucket] = (1 - alpha) * (variance[bucket] + alpha * diff * diff);
        if (lastWeek[bucket] != week) {
            weeks[bucket]++;
            lastWeek[bucket] = week;
        }
        return new Seasonal(mean, variance, count, weeks, lastWeek);
    }

    /** The hour of the week in UTC, Monday 00:00–01:00 being 0. */
    static int bucket(Instant windowStart) {
        return (int) (Math.floorMod(windowStart.getEpochSecond() + MONDAY_SHIFT, WEEK) / HOUR);
    }

    static int week(Instant windowStart) {
        return (int) Math.floorDiv(windowStart.getEpochSecond() + MONDAY_SHIFT, WEEK);
    }
}
