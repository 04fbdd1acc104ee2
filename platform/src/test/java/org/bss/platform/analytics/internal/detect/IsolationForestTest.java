package org.bss.platform.analytics.internal.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsolationForestTest {

    @Test
    void averagePathLengthFollowsThePaper() {
        assertThat(IsolationForest.averagePath(1)).isZero();
        assertThat(IsolationForest.averagePath(2)).isEqualTo(1);
        assertThat(IsolationForest.averagePath(256)).isCloseTo(10.24, within(0.01));
    }

    @Test
    void knownOutliersIn2dScoreAboveSevenTenthsAndInliersBelowSixTenths() {
        check(2, 1);
    }

    @Test
    void knownOutliersIn5dScoreAboveSevenTenthsAndInliersBelowSixTenths() {
        check(5, 2);
    }

    /**
     * A standard Gaussian cloud of 1,000 points and points six standard deviations out. The extended forest's scores
     * are more compressed (its hyperplanes cut off far corners less often), so it is held to ranking the outliers well
     * above every inlier rather than to 0.7.
     */
    private static void check(int dimensions, long seed) {
        Random random = new Random(seed);
        double[][] samples = new double[1000][dimensions];
        for (double[] sample : samples) {
            for (int d = 0; d < dimensions; d++) {
                sample[d] = random.nextGaussian();
            }
        }
        double[][] outliers = {fill(dimensions, 6), fill(dimensions, -6), alternating(dimensions)};
        double[][] inliers = new double[200][dimensions];
        for (double[] inlier : inliers) {
            for (int d = 0; d < dimensions; d++) {
                inlier[d] = Math.clamp(random.nextGaussian(), -1.5, 1.5);
            }
        }
        IsolationForest forest = IsolationForest.fit(samples, 42);
        IsolationForest extended = IsolationForest.fitExtended(samples, IsolationForest.TREES, IsolationForest.SAMPLE_SIZE, 42);
        double worstInlier = 0;
        double worstInlierExtended = 0;
        for (double[] inlier : inliers) {
            worstInlier = Math.max(worstInlier, forest.score(inlier));
            worstInlierExtended = Math.max(worstInlierExtended, extended.score(inlier));
        }
        assertThat(worstInlier).isLessThan(0.6);
        for (double[] outlier : outliers) {
            assertThat(forest.score(outlier)).as("outlier %s", Arrays.toString(outlier)).isGreaterThan(0.7);
            assertThat(extended.score(outlier)).as("outlier %s (extended)", Arrays.toString(outlier))
                    .isGreaterThan(Math.max(0.65, worstInlierExtended + 0.1));
        }
    }

    @Test
    void aSeedGivesTheSameForestAndAnotherSeedAnotherOne() {
        Random random = new Random(3);
        double[][] samples = new double[300][3];
        for (double[] sample : samples) {
            for (int d = 0; d < 3; d++) {
                sample[d] = random.nextGaussian();
            }
        }
        double[] point = {1.5, -0.5, 2};
        assertThat(IsolationForest.fit(samples, 7).score(point)).isEqualTo(IsolationForest.fit(samples, 7).score(point));
        assertThat(IsolationForest.fitExtended(samples, 50, 128, 7).score(point))
                .isEqualTo(IsolationForest.fitExtended(samples, 50, 128, 7).score(point));
        assertThat(IsolationForest.fit(samples, 7).score(point)).isNotEqualTo(IsolationForest.fit(samples, 8).score(point));
    }

    @Test
    void constantFeaturesAndTinySamplesAreHandled() {
        double[][] flat = {{1, 5}, {1, 5}, {1, 5}, {1, 6}};
        IsolationForest forest = IsolationForest.fit(flat, 10, 256, 1);
        assertThat(forest.score(new double[] {1, 5})).isBetween(0.0, 1.0);
        assertThat(forest.score(new double[] {1, 50})).isGreaterThan(forest.score(new double[] {1, 5}));
    }

    private static double[] fill(int dimensions, double value) {
        double[] point = new double[dimensions];
        Arrays.fill(point, value);
        return point;
    }

    private static double[] alternating(int dimensions) {
        double[] point = new double[dimensions];
        for (int d = 0; d < dimensions; d++) {
            point[d] = d % 2 == 0 ? -5 : 5;
        }
        return point;
    }
}
