package org.bss.platform.analytics.internal.detect;

import java.util.Optional;

/**
 * A level-shift detector (EWMA control chart): a fast average of the metric against its slow, long-run level.
 *
 * <p>The fast average (α {@value #FAST}) has standard deviation σ_fast = σ·√(α/(2−α)) around a steady level; a window
 * whose fast average is more than {@code ewmaK}·σ_fast from the slow level (α {@value #LEVEL}) is a warning. This sees a
 * sustained shift of two or three σ within a few windows, which a single window's z-score may never reach. σ² is a
 * slower average (α {@value #VARIANCE}) of the squared deviation from the slow level, so it includes how far that level
 * lags behind traffic that ramps up and down through the day: a ramp widens the chart instead of tripping it, while a
 * sudden shift outruns the variance.
 *
 * @param n        windows seen
 * @param level    the slow average: the long-run level
 * @param variance σ², the slower average of the squared deviation from the level
 * @param fast     the fast average
 */
public record Ewma(int n, double level, double variance, double fast) {

    static final double LEVEL = 0.05;
    static final double VARIANCE = 0.02;
    static final double FAST = 0.3;
    static final double FAST_SPREAD = Math.sqrt(FAST / (2 - FAST));

    public Ewma {
        if (n < 0 || !(variance >= 0)) {
            throw new IllegalArgumentException("an EWMA state needs n >= 0 and a variance >= 0");
        }
    }

    public static Ewma empty() {
        return new Ewma(0, 0, 0, 0);
    }

    public static Optional<Verdict> decide(Ewma state, double x, MetricKind kind, Thresholds thresholds) {
        if (state.n < thresholds.minHistory()) {
            return Optional.empty();
        }
        double fast = state.fast + FAST * (x - state.fast);
        double spread = sigma(state, kind, thresholds) * FAST_SPREAD;
        double score = (fast - state.level) / spread;
        double reach = thresholds.ewmaK() * spread;
        return Optional.of(new Verdict(Detector.EWMA, Severity.of(score, thresholds.ewmaK(), thresholds.ewmaCritical()),
                fast, kind.low(state.level - reach), state.level + reach, score, state.n, null));
    }

    public static Ewma evolve(Ewma state, double x, MetricKind kind, Thresholds thresholds) {
        if (state.n == 0) {
            return new Ewma(1, x, 0, x);
        }
        double kept = x;
        // Clipped once the chart judges, so that one spike neither drags the level nor widens the chart for hours, nor
        // keeps the fast average (and the alert it opened) up for minutes after it passed.
        if (state.n >= thresholds.minHistory()) {
            double reach = thresholds.zWarning() * sigma(state, kind, thresholds);
            kept = Math.clamp(x, state.level - reach, state.level + reach);
        }
        double alpha = Math.max(1.0 / (state.n + 1), LEVEL);
        double beta = Math.max(1.0 / (state.n + 1), VARIANCE);
        double deviation = kept - state.level;
        return new Ewma(state.n + 1,
                state.level + alpha * deviation,
                (1 - beta) * (state.variance + beta * deviation * deviation),
                state.fast + FAST * (kept - state.fast));
    }

    private static double sigma(Ewma state, MetricKind kind, Thresholds thresholds) {
        return Math.max(Math.sqrt(state.variance), kind.floor(state.level, thresholds.minSpread()));
    }
}
