package org.bss.platform.stream.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.bss.platform.bus.BusRecord;
import org.bss.platform.bus.EventRecords;

/**
 * The Redis message of an event: the very headers and value of its {@code bss.events} record, length-prefixed, so
 * that a Redis reader decodes an event with {@link EventRecords#read} as a Kafka reader does and the two designs
 * differ only in how the bytes travel. Layout: timestamp (8), header count (1), per header key length (1), key,
 * value length (2), value; then the record's value to the end.
 */
final class RecordFrame {

    private RecordFrame() {
    }

    static byte[] encode(ProducerRecord<String, byte[]> record) {
        Header[] headers = record.headers().toArray();
        byte[][] keys = new byte[headers.length][];
        int size = 8 + 1 + record.value().length;
        for (int i = 0; i < headers.length; i++) {
            keys[i] = headers[i].key().getBytes(StandardCharsets.UTF_8);
            size += 1 + keys[i].length + 2 + headers[i].value().length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putLong(record.timestamp()).put((byte) headers.length);
        for (int i = 0; i < headers.length; i++) {
            byte[] value = headers[i].value();
            out.put((byte) keys[i].length).put(keys[i]).putShort((short) value.length).put(value);
        }
        return out.put(record.value()).array();
    }

    static BusRecord decode(byte[] frame) {
        ByteBuffer in = ByteBuffer.wrap(frame);
        long timestamp = in.getLong();
        int count = in.get() & 0xff;
        RecordHeaders headers = new RecordHeaders();
        for (int i = 0; i < count; i++) {
            int keyLength = in.get() & 0xff;
            String key = new String(frame, in.position(), keyLength, StandardCharsets.UTF_8);
            in.position(in.position() + keyLength);
            byte[] value = new byte[in.getShort() & 0xffff];
            in.get(value);
            headers.add(key, value);
        }
        return EventRecords.read(headers, Arrays.copyOfRange(frame, in.position(), frame.length), timestamp);
    }
}
