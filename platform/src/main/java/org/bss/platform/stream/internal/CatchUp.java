package org.bss.platform.stream.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import org.bss.platform.store.EventLog;
import org.bss.platform.store.EventLog.Located;

/**
 * What a returning subscriber missed, read from the store: per partition, the tenant's events from the subscriber's
 * offset up to where the fan-out was when it joined again, a page at a time, merged across partitions in the order
 * they were accepted (each partition keeps its own order, and so does each subject). The position moves with every
 * event read, so a subscriber that leaves during the catch-up resumes from the right place.
 */
final class CatchUp {

    private final EventLog log;
    private final String tenant;
    private final Instant receivedFrom;
    private final int page;
    private long[] from;
    private long[] to;
    private final ArrayDeque<Located>[] read;
    private final boolean[] drained;

    /**
     * @param from         per partition, the first offset to read; null: the first event accepted at or after
     *                     {@code receivedFrom}
     * @param to           per partition, where live delivery starts (exclusive)
     */
    @SuppressWarnings("unchecked")
    CatchUp(EventLog log, String tenant, StreamPosition from, Instant receivedFrom, StreamPosition to, int page) {
        this.log = log;
        this.tenant = tenant;
        this.receivedFrom = receivedFrom;
        this.page = page;
        int partitions = Math.max(to.partitions(), from == null ? 0 : from.partitions());
        this.to = new long[partitions];
        this.from = new long[partitions];
        for (int p = 0; p < partitions; p++) {
            this.to[p] = to.at(p);
            this.from[p] = from == null ? 0 : from.at(p);
        }
        this.read = new ArrayDeque[partitions];
        this.drained = new boolean[partitions];
        for (int p = 0; p < partitions; p++) {
            read[p] = new ArrayDeque<>();
        }
        if (from == null) {
            start();
        }
    }

    /**
     * From an instant: each partition starts at the tenant's first event accepted then or later, or where live
     * delivery starts when there is none; so a position given out during the catch-up never reaches back before the
     * instant.
     */
    private void start() {
        for (int p = 0; p < from.length; p++) {
            fill(p);
            from[p] = read[p].isEmpty() ? to[p] : read[p].peekFirst().offset();
        }
    }

    /** The subscriber joined the fan-out again (it fell behind while catching up): read on up to the new point. */
    void extend(StreamPosition newTo) {
        int partitions = Math.max(to.length, newTo.partitions());
        long[] grown = Arrays.copyOf(to, partitions);
        for (int p = 0; p < partitions; p++) {
            grown[p] = Math.max(grown[p], newTo.at(p));
        }
        if (partitions > to.length) {
            throw new IllegalStateException("the topic grew during a catch-up");
        }
        to = grown;
        Arrays.fill(drained, false);
    }

    /** The position after everything read so far. */
    StreamPosition position() {
        return new StreamPosition(from);
    }

    /** The next missed event, in acceptance order, or null when there is none left up to {@code to}. */
    Located next() {
        int earliest = -1;
        for (int p = 0; p < read.length; p++) {
            if (read[p].isEmpty() && !drained[p]) {
                fill(p);
            }
            Located head = read[p].peekFirst();
            if (head != null && (earliest < 0
                    || head.event().receivedAt().isBefore(read[earliest].peekFirst().event().receivedAt()))) {
                earliest = p;
            }
        }
        if (earliest < 0) {
            for (int p = 0; p < from.length; p++) {
                from[p] = Math.max(from[p], to[p]);
            }
            return null;
        }
        Located event = read[earliest].pollFirst();
        from[earliest] = event.offset() + 1;
        return event;
    }

    private void fill(int p) {
        long after = read[p].isEmpty() ? from[p] : read[p].peekLast().offset() + 1;
        if (after >= to[p]) {
            drained[p] = true;
            return;
        }
        List<Located> events = log.onPartition(tenant, p, after, to[p], receivedFrom, page);
        read[p].addAll(events);
        drained[p] = events.size() < page;
    }
}
