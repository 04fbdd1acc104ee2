package org.bss.platform.analytics.internal.detect;

/**
 * What a metric's value is, which decides the scale its detectors judge it on and the smallest spread they assume.
 *
 * <p>A count is at least as noisy as a Poisson count of the same mean, so its spread is never taken below the square
 * root of its level. An amount (a sum of money) moves by factors: a minute's revenue is a sum of a few hundred prices
 * with a long tail, so one large order moves it further up than any order can move it down. It is judged on a log
 * scale ({@link #scaled}), where that noise is about symmetric and a doubling is the same step at any level; its
 * spread is at least {@code minSpread} money units at the level and at least {@value #AMOUNT_RELATIVE_FLOOR} (about
 * 1 %). A ratio is judged as it is, {@code minSpread} read in percentage points, so the default of 1 means 0.01.
 */
public enum MetricKind {

    /** Events in the window: {@code events}, {@code orders.placed}, {@code orders.customer_surge}. */
    COUNT,
    /** A sum of amounts, possibly negative: {@code revenue.orders}. */
    AMOUNT,
    /** A fraction between 0 and 1: {@code payments.failure_rate}. */
    RATIO;

    static final double AMOUNT_RELATIVE_FLOOR = 0.01;

    /** The value on the scale the detectors judge: sign(x)·ln(1 + |x|) for amounts, x itself otherwise. */
    double scaled(double x) {
        return this == AMOUNT ? Math.copySign(Math.log1p(Math.abs(x)), x) : x;
    }

    /** The inverse of {@link #scaled}: back to the metric's own units. */
    double unscaled(double y) {
        return this == AMOUNT ? Math.copySign(Math.expm1(Math.abs(y)), y) : y;
    }

    /** The smallest standard deviation assumed for a series of this kind at the given level, both on its scale. */
    double floor(double level, double minSpread) {
        return switch (this) {
            case COUNT -> Math.max(Math.sqrt(Math.max(level, 0)), minSpread);
            // d ln(1 + x) = dx / (1 + x): minSpread money units at the level, on the log scale.
            case AMOUNT -> Math.max(minSpread * Math.exp(-Math.abs(level)), AMOUNT_RELATIVE_FLOOR);
            case RATIO -> minSpread / 100;
        };
    }

    /** The lower end of an expected range, which for counts and ratios is never below zero. */
    double low(double low) {
        return this == AMOUNT ? low : Math.max(low, 0);
    }
}
