package org.bss.platform.analytics.internal.detect;

/**
 * What a metric's value is, which decides the smallest spread its detectors assume.
 *
 * <p>A count is at least as noisy as a Poisson count of the same mean, so its spread is never taken below the square
 * root of its level; an amount (a sum of money) and a ratio have no such law, and only {@code minSpread} bounds them
 * from below. For a ratio {@code minSpread} is read in percentage points, so the default of 1 means 0.01.
 */
public enum MetricKind {

    /** Events in the window: {@code events}, {@code orders.placed}, {@code orders.top_customer}. */
    COUNT,
    /** A sum of amounts, possibly negative: {@code revenue.orders}. */
    AMOUNT,
    /** A fraction between 0 and 1: {@code payments.failure_rate}. */
    RATIO;

    /** The smallest standard deviation assumed for a series of this kind at the given level. */
    double floor(double level, double minSpread) {
        return switch (this) {
            case COUNT -> Math.max(Math.sqrt(Math.max(level, 0)), minSpread);
            case AMOUNT -> minSpread;
            case RATIO -> minSpread / 100;
        };
    }

    /** The lower end of an expected range, which for counts and ratios is never below zero. */
    double low(double low) {
        return this == AMOUNT ? low : Math.max(low, 0);
    }
}
