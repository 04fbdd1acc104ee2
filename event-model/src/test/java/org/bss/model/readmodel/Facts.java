package org.bss.model.readmodel;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import tools.jackson.databind.node.ObjectNode;

/** Facts written out by hand for the example tests, and folding them. */
final class Facts {

    static final String SOURCE = "/test";

    private Facts() {
    }

    /** A fact from {@link #SOURCE} whose id is its type and time, so distinct facts of an example have distinct ids. */
    static Fact fact(String type, String time, ObjectNode data) {
        return fact(type, time, SOURCE, type + "@" + time, data);
    }

    static Fact fact(String type, String time, String source, String id, ObjectNode data) {
        return new Fact(type, new Stamp(Instant.parse(time), source, id), data);
    }

    static <S> S fold(S initial, BiFunction<S, Fact, S> evolve, Fact... arrival) {
        return fold(initial, evolve, Arrays.asList(arrival));
    }

    static <S> S fold(S initial, BiFunction<S, Fact, S> evolve, List<Fact> arrival) {
        S state = initial;
        for (Fact fact : arrival) {
            state = evolve.apply(state, fact);
        }
        return state;
    }
}
