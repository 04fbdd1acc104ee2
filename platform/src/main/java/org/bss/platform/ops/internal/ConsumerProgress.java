package org.bss.platform.ops.internal;

import java.util.Map;

/**
 * What is known of one consumer group's progress: its committed offsets at the latest look, how many records it has
 * yet to read, and when it last made progress. Progress is its committed offsets moving, or having nothing to read
 * (an idle group is not stalled), so the age grows only while records wait and no offset moves. The age is as of the
 * latest look: while Kafka cannot be asked it stays where it was (the Kafka alert speaks then, not a stall).
 *
 * @param committed      the group's committed offset per partition ({@code topic-partition})
 * @param lag            records on those partitions past the committed offsets
 * @param lastProgressAt epoch milliseconds
 * @param lookedAt       epoch milliseconds
 */
record ConsumerProgress(Map<String, Long> committed, long lag, long lastProgressAt, long lookedAt) {

    ConsumerProgress {
        committed = Map.copyOf(committed);
    }

    /** The state after a look at {@code now}; {@code previous} is null at the first look. */
    static ConsumerProgress next(ConsumerProgress previous, Map<String, Long> committed, long lag, long now) {
        boolean progressed = previous == null || lag == 0 || !previous.committed().equals(committed);
        return new ConsumerProgress(committed, lag, progressed ? now : previous.lastProgressAt(), now);
    }

    /** Seconds from the group's last progress to the latest look. */
    double ageSeconds() {
        return Math.max(0, lookedAt - lastProgressAt) / 1000.0;
    }
}
