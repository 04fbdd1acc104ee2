package org.bss.bench.platform;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.bss.platform.bus.BusEvent;
import org.bss.platform.bus.BusRecord;
import org.bss.platform.bus.EventRecords;
import org.bss.platform.store.internal.EventCopy;

/**
 * The COPY data of the raw phases: the writer's columns and values in its binary format, built by the writer's own
 * {@link EventCopy} from the events as the writer receives them ({@code EventRecords.read}). Building it is not
 * timed; the benchmark checks that the tables hold the same values.
 */
final class CopyRows {

    private CopyRows() {
    }

    /** The writer's COPY statement, into another table. */
    static String copyStatement(String table) {
        return EventCopy.statement(table, EventCopy.COLUMNS);
    }

    /** The writer's claim COPY, into another table. */
    static String claimStatement(String table) {
        return EventCopy.statement(table, EventCopy.KEY_COLUMNS);
    }

    /**
     * The event as the writer receives it: the record produced by {@code EventRecords.toRecord}, as consumed from
     * the given partition and offset, read back by {@code EventRecords.read}.
     */
    static BusRecord asConsumed(String topic, BusEvent produced, int partition, long offset) {
        ProducerRecord<String, byte[]> record = EventRecords.toRecord(topic, produced);
        ConsumerRecord<String, byte[]> consumed = new ConsumerRecord<>(topic, partition, offset, record.timestamp(),
                TimestampType.CREATE_TIME, -1, record.value() == null ? -1 : record.value().length, record.key(),
                record.value(), record.headers(), Optional.empty());
        return EventRecords.read(consumed);
    }

    /** One batch of rows: the writer's own {@link EventCopy}. */
    static byte[] rows(List<BusRecord> events, int[] partitions, long[] offsets) {
        return EventCopy.rows(events, partitions, offsets).finishedBytes();
    }

    /** One batch of claims, as the writer COPYs them on its usual path. */
    static byte[] claims(List<BusRecord> events) {
        UUID[] keys = events.stream().map(EventCopy::key).toArray(UUID[]::new);
        return EventCopy.claims(events, keys).finishedBytes();
    }
}
