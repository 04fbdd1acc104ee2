package org.bss.platform.analytics.internal.detect;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * All metrics of one tenant judged together: an {@link IsolationForest} over the vectors of the last
 * {@value #HISTORY} windows sees a combination that no metric shows alone, such as orders up while payments go down.
 *
 * <p>Each metric is first put in units of its own robust spread ((x − median) / 1.4826·MAD), so that big and small
 * metrics weigh alike; the vector is then whitened (decorrelated, with the covariance of the training rows), so that
 * a window that breaks a correlation the tenant's metrics usually keep lies far out in some direction, and the forest
 * cuts by random hyperplanes ({@link IsolationForest#fitExtended}), which find such a direction whatever it is.
 * Metrics that did not vary over the training rows are left out: the watches see them change. The verdict names the
 * metric that contributed most: the one whose robust deviation lies farthest from what the others' predict (for a
 * lone spike, simply the metric that spiked), with its value and its usual range (median ± zWarning robust spreads).
 *
 * <p>The forest is refitted every {@value #REFIT_EVERY} windows. It is not kept in the state (a hundred trees weigh far
 * more than the rows they are grown from): {@link #model} grows it again, deterministically, from the rows up to
 * {@link #fittedAt}, which is why {@value #REFIT_EVERY} rows more than {@value #HISTORY} are kept. A caller that keeps
 * each tenant's {@link Model} between windows grows it only when {@code fittedAt} changes.
 *
 * @param metrics  the metric names, in the order of every vector
 * @param rows     the last vectors, oldest first
 * @param seen     windows seen
 * @param fittedAt the window ({@code seen} at that time) up to which the current forest is grown, 0 for none yet
 */
public record Multivariate(List<String> metrics, double[][] rows, long seen, long fittedAt) {

    public static final int HISTORY = 240;
    static final int REFIT_EVERY = 10;
    private static final long SEED = 0x6a09e667f3bcc908L;
    /** Added to the covariance's diagonal (in units of robust spread²), so that exact relations stay invertible. */
    private static final double RIDGE = 1e-3;
    private static final double MEAN_ABSOLUTE_TO_SD = 1.2533;

    public Multivariate {
        metrics = List.copyOf(metrics);
        if (metrics.isEmpty() || rows.length > HISTORY + REFIT_EVERY || fittedAt > seen || rows.length > seen) {
            throw new IllegalArgumentException("a multivariate state needs metrics, at most "
                    + (HISTORY + REFIT_EVERY) + " rows, and fittedAt <= seen");
        }
        for (double[] row : rows) {
            requireWidth(metrics, row);
        }
    }

    public static Multivariate start(List<String> metrics) {
        return new Multivariate(metrics, new double[0][], 0, 0);
    }

    /**
     * The forest and the scales it was grown with.
     *
     * @param fittedAt  the state's {@code fittedAt} this model belongs to
     * @param trainedOn rows the forest was grown on
     * @param medians   per metric, over those rows
     * @param spreads   per metric, 1.4826·MAD over those rows (or 1.2533·mean absolute deviation when that is 0)
     * @param whitening the metrics that varied, their mean robust deviation, and the inverse Cholesky factor
     * @param forest    grown on the whitened training rows
     */
    public record Model(long fittedAt, int trainedOn, double[] medians, double[] spreads, Whitening whitening,
            IsolationForest forest) {
    }

    /**
     * Decorrelates the robust deviations of the metrics in {@code used}: y = L⁻¹ (z − mean), with L Lᵀ their covariance.
     * {@code precision} is the diagonal of the inverse covariance, which {@link #surprise} needs.
     */
    record Whitening(int[] used, double[] mean, double[][] lower, double[] precision) {

        static Whitening of(double[][] z) {
            int width = z[0].length;
            int[] used = java.util.stream.IntStream.range(0, width).filter(j -> varies(z, j)).toArray();
            int k = used.length;
            double[] mean = new double[k];
            for (double[] row : z) {
                for (int a = 0; a < k; a++) {
                    mean[a] += row[used[a]] / z.length;
                }
            }
            double[][] covariance = new double[k][k];
            for (double[] row : z) {
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b <= a; b++) {
                        covariance[a][b] += (row[used[a]] - mean[a]) * (row[used[b]] - mean[b]) / z.length;
                    }
                }
            }
            for (int a = 0; a < k; a++) {
                covariance[a][a] += RIDGE;
            }
            double[][] lower = cholesky(covariance);
            double[][] inverse = new double[k][k];
            double[] precision = new double[k];
            for (int c = 0; c < k; c++) {
                inverse[c][c] = 1 / lower[c][c];
                for (int i = c + 1; i < k; i++) {
                    double sum = 0;
                    for (int m = c; m < i; m++) {
                        sum += lower[i][m] * inverse[m][c];
                    }
                    inverse[i][c] = -sum / lower[i][i];
                }
                for (int i = c; i < k; i++) {
                    precision[c] += inverse[i][c] * inverse[i][c];
                }
            }
            return new Whitening(used, mean, lower, precision);
        }

        /**
         * For each used metric, how far (in standard deviations) its deviation lies from what the other metrics'
         * deviations predict: |(Σ⁻¹(z − mean))ₐ| / √(Σ⁻¹)ₐₐ, from the whitened y by solving Lᵀ w = y.
         */
        double[] surprise(double[] y) {
            int k = used.length;
            double[] w = new double[k];
            double[] surprise = new double[k];
            for (int a = k - 1; a >= 0; a--) {
                double sum = y[a];
                for (int b = a + 1; b < k; b++) {
                    sum -= lower[b][a] * w[b];
                }
                w[a] = sum / lower[a][a];
                surprise[a] = Math.abs(w[a]) / Math.sqrt(precision[a]);
            }
            return surprise;
        }

        double[] apply(double[] z) {
            int k = used.length;
            double[] y = new double[k];
            for (int a = 0; a < k; a++) {
                double sum = z[used[a]] - mean[a];
                for (int b = 0; b < a; b++) {
                    sum -= lower[a][b] * y[b];
                }
                y[a] = sum / lower[a][a];
            }
            return y;
        }

        private static boolean varies(double[][] z, int j) {
            for (double[] row : z) {
                if (row[j] != z[0][j]) {
                    return true;
                }
            }
            return false;
        }

        private static double[][] cholesky(double[][] a) {
            int k = a.length;
            double[][] l = new double[k][k];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j <= i; j++) {
                    double sum = a[i][j];
                    for (int m = 0; m < j; m++) {
                        sum -= l[i][m] * l[j][m];
                    }
                    l[i][j] = i == j ? Math.sqrt(Math.max(sum, RIDGE)) : sum / l[j][j];
                }
            }
            return l;
        }
    }

    /**
     * The model of the current fit; empty before the first. It grows a hundred trees (a few milliseconds; about 2 MB for
     * a dozen metrics): keep it per tenant while {@code fittedAt} stays the same, or grow it again each window.
     */
    public static Optional<Model> model(Multivariate state) {
        if (state.fittedAt == 0) {
            return Optional.empty();
        }
        int end = (int) (state.rows.length - (state.seen - state.fittedAt));
        double[][] training = Arrays.copyOfRange(state.rows, Math.max(0, end - HISTORY), end);
        int width = state.metrics.size();
        double[] medians = new double[width];
        double[] spreads = new double[width];
        double[] column = new double[training.length];
        for (int j = 0; j < width; j++) {
            for (int i = 0; i < training.length; i++) {
                column[i] = training[i][j];
            }
            Arrays.sort(column);
            medians[j] = RobustZ.median(column);
            double meanAbsolute = 0;
            for (int i = 0; i < column.length; i++) {
                column[i] = Math.abs(column[i] - medians[j]);
                meanAbsolute += column[i] / column.length;
            }
            Arrays.sort(column);
            // A metric that mostly holds one value (a MAD of 0) falls back on the mean absolute deviation.
            spreads[j] = Math.max(Math.max(RobustZ.MAD_TO_SD * RobustZ.median(column), MEAN_ABSOLUTE_TO_SD * meanAbsolute),
                    1e-6 * Math.max(Math.abs(medians[j]), 1));
        }
        double[][] z = new double[training.length][];
        for (int i = 0; i < training.length; i++) {
            z[i] = deviations(training[i], medians, spreads);
        }
        Whitening whitening = Whitening.of(z);
        double[][] whitened = new double[training.length][];
        for (int i = 0; i < training.length; i++) {
            whitened[i] = whitening.apply(z[i]);
        }
        IsolationForest forest = whitening.used().length == 0 ? null : IsolationForest.fitExtended(whitened,
                IsolationForest.TREES, IsolationForest.SAMPLE_SIZE, SEED ^ state.fittedAt);
        return Optional.of(new Model(state.fittedAt, training.length, medians, spreads, whitening, forest));
    }

    public static Optional<Verdict> decide(Multivariate state, double[] values, Thresholds thresholds) {
        return model(state).flatMap(model -> decide(state, model, values, thresholds));
    }

    /** As {@link #decide(Multivariate, double[], Thresholds)}, with the model of the state's current fit. */
    public static Optional<Verdict> decide(Multivariate state, Model model, double[] values, Thresholds thresholds) {
        requireWidth(state.metrics, values);
        if (model.fittedAt != state.fittedAt) {
            throw new IllegalArgumentException("the model was fitted at window " + model.fittedAt
                    + ", the state's forest at " + state.fittedAt + ": grow it again with model(state)");
        }
        if (model.trainedOn < thresholds.forestMinHistory() || model.forest == null) {
            return Optional.empty();
        }
        double[] z = deviations(values, model.medians, model.spreads);
        double[] y = model.whitening.apply(z);
        double score = model.forest.score(y);
        double[] surprise = model.whitening.surprise(y);
        int strongest = 0;
        for (int a = 1; a < surprise.length; a++) {
            if (surprise[a] > surprise[strongest]) {
                strongest = a;
            }
        }
        int top = model.whitening.used()[strongest];
        Severity severity = score >= thresholds.forestCritical() ? Severity.CRITICAL
                : score >= thresholds.forestThreshold() ? Severity.WARNING : Severity.NONE;
        double reach = thresholds.zWarning() * model.spreads[top];
        return Optional.of(new Verdict(Detector.ISOLATION_FOREST, severity, values[top], model.medians[top] - reach,
                model.medians[top] + reach, score, model.trainedOn, state.metrics.get(top)));
    }

    public static Multivariate evolve(Multivariate state, double[] values, Thresholds thresholds) {
        requireWidth(state.metrics, values);
        for (double value : values) {
            Watch.requireFinite(value);
        }
        int dropped = state.rows.length == HISTORY + REFIT_EVERY ? 1 : 0;
        double[][] rows = Arrays.copyOfRange(state.rows, dropped, state.rows.length + 1);
        rows[rows.length - 1] = values.clone();
        long seen = state.seen + 1;
        boolean enough = Math.min(rows.length, HISTORY) >= thresholds.forestMinHistory();
        boolean due = state.fittedAt == 0 || seen - state.fittedAt >= REFIT_EVERY;
        return new Multivariate(state.metrics, rows, seen, enough && due ? seen : state.fittedAt);
    }

    /** Each metric's robust deviation from its median. */
    private static double[] deviations(double[] values, double[] medians, double[] spreads) {
        double[] z = new double[values.length];
        for (int j = 0; j < values.length; j++) {
            z[j] = (values[j] - medians[j]) / spreads[j];
        }
        return z;
    }

    private static void requireWidth(List<String> metrics, double[] row) {
        if (row == null || row.length != metrics.size()) {
            throw new IllegalArgumentException("a vector has one value per metric " + metrics);
        }
    }
}
