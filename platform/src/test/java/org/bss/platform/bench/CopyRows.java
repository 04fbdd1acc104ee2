package org.bss.platform.bench;

import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.bss.platform.bus.BusEvent;
import org.bss.platform.bus.EventRecords;
import org.bss.platform.store.EventCopy;

/**
 * The COPY text of the raw phases: the writer's columns and values, built by the writer's own {@link EventCopy}
 * from the events as the writer receives them ({@code EventRecords.fromRecord}). Building the text is not timed;
 * the benchmark checks that the tables hold the same values.
 */
final class CopyRows {

    /** The writer's column list. */
    static final String COLUMNS = EventCopy.COLUMNS;

    private CopyRows() {
    }

    /**
     * The event as the writer receives it: the record produced by {@code EventRecords.toRecord}, as consumed from
     * the given partition and offset, read back by {@code EventRecords.fromRecord}.
     */
    static BusEvent asConsumed(String topic, BusEvent produced, int partition, long offset) {
        ProducerRecord<String, byte[]> record = EventRecords.toRecord(topic, produced);
        ConsumerRecord<String, byte[]> consumed = new ConsumerRecord<>(topic, partition, offset, record.timestamp(),
                TimestampType.CREATE_TIME, -1, record.value() == null ? -1 : record.value().length, record.key(),
                record.value(), record.headers(), Optional.empty());
        return EventRecords.fromRecord(consumed);
    }

    /** One batch of rows in COPY text format: the writer's own {@link EventCopy}. */
    static byte[] text(List<BusEvent> events, int[] partitions, long[] offsets) {
        return EventCopy.rows(events, partitions, offsets).bytes();
    }
}
