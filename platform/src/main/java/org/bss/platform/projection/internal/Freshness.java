package org.bss.platform.projection.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.bss.platform.bus.ConsistencyToken;
import org.bss.platform.bus.EventTopics;
import org.bss.platform.store.ReadSource;
import org.springframework.stereotype.Component;

/**
 * How far the projection has got, as every instance sees it (its committed positions in PostgreSQL): for the
 * freshness each answer carries, and for reads that wait for a consistency token. Asked on the source the answer is
 * read from: a replica replays whole transactions, so there the positions and the read models they were committed
 * with agree just as on the primary.
 */
@Component
class Freshness {

    private static final Duration POLL = Duration.ofMillis(20);

    /**
     * @param position   the next offset to fold per partition, as a consistency token's text (a token is passed when
     *                   each of its offsets is below this)
     * @param foldedUpTo the accept time of the newest event folded
     * @param lagMillis  how long after its acceptance that event was folded
     */
    record Info(String position, Instant foldedUpTo, long lagMillis) {
    }

    private record Row(int partition, long nextOffset, Instant recordTime, Instant committedAt) {
    }

    private final String topic;

    Freshness(EventTopics topics) {
        this.topic = topics.eventsTopic();
    }

    Info now(ReadSource from) {
        Map<Integer, Long> next = new HashMap<>();
        Row newest = null;
        for (Row row : rows(from)) {
            next.put(row.partition(), row.nextOffset());
            if (newest == null || row.recordTime().isAfter(newest.recordTime())) {
                newest = row;
            }
        }
        // The position names the last offset folded (next minus one), as a token names the last offset accepted.
        Map<Integer, Long> last = new HashMap<>();
        next.forEach((partition, offset) -> {
            if (offset > 0) {
                last.put(partition, offset - 1);
            }
        });
        return new Info(new ConsistencyToken(last).toString(), newest == null ? null : newest.recordTime(),
                newest == null ? 0 : Math.max(0, Duration.between(newest.recordTime(), newest.committedAt()).toMillis()));
    }

    /** Waits until the projection has folded every event of {@code token}; false when {@code bound} passed first. */
    boolean await(ReadSource from, ConsistencyToken token, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            Map<Integer, Long> next = new HashMap<>();
            for (Row row : rows(from)) {
                next.put(row.partition(), row.nextOffset());
            }
            if (token.passedBy(next)) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            LockSupport.parkNanos(Math.min(POLL.toNanos(), Math.max(0, deadline - System.nanoTime())));
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
        }
    }

    private java.util.List<Row> rows(ReadSource from) {
        return from.jdbc().sql("select kafka_partition, next_offset, record_time, committed_at from rm_offsets where topic = ?")
                .param(topic)
                .query((rs, n) -> new Row(rs.getInt(1), rs.getLong(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
                        rs.getObject(4, OffsetDateTime.class).toInstant()))
                .list();
    }
}
