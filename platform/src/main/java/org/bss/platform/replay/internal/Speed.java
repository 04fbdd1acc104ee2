package org.bss.platform.replay.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How fast a job sends: as fast as it can, a fixed number of events a second, or a multiple of the original pace. */
sealed interface Speed {

    Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*/s");
    Pattern MULTIPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*x");
    double MAX_RATE = 1_000_000;

    /** As fast as the store, the target and the yield rule allow. */
    record Max() implements Speed {
        @Override
        public String text() {
            return "max";
        }
    }

    /** A steady rate, events per second. */
    record Rate(double perSecond) implements Speed {
        @Override
        public String text() {
            return strip(perSecond) + "/s";
        }
    }

    /** The gaps between the events' times, divided by {@code factor} (1x: as they happened). */
    record Multiple(double factor) implements Speed {
        @Override
        public String text() {
            return strip(factor) + "x";
        }
    }

    /** As it is written in a job: {@code max}, {@code 500/s}, {@code 10x}. */
    String text();

    /** Reads {@code max}, {@code <n>/s} or {@code <n>x}; throws with the reason otherwise. */
    static Speed parse(String text) {
        if (text == null || text.isBlank() || text.strip().equalsIgnoreCase("max")) {
            return new Max();
        }
        String speed = text.strip().toLowerCase(Locale.ROOT);
        Matcher rate = RATE.matcher(speed);
        if (rate.matches()) {
            double perSecond = Double.parseDouble(rate.group(1));
            if (perSecond <= 0 || perSecond > MAX_RATE) {
                throw new IllegalArgumentException("a rate is more than 0 and at most 1000000 events/s: " + text);
            }
            return new Rate(perSecond);
        }
        Matcher multiple = MULTIPLE.matcher(speed);
        if (multiple.matches()) {
            double factor = Double.parseDouble(multiple.group(1));
            if (factor <= 0 || factor > MAX_RATE) {
                throw new IllegalArgumentException("a multiple of the original pace is more than 0 and at most 1000000: " + text);
            }
            return new Multiple(factor);
        }
        throw new IllegalArgumentException("speed is 'max', events per second ('500/s') or a multiple of the original pace ('10x'), not '"
                + text + "'");
    }

    private static String strip(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
