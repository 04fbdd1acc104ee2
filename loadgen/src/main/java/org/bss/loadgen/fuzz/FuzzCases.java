package org.bss.loadgen.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The requests of a pass: the i-th request of a seed is always the same, made by a generator of its own seeded from
 * the seed and i, so requests can be made in any order and by any thread. Families are picked by weight, except the
 * slow clients, which get a few fixed places spread over the pass (2 to 20 of them) so that the pass stays minutes
 * long.
 */
public final class FuzzCases {

    /** Families and their weights (of 100), the slow clients apart. */
    private static final List<Weighted> WEIGHTS = List.of(new Weighted(new BrokenJson(), 16), new Weighted(new ContentTypes(), 7),
            new Weighted(new Encodings(), 6), new Weighted(new Framing(), 12), new Weighted(new Oversize(), 5),
            new Weighted(new BinaryHeaders(), 10), new Weighted(new Batches(), 9), new Weighted(new Keys(), 9),
            new Weighted(new MethodsAndPaths(), 8), new Weighted(new Mutations(), 18));
    private static final int TOTAL = WEIGHTS.stream().mapToInt(Weighted::weight).sum();
    private static final Family SLOW = new SlowClients();

    private final long seed;
    private final int requests;
    private final FuzzTarget target;
    private final List<Integer> slowIndexes;

    private record Weighted(Family family, int weight) {
    }

    public FuzzCases(long seed, int requests, FuzzTarget target) {
        if (requests < 1) {
            throw new IllegalArgumentException("--requests must be at least 1");
        }
        this.seed = seed;
        this.requests = requests;
        this.target = target;
        int slow = slowCount(requests);
        List<Integer> indexes = new ArrayList<>();
        for (int k = 0; k < slow; k++) {
            indexes.add((int) ((2L * k + 1) * requests / (2L * slow)));
        }
        this.slowIndexes = List.copyOf(indexes);
    }

    /** How many slow clients a pass of {@code requests} has: one in 500, at least 2 (from 100 requests) and at most 20. */
    static int slowCount(int requests) {
        if (requests < 10) {
            return 0;
        }
        if (requests < 100) {
            return 1;
        }
        return Math.clamp(requests / 500, 2, 20);
    }

    public int size() {
        return requests;
    }

    public FuzzTarget target() {
        return target;
    }

    /** The families in the order of the reports. */
    public static List<String> familyNames() {
        return Family.all().stream().map(Family::name).toList();
    }

    public FuzzRequest request(int index) {
        if (index < 0 || index >= requests) {
            throw new IndexOutOfBoundsException(index);
        }
        RandomGenerator random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ (index + 1) * 0xBF58476D1CE4E5B9L);
        if (slowIndexes.contains(index)) {
            return SLOW.next(random, target);
        }
        int pick = random.nextInt(TOTAL);
        for (Weighted weighted : WEIGHTS) {
            pick -= weighted.weight();
            if (pick < 0) {
                return weighted.family().next(random, target);
            }
        }
        throw new IllegalStateException("weights do not add up");
    }
}
