package org.bss.platform.stream.bench;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * When each event was published ({@link System#nanoTime}), by event number, for the readers in the same JVM to
 * measure latency with. A ring: an event is looked up long before its slot is reused (2^20 events later).
 */
final class SendTimes {

    private static final int SLOTS = 1 << 20;
    private final AtomicLongArray nanos = new AtomicLongArray(SLOTS);

    void put(long seq, long sentNanos) {
        nanos.lazySet((int) (seq & (SLOTS - 1)), sentNanos);
    }

    long get(long seq) {
        return nanos.get((int) (seq & (SLOTS - 1)));
    }
}
