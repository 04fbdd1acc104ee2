package org.bss.loadgen.run;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing of the command line's rates ("400000/min", "6667/s", "6667") and durations ("60s", "5m", "1h", "500ms"). */
public final class Rates {

    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)([km]?)(?:/(s|sec|min|m|h))?");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|min|h)?");

    private Rates() {
    }

    /** Events per second. */
    public static double perSecond(String text) {
        Matcher m = RATE.matcher(text.strip().toLowerCase(Locale.ROOT).replace("_", "").replace(",", ""));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a rate: use e.g. 400000/min, 400k/min, 6667/s or 6667 (per second)");
        }
        double value = Double.parseDouble(m.group(1)) * switch (m.group(2)) {
            case "k" -> 1_000;
            case "m" -> 1_000_000;
            default -> 1;
        };
        String unit = m.group(3) == null ? "s" : m.group(3);
        double rate = switch (unit) {
            case "min", "m" -> value / 60;
            case "h" -> value / 3600;
            default -> value;
        };
        return requirePositive(rate, "rate");
    }

    public static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: use e.g. 60s, 5m, 1h or 500ms");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> value;
            case "m", "min" -> value * 60_000;
            case "h" -> value * 3_600_000;
            default -> value * 1000;
        };
        return Duration.ofMillis(Math.round(millis));
    }

    static double requirePositive(double rate, String what) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException(what + " must be a positive number of events");
        }
        return rate;
    }
}
