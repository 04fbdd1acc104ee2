package org.bss.platform.analytics.internal.detect;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * What one detector made of one window.
 *
 * @param detector     who judged
 * @param severity     {@link Severity#NONE} when the window was normal
 * @param observed     the value judged: the window's value; for ewma the recent level (the fast average); for the
 *                     isolation forest the value of the metric that contributed most
 * @param expectedLow  the lower end of what the detector expected for {@code observed}
 * @param expectedHigh the upper end
 * @param score        the z-score (robust-z, seasonal), the shift in standard deviations of the fast average (ewma),
 *                     or the isolation score in (0, 1) (isolation-forest)
 * @param basis        how much history the judgement rests on: minutes for robust-z, ewma and the forest, earlier
 *                     weeks of this hour for seasonal
 * @param contributor  for the isolation forest, the metric that deviated most; otherwise null
 */
public record Verdict(Detector detector, Severity severity, double observed, double expectedLow, double expectedHigh,
        double score, int basis, String contributor) {

    public Verdict {
        if (detector == null || severity == null) {
            throw new IllegalArgumentException("a verdict needs a detector and a severity (NONE when normal)");
        }
    }

    public boolean anomalous() {
        return severity != Severity.NONE;
    }

    /** One sentence for a person: what was seen in which minute, against what was expected and why. */
    public String explain(String metric, Instant windowStart) {
        String minute = "the minute from " + clock(windowStart) + " UTC";
        String range = number(expectedLow) + "–" + number(expectedHigh);
        String where = observed > expectedHigh ? "above" : observed < expectedLow ? "below" : "within";
        return switch (detector) {
            case ROBUST_Z -> "%s was %s in %s, %s the %s that the robust z-score over the last %d minutes expected (z = %.1f)."
                    .formatted(metric, number(observed), minute, where, range, basis, score);
            case EWMA -> ("%s has run at %s a minute in the minutes up to %s, %s the %s that the EWMA level-shift chart"
                    + " expected around its long-run level (shift of %.1f standard deviations).")
                    .formatted(metric, number(observed), minute, where, range, score);
            case SEASONAL -> "%s was %s in %s, %s the %s usual for %s over the last %d weeks (z = %.1f)."
                    .formatted(metric, number(observed), minute, where, range, hourOfWeek(windowStart), basis, score);
            case ISOLATION_FOREST -> ("The tenant's metrics in %s were %s together (isolation-forest score %.2f against"
                    + " the last %d minutes); %s deviated most: %s, %s its usual %s.")
                    .formatted(minute, anomalous() ? "unusual" : "ordinary", score, basis,
                            contributor == null ? metric : contributor, number(observed), where, range);
        };
    }

    private static String clock(Instant instant) {
        ZonedDateTime utc = instant.atZone(ZoneOffset.UTC);
        return "%02d:%02d".formatted(utc.getHour(), utc.getMinute());
    }

    private static String hourOfWeek(Instant instant) {
        ZonedDateTime utc = instant.atZone(ZoneOffset.UTC);
        return "%ss %02d:00–%02d:00 UTC".formatted(utc.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH),
                utc.getHour(), (utc.getHour() + 1) % 24);
    }

    /** Whole numbers from 100 up, otherwise three significant digits: 412, 20313, 61.5, 0.0523. */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        if (Math.abs(value) >= 100 || value == Math.rint(value)) {
            return String.valueOf(Math.round(value));
        }
        return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
