package org.bss.platform.analytics.internal.detect;

/**
 * Events expected over a coming period, with a rough 95 % interval.
 *
 * @param expected the forecast total
 * @param low      the interval's lower end, never below zero
 * @param high     its upper end
 * @param daily    true when the forecast comes from the daily season of hourly counts, false from the 5-minute trend
 */
public record Forecast(double expected, double low, double high, boolean daily) {
}
