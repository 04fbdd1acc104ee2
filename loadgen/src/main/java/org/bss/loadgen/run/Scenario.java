package org.bss.loadgen.run;

import java.time.Duration;

/** How the target rate (events per second) moves over a run. */
public sealed interface Scenario permits Scenario.Constant, Scenario.Ramp, Scenario.Spike {

    /** Events per second the run asks for at this many seconds after its start. */
    double rateAt(double seconds);

    Duration duration();

    String name();

    /**
     * The same rate throughout: {@code steady}, or {@code soak} when held for a long time, so that what leaks, grows
     * or degrades shows up.
     */
    record Constant(String name, double rate, Duration duration) implements Scenario {
        public Constant {
            Rates.requirePositive(rate, "rate");
        }

        public static Constant steady(double rate, Duration duration) {
            return new Constant("steady", rate, duration);
        }

        public static Constant soak(double rate, Duration duration) {
            return new Constant("soak", rate, duration);
        }

        @Override
        public double rateAt(double seconds) {
            return rate;
        }
    }

    /** A straight line from one rate to another over the duration. */
    record Ramp(double from, double to, Duration duration) implements Scenario {
        public Ramp {
            Rates.requirePositive(from, "ramp start rate");
            Rates.requirePositive(to, "rate");
        }

        @Override
        public double rateAt(double seconds) {
            double fraction = Math.min(1, Math.max(0, seconds / (duration.toNanos() / 1e9)));
            return from + (to - from) * fraction;
        }

        @Override
        public String name() {
            return "ramp";
        }
    }

    /** The base rate, multiplied by factor between at and at + length. */
    record Spike(double rate, Duration duration, Duration at, Duration length, double factor) implements Scenario {
        public Spike {
            Rates.requirePositive(rate, "rate");
            Rates.requirePositive(factor, "spike factor");
            if (at.isNegative() || length.isNegative() || length.isZero()) {
                throw new IllegalArgumentException("the spike needs a start at or after 0 s and a positive length");
            }
        }

        @Override
        public double rateAt(double seconds) {
            double start = at.toNanos() / 1e9;
            double end = start + length.toNanos() / 1e9;
            return seconds >= start && seconds < end ? rate * factor : rate;
        }

        @Override
        public String name() {
            return "spike";
        }
    }
}
