package org.bss.platform.analytics.internal.detect;

import java.util.Arrays;
import java.util.Optional;

/**
 * A metric against the median of its last {@value #BASELINE} windows, in units of a robust spread.
 *
 * <p>scale = max(1.4826·MAD, the kind's floor: √median for counts, {@code minSpread}); z = (x − median) / scale. A
 * window is a warning at |z| ≥ {@code zWarning}, critical at |z| ≥ {@code zCritical}, both widened while the baseline
 * is short ({@link #widened}); nothing is judged before {@code minHistory} windows.
 *
 * @param recent        the last values, oldest first, at most {@value #BASELINE}
 * @param anomalousRun  how many windows in a row were anomalous up to the last one
 */
public record RobustZ(double[] recent, int anomalousRun) {

    public static final int BASELINE = 60;
    /** After this many anomalous windows in a row values enter the baseline as they are. */
    static final int CLIPPED_AT_MOST = 15;
    static final double MAD_TO_SD = 1.4826;

    public RobustZ {
        if (recent == null || recent.length > BASELINE || anomalousRun < 0) {
            throw new IllegalArgumentException("a robust-z state holds at most " + BASELINE + " values");
        }
    }

    public static RobustZ empty() {
        return new RobustZ(new double[0], 0);
    }

    public static Optional<Verdict> decide(RobustZ state, double x, MetricKind kind, Thresholds thresholds) {
        return state.recent.length < thresholds.minHistory()
                ? Optional.empty()
                : Optional.of(judge(state.recent, x, kind, thresholds));
    }

    public static RobustZ evolve(RobustZ state, double x, MetricKind kind, Thresholds thresholds) {
        double kept = x;
        int run = 0;
        Optional<Verdict> verdict = decide(state, x, kind, thresholds);
        if (verdict.isPresent() && verdict.get().anomalous()) {
            run = state.anomalousRun + 1;
            // Clipped to the expected range, a spike barely moves the baseline; a change that lasts past
            // CLIPPED_AT_MOST windows is taken as it is, so it becomes the new baseline within the hour.
            if (run <= CLIPPED_AT_MOST) {
                kept = Math.clamp(x, verdict.get().expectedLow(), verdict.get().expectedHigh());
            }
        }
        double[] recent = state.recent;
        int dropped = recent.length == BASELINE ? 1 : 0;
        double[] next = Arrays.copyOfRange(recent, dropped, recent.length + 1);
        next[next.length - 1] = kept;
        return new RobustZ(next, run);
    }

    private static Verdict judge(double[] recent, double x, MetricKind kind, Thresholds thresholds) {
        double[] sorted = recent.clone();
        Arrays.sort(sorted);
        double median = median(sorted);
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = Math.abs(sorted[i] - median);
        }
        Arrays.sort(sorted);
        double scale = Math.max(MAD_TO_SD * median(sorted), kind.floor(median, thresholds.minSpread()));
        double z = (x - median) / scale;
        int freedom = recent.length - 1;
        double warning = widened(thresholds.zWarning(), freedom);
        double reach = warning * scale;
        return new Verdict(Detector.ROBUST_Z, Severity.of(z, warning, widened(thresholds.zCritical(), freedom)), x,
                kind.low(median - reach), median + reach, z, recent.length, null);
    }

    /**
     * A bound set as a z-score, as wide as Student's t with {@code freedom} degrees of freedom at the same tail
     * probability (Cornish-Fisher): the spread is itself estimated from the baseline, so ten windows' spread may be a
     * third too small, and 4 becomes 6.9; sixty windows' is close, and 4 becomes 4.3. Never more than twice the bound:
     * a baseline of a few windows (a tenant's {@code minHistory} may be 3) would otherwise judge nothing at all.
     */
    static double widened(double z, int freedom) {
        double v = Math.max(freedom, 1);
        double z3 = z * z * z;
        double z5 = z3 * z * z;
        double z7 = z5 * z * z;
        double t = z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v)
                + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v);
        return Math.min(t, 2 * z);
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
