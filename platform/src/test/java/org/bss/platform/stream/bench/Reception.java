package org.bss.platform.stream.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.bss.platform.bus.BusRecord;

/**
 * What one reader received of the events numbered {@code [from, to)} of the tenants it has subscribers of: latency
 * from publish to here, how many, and whether any subject's events came out of order or twice. Called by the reader's
 * one thread; the few figures read from elsewhere are read under the same lock.
 */
final class Reception {

    static final long MAX_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(10);
    /** A stalled reader is back to live once an event reaches it within this long of its publishing. */
    private static final long LIVE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final int reader;
    private final boolean[] subscribed;
    private final EventPool pool;
    private final SendTimes sendTimes;
    private final long from;
    private final long to;
    private final long expected;
    private final Histogram latency = new Histogram(1_000, MAX_LATENCY_NANOS, 3);
    private final long[] lastBySubject;
    private long received;
    private long reordered;
    private long duplicates;
    private volatile long stallUntil;
    private long stallEnded;
    private long backToLiveNanos = -1;

    Reception(int reader, boolean[] subscribed, EventPool pool, SendTimes sendTimes, long from, long to) {
        this.reader = reader;
        this.subscribed = subscribed.clone();
        this.pool = pool;
        this.sendTimes = sendTimes;
        this.from = from;
        this.to = to;
        this.lastBySubject = new long[pool.subjects()];
        Arrays.fill(lastBySubject, -1);
        long count = 0;
        for (long seq = from; seq < to; seq++) {
            if (subscribed[pool.tenantOf(seq)]) {
                count++;
            }
        }
        this.expected = count;
    }

    /** Reader {@code reader} (from 1) has subscribers of {@code perReader} tenants: its own number's and the next. */
    static boolean[] tenantsOf(int reader, int perReader, int tenants) {
        boolean[] subscribed = new boolean[tenants];
        for (int k = 0; k < perReader; k++) {
            subscribed[(reader - 1 + k) % tenants] = true;
        }
        return subscribed;
    }

    boolean subscribedTo(int tenant) {
        return subscribed[tenant];
    }

    /** Filters by tenant, as a reader that gets every tenant's events must; counts what its subscribers get. */
    synchronized void accept(BusRecord record, long nowNanos) {
        int tenant = pool.tenantIndex(record.tenantId());
        if (tenant < 0 || !subscribed[tenant]) {
            return;
        }
        long seq = EventPool.seqOf(record.eventId());
        if (seq < from || seq >= to) {
            return;
        }
        long nanos = nowNanos - sendTimes.get(seq);
        latency.recordValue(Math.max(0, Math.min(nanos, MAX_LATENCY_NANOS)));
        received++;
        int subject = pool.subjectOf(seq);
        long last = lastBySubject[subject];
        if (seq == last) {
            duplicates++;
        } else if (seq < last) {
            reordered++;
        } else {
            lastBySubject[subject] = seq;
        }
        if (stallEnded != 0 && backToLiveNanos < 0 && nanos < LIVE_NANOS) {
            backToLiveNanos = nowNanos - stallEnded;
        }
    }

    /** Asks the reader to stop reading for a while, from the next event or poll on. */
    void stall(Duration duration) {
        stallUntil = System.nanoTime() + duration.toNanos();
    }

    /** Called by the reader's thread where it would read next: sleeps there while a stall is asked for. */
    void pauseIfStalled() {
        long until = stallUntil;
        if (until == 0) {
            return;
        }
        stallUntil = 0;
        long left;
        while ((left = until - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        synchronized (this) {
            stallEnded = System.nanoTime();
        }
    }

    synchronized boolean complete() {
        return received - duplicates >= expected;
    }

    synchronized long received() {
        return received;
    }

    synchronized Figures figures(int disconnects) {
        return new Figures(reader, expected, received, Math.max(0, expected - (received - duplicates)), reordered,
                duplicates, latency.copy(), backToLiveNanos, disconnects);
    }

    /** One reader's delivery figures; {@code backToLiveNanos} is -1 without a stall, or when it never was. */
    record Figures(int reader, long expected, long received, long lost, long reordered, long duplicates,
                   Histogram latency, long backToLiveNanos, int disconnects) {
    }
}
