package org.bss.platform.ingest.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.bss.platform.bus.ConsistencyToken;

/**
 * What Kafka answered for each event of one {@link EventPublisher#publish}, in the order they were sent: whether it
 * acknowledged the event and, if so, the partition and offset the event got on bss.events. Kept in two arrays, not
 * an object per event: every request builds one.
 */
final class Acknowledgements {

    private static final int NOT_ACKNOWLEDGED = -1;

    private final int[] partitions;
    private final long[] offsets;

    /** None of {@code size} events acknowledged yet. */
    Acknowledgements(int size) {
        partitions = new int[size];
        offsets = new long[size];
        Arrays.fill(partitions, NOT_ACKNOWLEDGED);
    }

    void acknowledged(int index, int partition, long offset) {
        partitions[index] = partition;
        offsets[index] = offset;
    }

    boolean isAcknowledged(int index) {
        return partitions[index] != NOT_ACKNOWLEDGED;
    }

    int unacknowledged() {
        int count = 0;
        for (int partition : partitions) {
            if (partition == NOT_ACKNOWLEDGED) {
                count++;
            }
        }
        return count;
    }

    /** Where the acknowledged events sit: per partition, the highest offset among them; empty when none was. */
    ConsistencyToken token() {
        Map<Integer, Long> highest = new HashMap<>();
        for (int i = 0; i < partitions.length; i++) {
            // An offset is unknown (-1) only when the producer does not wait for the broker (acks=0).
            if (isAcknowledged(i) && offsets[i] >= 0) {
                highest.merge(partitions[i], offsets[i], Math::max);
            }
        }
        return highest.isEmpty() ? ConsistencyToken.NONE : new ConsistencyToken(highest);
    }
}
