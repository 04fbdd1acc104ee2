package org.bss.platform.analytics.internal.detect;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * An isolation forest: random splits isolate an outlier in fewer steps than an inlier. Each tree is grown on a
 * subsample of size ψ down to height ⌈log₂ ψ⌉; a point's score is 2^(−E[h(x)] / c(ψ)), where h is its path length
 * (plus c(size) for the points its leaf still held) and c(n) the average path length of an unsuccessful search in a
 * binary search tree of n points. Scores near 1 are outliers; scores well below 0.5 are comfortably normal. Fitting is
 * deterministic for a seed, and a fitted forest is immutable.
 *
 * <p>{@link #fit} splits on one feature at a time (Liu, Ting and Zhou, 2008). {@link #fitExtended} splits by random
 * hyperplanes (Hariri, Kind and Brunner, 2019): it sees a point that breaks a correlation between features, which
 * axis-parallel cuts find only when they happen to pick the one direction that matters.
 */
public final class IsolationForest {

    public static final int TREES = 100;
    public static final int SAMPLE_SIZE = 256;
    private static final double EULER_GAMMA = 0.5772156649015329;

    private final Tree[] trees;
    private final int dimensions;
    private final double averagePath;

    /**
     * A tree in preorder: node i's left child is i + 1, its right child {@code right[i]}; leaves have feature -1. An
     * axis-parallel split compares feature {@code feature[i]} with {@code split[i]}; a hyperplane split (normals not
     * null, feature 0) compares the dot product with {@code normals[i·d, (i+1)·d)}, kept as floats to halve the
     * weight of a forest that a caller may keep for each tenant.
     */
    private record Tree(int[] feature, double[] split, int[] right, int[] size, float[] normals) {
    }

    private IsolationForest(Tree[] trees, int dimensions, int sampleSize) {
        this.trees = trees;
        this.dimensions = dimensions;
        this.averagePath = averagePath(sampleSize);
    }

    public static IsolationForest fit(double[][] samples, long seed) {
        return fit(samples, TREES, SAMPLE_SIZE, seed);
    }

    /** A forest of axis-parallel splits. */
    public static IsolationForest fit(double[][] samples, int trees, int sampleSize, long seed) {
        return grow(samples, trees, sampleSize, seed, false);
    }

    /** A forest of random-hyperplane splits; give it features of comparable scale (whitened, ideally). */
    public static IsolationForest fitExtended(double[][] samples, int trees, int sampleSize, long seed) {
        return grow(samples, trees, sampleSize, seed, true);
    }

    private static IsolationForest grow(double[][] samples, int trees, int sampleSize, long seed, boolean hyperplanes) {
        if (samples.length < 2 || trees < 1 || sampleSize < 2) {
            throw new IllegalArgumentException("an isolation forest needs at least 2 samples, 1 tree and a sample size of 2");
        }
        int dimensions = samples[0].length;
        for (double[] sample : samples) {
            if (sample.length != dimensions) {
                throw new IllegalArgumentException("all samples must have " + dimensions + " dimensions");
            }
        }
        int size = Math.min(sampleSize, samples.length);
        int heightLimit = (int) Math.ceil(Math.log(size) / Math.log(2));
        SplittableRandom random = new SplittableRandom(seed);
        int[] all = new int[samples.length];
        Arrays.setAll(all, i -> i);
        Tree[] grown = new Tree[trees];
        for (int t = 0; t < trees; t++) {
            for (int i = 0; i < size; i++) {
                int j = i + random.nextInt(all.length - i);
                int swap = all[i];
                all[i] = all[j];
                all[j] = swap;
            }
            grown[t] = new Grower(samples, dimensions, heightLimit, size, random, hyperplanes).grow(all.clone());
        }
        return new IsolationForest(grown, dimensions, size);
    }

    /** The anomaly score of a point, in (0, 1). */
    public double score(double[] x) {
        if (x.length != dimensions) {
            throw new IllegalArgumentException("expected " + dimensions + " dimensions, got " + x.length);
        }
        double total = 0;
        for (Tree tree : trees) {
            int node = 0;
            int depth = 0;
            while (tree.feature[node] >= 0) {
                double side = tree.normals == null ? x[tree.feature[node]] : dot(tree.normals, node * dimensions, x);
                node = side < tree.split[node] ? node + 1 : tree.right[node];
                depth++;
            }
            total += depth + averagePath(tree.size[node]);
        }
        return Math.pow(2, -(total / trees.length) / averagePath);
    }

    public int dimensions() {
        return dimensions;
    }

    /** c(n): the average path length of an unsuccessful search in a binary search tree of n points. */
    static double averagePath(int n) {
        if (n <= 1) {
            return 0;
        }
        if (n == 2) {
            return 1;
        }
        return 2 * (Math.log(n - 1) + EULER_GAMMA) - 2.0 * (n - 1) / n;
    }

    private static double dot(float[] normals, int offset, double[] x) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += normals[offset + i] * x[i];
        }
        return sum;
    }

    private static final class Grower {
        private final double[][] samples;
        private final int dimensions;
        private final int heightLimit;
        private final int sampleSize;
        private final SplittableRandom random;
        private final int[] feature;
        private final double[] split;
        private final int[] right;
        private final int[] size;
        private final float[] normals;
        private final double[] projection;
        private int nodes;

        Grower(double[][] samples, int dimensions, int heightLimit, int sampleSize, SplittableRandom random,
                boolean hyperplanes) {
            this.samples = samples;
            this.dimensions = dimensions;
            this.heightLimit = heightLimit;
            this.sampleSize = sampleSize;
            this.random = random;
            int capacity = 2 * sampleSize - 1;
            this.feature = new int[capacity];
            this.split = new double[capacity];
            this.right = new int[capacity];
            this.size = new int[capacity];
            this.normals = hyperplanes ? new float[capacity * dimensions] : null;
            this.projection = new double[samples.length];
        }

        /** Grows a tree on {@code indices[0, sampleSize)}, which the caller has already drawn at random. */
        Tree grow(int[] indices) {
            grow(indices, 0, sampleSize, 0);
            return new Tree(Arrays.copyOf(feature, nodes), Arrays.copyOf(split, nodes), Arrays.copyOf(right, nodes),
                    Arrays.copyOf(size, nodes), normals == null ? null : Arrays.copyOf(normals, nodes * dimensions));
        }

        private void grow(int[] indices, int from, int to, int depth) {
            int node = nodes++;
            size[node] = to - from;
            feature[node] = depth < heightLimit && to - from > 1 ? chooseDirection(node, indices, from, to) : -1;
            if (feature[node] < 0) {
                return;
            }
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = from; i < to; i++) {
                double v = project(node, indices[i]);
                projection[indices[i]] = v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            if (min == max) {
                feature[node] = -1;
                return;
            }
            double p = min + random.nextDouble() * (max - min);
            split[node] = p;
            int middle = from;
            for (int i = from; i < to; i++) {
                if (projection[indices[i]] < p) {
                    int swap = indices[i];
                    indices[i] = indices[middle];
                    indices[middle++] = swap;
                }
            }
            grow(indices, from, middle, depth + 1);
            right[node] = nodes;
            grow(indices, middle, to, depth + 1);
        }

        /**
         * Axis-parallel: a feature drawn among those not constant over the node's points (-1 if all are). Hyperplane:
         * a normal drawn from the standard Gaussian, so that every direction is equally likely, and feature 0.
         */
        private int chooseDirection(int node, int[] indices, int from, int to) {
            if (normals != null) {
                for (int i = 0; i < dimensions; i++) {
                    normals[node * dimensions + i] = (float) random.nextGaussian();
                }
                return 0;
            }
            int[] candidates = new int[dimensions];
            int count = 0;
            for (int q = 0; q < dimensions; q++) {
                double first = samples[indices[from]][q];
                for (int i = from + 1; i < to; i++) {
                    if (samples[indices[i]][q] != first) {
                        candidates[count++] = q;
                        break;
                    }
                }
            }
            return count == 0 ? -1 : candidates[random.nextInt(count)];
        }

        private double project(int node, int sample) {
            return normals == null ? samples[sample][feature[node]] : dot(normals, node * dimensions, samples[sample]);
        }
    }
}
