package org.bss.loadgen.fuzz;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A family of malformed requests: a pure function from a random generator (and who the pass sends as) to one request.
 * Every request a family makes is one the platform must refuse: it carries a definite fault, or no valid key.
 */
sealed interface Family permits BrokenJson, ContentTypes, Encodings, Framing, Oversize, BinaryHeaders, Batches, Keys,
        MethodsAndPaths, SlowClients, Mutations {

    /** The name the reports use. */
    String name();

    FuzzRequest next(RandomGenerator random, FuzzTarget target);

    /** Every family, in the order of the reports. */
    static List<Family> all() {
        return List.of(new BrokenJson(), new ContentTypes(), new Encodings(), new Framing(), new Oversize(),
                new BinaryHeaders(), new Batches(), new Keys(), new MethodsAndPaths(), new SlowClients(), new Mutations());
    }

    /** One of the items, evenly. */
    static <T> T pick(RandomGenerator random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    @SafeVarargs
    static <T> T pick(RandomGenerator random, T... items) {
        return items[random.nextInt(items.length)];
    }
}
