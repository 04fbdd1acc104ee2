package org.bss.platform.projection.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Whether reads may ask Redis: after a failure they skip it for a while (open), then one read tries it again
 * (the others keep skipping it until that one answers), so a dead or hung Redis costs one timeout per period,
 * not one per read.
 */
final class Breaker {

    private static final long CLOSED = Long.MIN_VALUE;

    private final long openNanos;
    private final LongSupplier nanoTime;
    /** Until when reads skip Redis (System.nanoTime), or CLOSED. */
    private final AtomicLong until = new AtomicLong(CLOSED);

    Breaker(Duration openFor, LongSupplier nanoTime) {
        this.openNanos = openFor.toNanos();
        this.nanoTime = nanoTime;
    }

    boolean isClosed() {
        return until.get() == CLOSED;
    }

    /** True when closed, or when the open period has passed and this caller is the one to try Redis again. */
    boolean allows() {
        long skipUntil = until.get();
        if (skipUntil == CLOSED) {
            return true;
        }
        long now = nanoTime.getAsLong();
        return now - skipUntil >= 0 && until.compareAndSet(skipUntil, now + openNanos);
    }

    void succeeded() {
        if (until.get() != CLOSED) {
            until.set(CLOSED);
        }
    }

    /** Opens (again) for the whole period; true when it was closed until now. */
    boolean failed() {
        return until.getAndSet(nanoTime.getAsLong() + openNanos) == CLOSED;
    }
}
