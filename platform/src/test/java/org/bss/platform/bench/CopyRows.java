package org.bss.platform.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.bss.model.envelope.CloudEvent;
import org.bss.platform.bus.BusEvent;
import org.bss.platform.bus.EventRecords;
import tools.jackson.databind.json.JsonMapper;

/**
 * The COPY text of the raw-COPY phase, built exactly as {@code store.internal.EventBatchWriter} builds it (same
 * columns, same values, same text format): a copy of its {@code copy(...)} and {@code CopyText}, which are internal
 * to the store. If the writer's COPY changes, change this too; the benchmark checks afterwards that both tables hold
 * the same values.
 */
final class CopyRows {

    /** The writer's column list. */
    static final String COLUMNS = "tenant_id, event_id, id, source, type, subject, time, datacontenttype, dataschema, "
            + "extensions, data_json, data_binary, received_at, kafka_partition, kafka_offset";

    private static final JsonMapper JSON = JsonMapper.builder().build();

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

    /** One batch of rows in COPY text format, as EventBatchWriter.copy writes them. */
    static byte[] text(List<BusEvent> events, int[] partitions, long[] offsets) {
        CopyText text = new CopyText(events.size() * 512);
        for (int i = 0; i < events.size(); i++) {
            BusEvent stored = events.get(i);
            CloudEvent event = stored.event();
            text.field(stored.tenantId()).field(stored.eventId().toString()).field(event.id()).field(event.source())
                    .field(event.type()).field(event.subject())
                    .field(event.timeInstant() == null ? null : event.timeInstant().toString())
                    .field(event.datacontenttype()).field(event.dataschema())
                    .field(JSON.writeValueAsString(event.extensions()));
            if (event.data() == null) {
                text.field((String) null).field((String) null);
            } else if (event.hasJsonData()) {
                text.field(event.data()).field((String) null);
            } else {
                text.field((String) null).bytea(event.data());
            }
            text.field(stored.receivedAt().toString())
                    .field(Integer.toString(partitions[i])).field(Long.toString(offsets[i]))
                    .endRow();
        }
        return text.bytes();
    }

    /** PostgreSQL's COPY text format: tab-separated, \N for null, backslash escapes (the writer's CopyText). */
    static final class CopyText {
        private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        private final ByteArrayOutputStream out;
        private boolean firstInRow = true;

        CopyText(int capacity) {
            out = new ByteArrayOutputStream(capacity);
        }

        CopyText field(String value) {
            return field(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
        }

        CopyText field(byte[] utf8) {
            separator();
            if (utf8 == null) {
                out.write('\\');
                out.write('N');
                return this;
            }
            for (byte b : utf8) {
                switch (b) {
                    case '\\' -> { out.write('\\'); out.write('\\'); }
                    case '\n' -> { out.write('\\'); out.write('n'); }
                    case '\r' -> { out.write('\\'); out.write('r'); }
                    case '\t' -> { out.write('\\'); out.write('t'); }
                    default -> out.write(b);
                }
            }
            return this;
        }

        CopyText bytea(byte[] value) {
            separator();
            out.write('\\');
            out.write('\\');
            out.write('x');
            for (byte b : value) {
                out.write(HEX[(b >> 4) & 0xF]);
                out.write(HEX[b & 0xF]);
            }
            return this;
        }

        void endRow() {
            out.write('\n');
            firstInRow = true;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void separator() {
            if (!firstInRow) {
                out.write('\t');
            }
            firstInRow = false;
        }
    }
}
