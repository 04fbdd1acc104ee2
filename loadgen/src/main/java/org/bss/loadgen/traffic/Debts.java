package org.bss.loadgen.traffic;

/**
 * Keeps the stream's type shares on the mix although stories sometimes need a prerequisite first. When an event
 * of type E is emitted in place of a drawn type W, W is owed one event and E is one in surplus; when a type in
 * surplus is drawn again, an owed type is emitted in its place if it can be. For every type,
 * emitted = drawn + surplus - owed, and neither grows once the working set is warm, so the shares converge
 * on the draws'.
 */
final class Debts {

    private final long[] owed = new long[EventType.values().length];
    private final long[] surplus = new long[EventType.values().length];

    /** {@code emitted} was sent where the draw said {@code wanted}. */
    void substituted(EventType wanted, EventType emitted) {
        if (wanted == emitted) {
            return;
        }
        if (surplus[wanted.ordinal()] > 0) {
            surplus[wanted.ordinal()]--;
        } else {
            owed[wanted.ordinal()]++;
        }
        if (owed[emitted.ordinal()] > 0) {
            owed[emitted.ordinal()]--;
        } else {
            surplus[emitted.ordinal()]++;
        }
    }

    boolean inSurplus(EventType type) {
        return surplus[type.ordinal()] > 0;
    }

    boolean owes(EventType type) {
        return owed[type.ordinal()] > 0;
    }

    long owed(EventType type) {
        return owed[type.ordinal()];
    }

    long surplus(EventType type) {
        return surplus[type.ordinal()];
    }
}
