package org.bss.platform.analytics.internal.detect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One metric of one tenant: its robust-z, EWMA and seasonal states together.
 *
 * <p>The detectors hold and judge the values on the kind's scale ({@link MetricKind#scaled}: amounts on a log scale);
 * the verdicts returned are in the metric's own units.
 *
 * <p>Once the seasonal detector knows the window's hour of the week and finds the value usual for it, it overrules the
 * other two: a Monday-morning peak is a rise against the last hour but not news. Their verdicts are then returned
 * with severity {@link Severity#NONE}.
 */
public record Watch(MetricKind kind, RobustZ robustZ, Ewma ewma, Seasonal seasonal) {

    public Watch {
        if (kind == null || robustZ == null || ewma == null || seasonal == null) {
            throw new IllegalArgumentException("a watch needs a kind and all three detector states");
        }
    }

    public static Watch start(MetricKind kind) {
        return new Watch(kind, RobustZ.empty(), Ewma.empty(), Seasonal.empty());
    }

    /** The verdicts of the detectors that have history enough to judge, in detector order. */
    public static List<Verdict> decide(Watch watch, double x, Instant windowStart, Thresholds thresholds) {
        requireFinite(x);
        MetricKind kind = watch.kind;
        double y = kind.scaled(x);
        Optional<Verdict> seasonal = Seasonal.decide(watch.seasonal, y, windowStart, kind, thresholds);
        boolean usualForTheHour = seasonal.isPresent() && !seasonal.get().anomalous();
        List<Verdict> verdicts = new ArrayList<>(3);
        for (Optional<Verdict> shortMemory : List.of(
                RobustZ.decide(watch.robustZ, y, kind, thresholds),
                Ewma.decide(watch.ewma, y, kind, thresholds))) {
            shortMemory.map(v -> usualForTheHour ? overruled(v) : v).map(v -> unscaled(v, kind)).ifPresent(verdicts::add);
        }
        seasonal.map(v -> unscaled(v, kind)).ifPresent(verdicts::add);
        return verdicts;
    }

    public static Watch evolve(Watch watch, double x, Instant windowStart, Thresholds thresholds) {
        requireFinite(x);
        double y = watch.kind.scaled(x);
        return new Watch(watch.kind,
                RobustZ.evolve(watch.robustZ, y, watch.kind, thresholds),
                Ewma.evolve(watch.ewma, y, watch.kind, thresholds),
                Seasonal.evolve(watch.seasonal, y, windowStart, watch.kind, thresholds));
    }

    private static Verdict overruled(Verdict v) {
        return new Verdict(v.detector(), Severity.NONE, v.observed(), v.expectedLow(), v.expectedHigh(), v.score(),
                v.basis(), v.contributor());
    }

    private static Verdict unscaled(Verdict v, MetricKind kind) {
        return new Verdict(v.detector(), v.severity(), kind.unscaled(v.observed()), kind.unscaled(v.expectedLow()),
                kind.unscaled(v.expectedHigh()), v.score(), v.basis(), v.contributor());
    }

    static void requireFinite(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("a window's value must be a finite number (0 when nothing happened), was " + x);
        }
    }
}
