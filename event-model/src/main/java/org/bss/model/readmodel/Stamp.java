package org.bss.model.readmodel;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * Where an event sits in the order the folds use: its own {@code time}, then its {@code source} and {@code id}
 * (which make it unique in a tenant), so two events never tie and the order does not depend on arrival.
 */
public record Stamp(Instant time, String source, String id) implements Comparable<Stamp> {

    private static final Comparator<Stamp> ORDER = Comparator.comparing(Stamp::time)
            .thenComparing(Stamp::source).thenComparing(Stamp::id);

    public Stamp {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(id, "id");
    }

    @Override
    public int compareTo(Stamp other) {
        return ORDER.compare(this, other);
    }

    public boolean after(Stamp other) {
        return other == null || compareTo(other) > 0;
    }

    public static Stamp later(Stamp a, Stamp b) {
        return a == null ? b : b == null ? a : a.compareTo(b) >= 0 ? a : b;
    }

    public static Stamp earlier(Stamp a, Stamp b) {
        return a == null ? b : b == null ? a : a.compareTo(b) <= 0 ? a : b;
    }
}
