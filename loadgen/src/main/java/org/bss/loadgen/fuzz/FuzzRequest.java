package org.bss.loadgen.fuzz;

import java.util.Objects;

/**
 * One generated request: the exact bytes to write on a fresh connection, how to write them, the family that made
 * it and the case within the family (e.g. {@code framing} / {@code two Content-Length headers}).
 */
public record FuzzRequest(String family, String name, byte[] bytes, Pace pace) {

    public FuzzRequest {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(pace, "pace");
    }

    FuzzRequest(String family, String name, byte[] bytes) {
        this(family, name, bytes, Pace.AT_ONCE);
    }

    /** Whether the client stops before the end and waits for the server to give up on it. */
    public boolean stalls() {
        return pace instanceof Pace.Trickle trickle && trickle.stall();
    }

    /** How the bytes go out. */
    public sealed interface Pace {

        Pace AT_ONCE = new AtOnce();

        /** All at once, then the client's side of the connection is shut, so that the server never waits for more. */
        record AtOnce() implements Pace {
        }

        /**
         * Bytes up to {@code from} at once, then {@code step} bytes at a time with {@code pauseMillis} between up to
         * {@code to}; then either the rest at once (and the client's side shut), or, when {@code stall}, nothing more
         * while the connection stays open: the server has to give up on it.
         */
        record Trickle(int from, int to, int step, long pauseMillis, boolean stall) implements Pace {
            public Trickle {
                if (from < 0 || to < from || step < 1 || pauseMillis < 0) {
                    throw new IllegalArgumentException("a trickle needs 0 <= from <= to and a step of at least 1");
                }
            }
        }
    }
}
