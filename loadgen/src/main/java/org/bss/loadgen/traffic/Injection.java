package org.bss.loadgen.traffic;

import java.util.OptionalLong;

/**
 * An anomaly injected into one stream over [{@code fromMillis}, {@code toMillis}) of the stream's clock, and when it
 * actually showed: the stream notes the first instant it was asked for traffic inside the span, and the first after.
 * Only the thread that draws the stream's events touches it.
 */
public final class Injection {

    private static final long NEVER = Long.MIN_VALUE;
    static final long BURST_INTERVAL_MILLIS = 60_000L / Anomaly.BURST_ORDERS_PER_MINUTE;

    private final Anomaly kind;
    private final long fromMillis;
    private final long toMillis;
    private long began = NEVER;
    private long ended = NEVER;
    /** order-burst: the customer placing the orders, and when the next one is due. */
    Customer burstCustomer;
    long nextBurstMillis;

    Injection(Anomaly kind, long fromMillis, long toMillis) {
        if (toMillis <= fromMillis) {
            throw new IllegalArgumentException("an injection must last: " + kind + " from " + fromMillis + " to " + toMillis);
        }
        this.kind = kind;
        this.fromMillis = fromMillis;
        this.toMillis = toMillis;
    }

    public Anomaly kind() {
        return kind;
    }

    public long fromMillis() {
        return fromMillis;
    }

    public long toMillis() {
        return toMillis;
    }

    /** When the stream first drew traffic inside the span; empty while it has not. */
    public OptionalLong began() {
        return began == NEVER ? OptionalLong.empty() : OptionalLong.of(began);
    }

    /** When the stream first drew traffic after the span, its traffic as usual again; empty while it has not. */
    public OptionalLong ended() {
        return ended == NEVER ? OptionalLong.empty() : OptionalLong.of(ended);
    }

    /** Notes a draw at {@code now}; whether the anomaly is in effect then. */
    boolean at(long now) {
        if (now < fromMillis) {
            return false;
        }
        if (now >= toMillis) {
            if (began != NEVER && ended == NEVER) {
                ended = now;
            }
            return false;
        }
        if (began == NEVER) {
            began = now;
            nextBurstMillis = now;
        }
        return true;
    }

    @Override
    public String toString() {
        return "Injection[" + kind + " " + fromMillis + ".." + toMillis + "]";
    }
}
