package org.bss.platform.analytics.internal.detect;

/**
 * How sensitive detection is for one tenant. {@link #defaults()} are what {@code SimulatedTrafficTest} measured: at most
 * about one false alert an hour for a tenant with a dozen metrics, and each injected fault caught within two windows.
 *
 * @param zWarning         robust and seasonal z-scores at least this large (either sign) are a warning
 * @param zCritical        ... and at least this large are critical
 * @param minHistory       windows a metric must have before robust-z or ewma judge it
 * @param ewmaK            the EWMA chart's width: a shift of the fast average beyond this many of its standard
 *                         deviations is a warning (critical at {@code ewmaK * zCritical / zWarning})
 * @param seasonalMinWeeks earlier weeks an hour of the week must have seen before the seasonal detector judges it
 * @param forestThreshold  isolation-forest scores at least this high are a warning (critical 0.1 higher)
 * @param forestMinHistory windows a tenant must have before its metrics are judged together
 * @param resolveAfter     consecutive windows without an anomalous verdict that resolve an open alert
 * @param minSpread        the smallest standard deviation assumed for any series, so that a flat count does not flag
 *                         a change of one (for ratios in percentage points; for amounts in money units at the level
 *                         of the series, see {@link MetricKind})
 * @param muted            no alert opens or escalates (open ones still resolve)
 */
public record Thresholds(double zWarning, double zCritical, int minHistory, double ewmaK, int seasonalMinWeeks,
        double forestThreshold, int forestMinHistory, int resolveAfter, double minSpread, boolean muted) {

    public Thresholds {
        require(Double.isFinite(zWarning) && zWarning > 0, "zWarning must be a positive number, was " + zWarning);
        require(Double.isFinite(zCritical) && zCritical >= zWarning,
                "zCritical must be at least zWarning (" + zWarning + "), was " + zCritical);
        require(minHistory >= 3 && minHistory <= RobustZ.BASELINE,
                "minHistory must be between 3 and " + RobustZ.BASELINE + " windows, was " + minHistory);
        require(Double.isFinite(ewmaK) && ewmaK > 0, "ewmaK must be a positive number, was " + ewmaK);
        require(seasonalMinWeeks >= 1 && seasonalMinWeeks <= 52,
                "seasonalMinWeeks must be between 1 and 52, was " + seasonalMinWeeks);
        require(forestThreshold > 0.5 && forestThreshold < 0.9,
                "forestThreshold must lie between 0.5 and 0.9 (scores near 0.5 are ordinary), was " + forestThreshold);
        require(forestMinHistory >= 16 && forestMinHistory <= Multivariate.HISTORY,
                "forestMinHistory must be between 16 and " + Multivariate.HISTORY + " windows, was " + forestMinHistory);
        require(resolveAfter >= 1, "resolveAfter must be at least 1 window, was " + resolveAfter);
        require(Double.isFinite(minSpread) && minSpread > 0, "minSpread must be a positive number, was " + minSpread);
    }

    public static Thresholds defaults() {
        return new Thresholds(4.0, 6.0, 10, 4.0, 2, 0.65, 30, 2, 1.0, false);
    }

    public Thresholds withMuted(boolean muted) {
        return new Thresholds(zWarning, zCritical, minHistory, ewmaK, seasonalMinWeeks, forestThreshold,
                forestMinHistory, resolveAfter, minSpread, muted);
    }

    /** The EWMA chart's critical width, as far beyond {@link #ewmaK} as the critical z is beyond the warning z. */
    double ewmaCritical() {
        return ewmaK * zCritical / zWarning;
    }

    /** The isolation-forest score that is critical. */
    double forestCritical() {
        return Math.min(forestThreshold + 0.1, 1);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
