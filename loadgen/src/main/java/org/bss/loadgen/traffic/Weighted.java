package org.bss.loadgen.traffic;

import java.util.ArrayList;
import java.util.List;

/** A small fixed table of values with integer weights, picked by a linear scan. */
final class Weighted<T> {

    private final List<T> values;
    private final int[] cumulative;

    private Weighted(List<T> values, int[] cumulative) {
        this.values = values;
        this.cumulative = cumulative;
    }

    /** Alternating values and weights: {@code of("card", 45, "wallet", 15)}. */
    @SuppressWarnings("unchecked")
    static <T> Weighted<T> of(Object... valuesAndWeights) {
        if (valuesAndWeights.length == 0 || valuesAndWeights.length % 2 != 0) {
            throw new IllegalArgumentException("expected value, weight, value, weight, ...");
        }
        List<T> values = new ArrayList<>();
        int[] cumulative = new int[valuesAndWeights.length / 2];
        int total = 0;
        for (int i = 0; i < valuesAndWeights.length; i += 2) {
            values.add((T) valuesAndWeights[i]);
            int weight = (Integer) valuesAndWeights[i + 1];
            if (weight <= 0) {
                throw new IllegalArgumentException("weights must be positive: " + valuesAndWeights[i]);
            }
            total += weight;
            cumulative[i / 2] = total;
        }
        return new Weighted<>(List.copyOf(values), cumulative);
    }

    T pick(Dice dice) {
        int r = dice.below(cumulative[cumulative.length - 1]);
        int i = 0;
        while (cumulative[i] <= r) {
            i++;
        }
        return values.get(i);
    }

    List<T> values() {
        return values;
    }
}
