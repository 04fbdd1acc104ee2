package org.bss.loadgen.traffic;

import java.util.Arrays;

/**
 * Integer weights of slots in a Fenwick tree, so that a slot can be picked with probability proportional to its
 * weight, and a weight changed, in O(log n). Grows by doubling.
 */
final class ActivityIndex {

    private int[] weights;
    private int[] tree; // 1-based: tree[i] sums weights (i - lowbit(i), i]
    private long total;

    ActivityIndex(int initialSize) {
        weights = new int[initialSize];
        tree = new int[initialSize + 1];
    }

    int size() {
        return weights.length;
    }

    long total() {
        return total;
    }

    int weight(int slot) {
        return weights[slot];
    }

    void set(int slot, int weight) {
        if (weight < 0) {
            throw new IllegalArgumentException("negative weight " + weight);
        }
        int delta = weight - weights[slot];
        weights[slot] = weight;
        total += delta;
        for (int i = slot + 1; i < tree.length; i += i & -i) {
            tree[i] += delta;
        }
    }

    /** The slot in which cumulative weight {@code r} falls; {@code 0 <= r < total()}. */
    int find(long r) {
        int position = 0;
        for (int step = Integer.highestOneBit(weights.length); step > 0; step >>= 1) {
            int next = position + step;
            if (next < tree.length && tree[next] <= r) {
                position = next;
                r -= tree[next];
            }
        }
        return position;
    }

    void grow(int newSize) {
        weights = Arrays.copyOf(weights, newSize);
        tree = new int[newSize + 1];
        for (int i = 1; i <= newSize; i++) {
            tree[i] += weights[i - 1];
            int parent = i + (i & -i);
            if (parent <= newSize) {
                tree[parent] += tree[i];
            }
        }
    }
}
