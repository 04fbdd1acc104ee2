package org.bss.platform.store.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bss.model.envelope.MediaTypes;
import org.bss.model.envelope.Rfc3339;
import org.bss.platform.bus.BusRecord;
import org.bss.platform.bus.EventRecords;

/**
 * The rows the store COPYs (binary format) into events and event_keys: one definition for the writer and its
 * benchmark.
 */
public final class EventCopy {

    public static final String COLUMNS = "tenant_id, event_id, id, source, type, subject, time, datacontenttype, dataschema, "
            + "extensions, data_json, data_binary, received_at, kafka_partition, kafka_offset";
    public static final String KEY_COLUMNS = "key, tenant_id, event_id, received_at";
    private static final int FIELDS = 15;
    private static final byte JSONB_VERSION = 1;
    private static final byte[] TENANT_MEMBER = ("\"" + EventRecords.TENANT_EXTENSION + "\":\"").getBytes(StandardCharsets.UTF_8);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private EventCopy() {
    }

    /** {@code copy TABLE (COLUMNS) from stdin} in binary format. */
    public static String statement(String table, String columns) {
        return "copy " + table + " (" + columns + ") from stdin (format binary)";
    }

    /** The rows of these events, each with the Kafka partition and offset it was read from, in memory. */
    public static BinaryCopy rows(List<BusRecord> events, int[] partitions, long[] offsets) {
        return rows(new BinaryCopy(events.size() * 600), events, partitions, offsets);
    }

    /** The rows of these events, each with the Kafka partition and offset it was read from, added to a copy. */
    public static BinaryCopy rows(BinaryCopy copy, List<BusRecord> events, int[] partitions, long[] offsets) {
        for (int i = 0; i < events.size(); i++) {
            BusRecord event = events.get(i);
            copy.row(FIELDS).bytes(event.tenantId()).uuid(event.eventId()).bytes(event.id()).bytes(event.source())
                    .bytes(event.type()).bytes(event.subject()).timestamp(time(event.time()))
                    .text(event.datacontenttype()).bytes(event.dataschema());
            extensions(copy, event.tenantId(), event.extensions());
            if (event.data() == null) {
                copy.nul().nul();
            } else if (MediaTypes.isJson(event.datacontenttype())) {
                copy.bytes(event.data()).nul();
            } else {
                copy.nul().bytes(event.data());
            }
            copy.timestampMillis(event.receivedAtMillis()).int4(partitions[i]).int8(offsets[i]);
        }
        return copy;
    }

    /** The claims of these events in event_keys (their keys, tenant, platform id and accept time), in memory. */
    public static BinaryCopy claims(List<BusRecord> events, UUID[] keys) {
        return claims(new BinaryCopy(events.size() * 64), events, keys);
    }

    /** The claims of these events in event_keys, added to a copy. */
    public static BinaryCopy claims(BinaryCopy copy, List<BusRecord> events, UUID[] keys) {
        for (int i = 0; i < events.size(); i++) {
            BusRecord event = events.get(i);
            copy.row(4).uuid(keys[i]).bytes(event.tenantId()).uuid(event.eventId()).timestampMillis(event.receivedAtMillis());
        }
        return copy;
    }

    /** The claim key of an event (see {@link EventKey#hash(byte[], byte[], byte[])}). */
    public static UUID key(BusRecord event) {
        return EventKey.hash(event.tenantId(), event.source(), event.id());
    }

    private static java.time.Instant time(byte[] value) {
        return value == null ? null : Rfc3339.parseOrNull(new String(value, StandardCharsets.ISO_8859_1));
    }

    /** The extensions column (jsonb): the tenant and any other extension, as one JSON object. */
    private static void extensions(BinaryCopy copy, byte[] tenant, Map<String, Object> others) {
        copy.startField().raw(JSONB_VERSION).raw((byte) '{');
        others.forEach((name, value) -> {
            jsonString(copy, name.getBytes(StandardCharsets.UTF_8)).raw((byte) ':');
            if (value instanceof Boolean || value instanceof Integer) {
                copy.raw(value.toString().getBytes(StandardCharsets.US_ASCII));
            } else {
                jsonString(copy, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
            }
            copy.raw((byte) ',');
        });
        copy.raw(TENANT_MEMBER);
        jsonChars(copy, tenant).raw((byte) '"').raw((byte) '}').endField();
    }

    private static BinaryCopy jsonString(BinaryCopy copy, byte[] utf8) {
        return jsonChars(copy.raw((byte) '"'), utf8).raw((byte) '"');
    }

    /** UTF-8 bytes inside a JSON string: quote, backslash and control characters escaped, the rest as it is. */
    private static BinaryCopy jsonChars(BinaryCopy copy, byte[] utf8) {
        for (byte b : utf8) {
            if (b == '"' || b == '\\') {
                copy.raw((byte) '\\').raw(b);
            } else if (b >= 0 && b < 0x20) {
                copy.raw(new byte[] {'\\', 'u', '0', '0', HEX[b >> 4], HEX[b & 0xF]});
            } else {
                copy.raw(b);
            }
        }
        return copy;
    }
}
