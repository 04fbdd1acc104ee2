package org.bss.platform.analytics.internal.detect;

import java.util.Arrays;

/**
 * Additive Holt-Winters: a level, a trend and, when {@code period} > 0, a season of that many steps; with period 0,
 * Holt's linear trend alone. It starts once it has two steps (period 0) or two seasons: the level and trend from their
 * means, each step's season from its deviation from its season's mean averaged over the two.
 *
 * @param period        steps in a season, 0 for none
 * @param alpha         smoothing of the level
 * @param beta          smoothing of the trend
 * @param gamma         smoothing of the season
 * @param n             steps seen
 * @param level         the level after the last step
 * @param trend         change per step
 * @param season        per position in the season ({@code step % period}); empty with period 0
 * @param warmup        the first steps, until there are enough to start; then empty
 * @param errorVariance a running mean of the squared one-step-ahead errors
 */
public record HoltWinters(int period, double alpha, double beta, double gamma, long n, double level, double trend,
        double[] season, double[] warmup, double errorVariance) {

    private static final double ERROR_MEMORY = 0.05;

    public HoltWinters {
        if (period < 0 || season.length != period) {
            throw new IllegalArgumentException("a season of " + period + " steps needs as many seasonal values");
        }
        for (double smoothing : new double[] {alpha, beta, gamma}) {
            if (!(smoothing > 0 && smoothing < 1)) {
                throw new IllegalArgumentException("smoothing parameters lie strictly between 0 and 1");
            }
        }
    }

    /** α 0.3, β 0.05, γ 0.2: a level that follows within a few steps and a trend and season that change slowly. */
    public static HoltWinters start(int period) {
        return start(period, 0.3, 0.05, 0.2);
    }

    public static HoltWinters start(int period, double alpha, double beta, double gamma) {
        return new HoltWinters(period, alpha, beta, gamma, 0, 0, 0, new double[period], new double[0], 0);
    }

    public boolean ready() {
        return warmup.length == 0 && n > 0;
    }

    public double rmse() {
        return Math.sqrt(errorVariance);
    }

    public static HoltWinters update(HoltWinters s, double x) {
        Watch.requireFinite(x);
        if (!s.ready()) {
            double[] warmup = Arrays.copyOf(s.warmup, s.warmup.length + 1);
            warmup[warmup.length - 1] = x;
            return warmup.length < Math.max(2, 2 * s.period) ? s.withWarmup(warmup) : started(s, warmup);
        }
        int position = s.period == 0 ? 0 : (int) (s.n % s.period);
        double seasonal = s.period == 0 ? 0 : s.season[position];
        double error = x - (s.level + s.trend + seasonal);
        double level = s.alpha * (x - seasonal) + (1 - s.alpha) * (s.level + s.trend);
        double trend = s.beta * (level - s.level) + (1 - s.beta) * s.trend;
        double[] season = s.season;
        if (s.period > 0) {
            season = s.season.clone();
            season[position] = s.gamma * (x - level) + (1 - s.gamma) * seasonal;
        }
        long firstError = s.period == 0 ? 2 : s.period;
        double memory = Math.max(ERROR_MEMORY, 1.0 / (s.n - firstError + 1));
        return new HoltWinters(s.period, s.alpha, s.beta, s.gamma, s.n + 1, level, trend, season, s.warmup,
                s.errorVariance + memory * (error * error - s.errorVariance));
    }

    /** The next {@code steps} values, never below zero; before it has started, the mean of what it has seen. */
    public static double[] forecast(HoltWinters s, int steps) {
        double[] out = new double[steps];
        if (!s.ready()) {
            Arrays.fill(out, Math.max(0, Arrays.stream(s.warmup).average().orElse(0)));
            return out;
        }
        for (int h = 1; h <= steps; h++) {
            double seasonal = s.period == 0 ? 0 : s.season[(int) ((s.n + h - 1) % s.period)];
            out[h - 1] = Math.max(0, s.level + h * s.trend + seasonal);
        }
        return out;
    }

    private HoltWinters withWarmup(double[] warmup) {
        return new HoltWinters(period, alpha, beta, gamma, n + 1, level, trend, season, warmup, errorVariance);
    }

    /** Starts from the warm-up steps: components as of the end of the first season, then the second one replayed. */
    private static HoltWinters started(HoltWinters s, double[] warmup) {
        if (s.period == 0) {
            return new HoltWinters(0, s.alpha, s.beta, s.gamma, warmup.length, warmup[1], warmup[1] - warmup[0],
                    new double[0], new double[0], 0);
        }
        int m = s.period;
        double first = Arrays.stream(warmup, 0, m).average().orElseThrow();
        double second = Arrays.stream(warmup, m, 2 * m).average().orElseThrow();
        double trend = (second - first) / m;
        double[] season = new double[m];
        for (int i = 0; i < m; i++) {
            season[i] = ((warmup[i] - first) + (warmup[m + i] - second)) / 2;
        }
        HoltWinters state = new HoltWinters(m, s.alpha, s.beta, s.gamma, m, first + trend * (m - 1) / 2.0, trend,
                season, new double[0], 0);
        for (int i = m; i < 2 * m; i++) {
            state = update(state, warmup[i]);
        }
        return state;
    }
}
