package org.bss.platform.ops.internal;

import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.Arrays;
import java.util.List;

/**
 * Cumulative bucket counts of a timer (upper bounds in nanoseconds, counts of values at or below each), so that the
 * difference of two readings is the distribution of what was recorded between them.
 */
record Histogram(double[] upperBounds, double[] counts) {

    static final Histogram EMPTY = new Histogram(new double[0], new double[0]);

    static Histogram of(HistogramSnapshot snapshot) {
        CountAtBucket[] buckets = snapshot.histogramCounts();
        double[] bounds = new double[buckets.length];
        double[] counts = new double[buckets.length];
        for (int i = 0; i < buckets.length; i++) {
            bounds[i] = buckets[i].bucket();
            counts[i] = buckets[i].count();
        }
        return new Histogram(bounds, counts);
    }

    /** The sum of several timers' readings; they share their buckets when they share their settings. */
    static Histogram sum(List<Histogram> histograms) {
        Histogram total = EMPTY;
        for (Histogram h : histograms) {
            if (total.counts.length == 0) {
                total = h;
            } else if (Arrays.equals(total.upperBounds, h.upperBounds)) {
                double[] counts = total.counts.clone();
                for (int i = 0; i < counts.length; i++) {
                    counts[i] += h.counts[i];
                }
                total = new Histogram(total.upperBounds, counts);
            }
        }
        return total;
    }

    /** What was recorded since {@code before}, a reading of the same timers. */
    Histogram since(Histogram before) {
        if (!Arrays.equals(upperBounds, before.upperBounds)) {
            return this;
        }
        double[] delta = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            delta[i] = Math.max(0, counts[i] - before.counts[i]);
        }
        return new Histogram(upperBounds, delta);
    }

    /**
     * The q-quantile in milliseconds, interpolated linearly inside its bucket; null when nothing was recorded. Values
     * above the last bound are in no bucket, so they are left out (the timers' last bounds are minutes).
     */
    Double quantileMillis(double q) {
        double total = counts.length == 0 ? 0 : counts[counts.length - 1];
        if (total <= 0) {
            return null;
        }
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] >= rank) {
                double inBucket = counts[i] - lowerCount;
                double share = inBucket <= 0 ? 1 : (rank - lowerCount) / inBucket;
                return (lowerBound + share * (upperBounds[i] - lowerBound)) / 1e6;
            }
            lowerBound = upperBounds[i];
            lowerCount = counts[i];
        }
        return upperBounds[upperBounds.length - 1] / 1e6;
    }
}
