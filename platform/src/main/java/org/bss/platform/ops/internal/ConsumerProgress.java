package org.bss.platform.ops.internal;

import java.util.Map;

/**
 * What is known of one consumer group's progress: its committed offsets at the latest look, how many records it has
 * yet to read, and when it last made progress. Progress is its committed offsets moving, or having nothing to read
 * (an idle group is not stalled), so the age grows only while records wait and no offset moves.
 *
 * @param committed      the group's committed offset per partition ({@code topic-partition})
 * @param lag            records on those partitions past the committed offsets
 * @param lastProgressAt epoch milliseconds
 */
record ConsumerProgress(Map<String, Long> committed, long lag, long lastProgressAt) {

    ConsumerProgress {
        committed = Map.copyOf(committed);
    }

    /** The state after a look at {@code now}; {@code previous} is null at the first look. */
    static ConsumerProgress next(ConsumerProgress previous, Map<String, Long> committed, long lag, long now) {
        boolean progressed = previous == null || lag == 0 || !previous.committed().equals(committed);
        return new ConsumerProgress(committed, lag, progressed ? now : previous.lastProgressAt());
    }

    /** Seconds since the group last made progress, at {@code now}. */
    double ageSeconds(long now) {
        return Math.max(0, now - lastProgressAt) / 1000.0;
    }
}
