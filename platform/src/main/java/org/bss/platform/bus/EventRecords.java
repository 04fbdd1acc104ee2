package org.bss.platform.bus;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.bss.model.envelope.CloudEvent;
import org.bss.model.envelope.StructuredFormat;

/**
 * The record format of {@code bss.events}: the CloudEvents Kafka protocol binding in binary mode ({@code ce_}
 * headers with UTF-8 values, {@code content-type}, value = data), so any CloudEvents Kafka consumer (the SDK's
 * deserializer among them, as a test shows) can read the topic. Written and read straight from the headers:
 * the SDK's builder re-parses URIs and times with java.net/java.time, which refuse some valid RFC 3986/3339
 * values and cost the hot path. The platform's own event id travels in the {@code bss_eventid} header and the
 * accept instant is the record's timestamp.
 */
public final class EventRecords {

    public static final String TENANT_EXTENSION = "tenantid";
    static final String EVENT_ID_HEADER = "bss_eventid";
    private static final String CE_PREFIX = "ce_";
    private static final String CONTENT_TYPE = "content-type";
    private static final String TRACEPARENT_HEADER = CE_PREFIX + EventTracing.TRACEPARENT;
    private static final String TRACESTATE_HEADER = CE_PREFIX + EventTracing.TRACESTATE;
    private static final byte[] SPEC_VERSION = CloudEvent.SPEC_VERSION.getBytes(StandardCharsets.US_ASCII);

    private EventRecords() {
    }

    public static ProducerRecord<String, byte[]> toRecord(String topic, BusEvent bus) {
        return toRecord(topic, bus, EventTracing.Stamp.NONE);
    }

    /**
     * The record of an event, with this trace context as its {@code traceparent} and {@code tracestate} unless the
     * event carries a {@code traceparent} of its own, which stays as it is (and the trace context's
     * {@code tracestate} is left out too when the event has a {@code tracestate}).
     */
    public static ProducerRecord<String, byte[]> toRecord(String topic, BusEvent bus, EventTracing.Stamp trace) {
        CloudEvent event = bus.event();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, bus.receivedAt().toEpochMilli(),
                bus.partitionKey(), event.data());
        Headers headers = record.headers();
        header(headers, CE_PREFIX + "specversion", CloudEvent.SPEC_VERSION);
        header(headers, CE_PREFIX + "id", event.id());
        header(headers, CE_PREFIX + "source", event.source());
        header(headers, CE_PREFIX + "type", event.type());
        header(headers, CE_PREFIX + "subject", event.subject());
        header(headers, CE_PREFIX + "time", event.time());
        header(headers, CE_PREFIX + "dataschema", event.dataschema());
        if (event.data() != null) {
            header(headers, CONTENT_TYPE, event.datacontenttype());
        }
        event.extensions().forEach((name, value) -> {
            if (!name.equals(TENANT_EXTENSION)) {
                header(headers, CE_PREFIX + name, value.toString());
            }
        });
        if (trace.traceparent() != null && !event.extensions().containsKey(EventTracing.TRACEPARENT)) {
            headers.add(TRACEPARENT_HEADER, trace.traceparent());
            if (trace.tracestate() != null && !event.extensions().containsKey(EventTracing.TRACESTATE)) {
                headers.add(TRACESTATE_HEADER, trace.tracestate());
            }
        }
        header(headers, CE_PREFIX + TENANT_EXTENSION, bus.tenantId());
        headers.add(EVENT_ID_HEADER, uuidBytes(bus.eventId()));
        return record;
    }

    private static void header(Headers headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Reads a record of {@code bss.events}, its attributes left as the record's bytes (what the store needs); throws
     * when it is not a CloudEvent the platform wrote. The binding's binary mode is read straight from the headers
     * (the store's hot path: the SDK's reader cost a quarter of its CPU); a structured-mode record, which another
     * producer may write, is read by {@link StructuredFormat}.
     */
    public static BusRecord read(ConsumerRecord<?, byte[]> record) {
        return read(record.headers(), record.value(), record.timestamp());
    }

    /** {@link #read(ConsumerRecord)} for a record given as its parts (as Kafka Streams hands them). */
    public static BusRecord read(Headers headers, byte[] value, long timestamp) {
        String contentType = null;
        byte[] eventId = null;
        byte[] specversion = null;
        byte[] id = null;
        byte[] source = null;
        byte[] type = null;
        byte[] subject = null;
        byte[] time = null;
        byte[] dataschema = null;
        byte[] tenant = null;
        Map<String, Object> extensions = Map.of();
        for (Header header : headers) {
            String name = header.key();
            byte[] bytes = header.value();
            if (name.startsWith(CE_PREFIX)) {
                switch (name) {
                    case "ce_specversion" -> specversion = bytes;
                    case "ce_id" -> id = bytes;
                    case "ce_source" -> source = bytes;
                    case "ce_type" -> type = bytes;
                    case "ce_subject" -> subject = bytes;
                    case "ce_time" -> time = bytes;
                    case "ce_dataschema" -> dataschema = bytes;
                    case "ce_" + TENANT_EXTENSION -> tenant = bytes;
                    default -> {
                        if (extensions.isEmpty()) {
                            extensions = new LinkedHashMap<>();
                        }
                        extensions.put(name.substring(CE_PREFIX.length()), new String(bytes, StandardCharsets.UTF_8));
                    }
                }
            } else if (name.equalsIgnoreCase(CONTENT_TYPE)) {
                contentType = new String(bytes, StandardCharsets.UTF_8);
            } else if (name.equals(EVENT_ID_HEADER)) {
                eventId = bytes;
            }
        }
        if (eventId == null || eventId.length != 16) {
            throw new IllegalArgumentException("record has no " + EVENT_ID_HEADER + " header");
        }
        if (contentType != null && contentType.startsWith(StructuredFormat.MEDIA_TYPE)) {
            CloudEvent event = StructuredFormat.read(value);
            Object claimed = event.extensions().get(TENANT_EXTENSION);
            if (claimed == null) {
                throw new IllegalArgumentException("record has no " + TENANT_EXTENSION + " extension");
            }
            return BusRecord.of(new BusEvent(claimed.toString(), uuid(eventId), Instant.ofEpochMilli(timestamp), event));
        }
        if (specversion == null || !Arrays.equals(specversion, SPEC_VERSION)) {
            throw new IllegalArgumentException("not a CloudEvents 1.0 record: ce_specversion is "
                    + (specversion == null ? null : new String(specversion, StandardCharsets.UTF_8)));
        }
        if (id == null || source == null || type == null) {
            throw new IllegalArgumentException("record lacks a required CloudEvents attribute (id, source, type)");
        }
        if (tenant == null) {
            throw new IllegalArgumentException("record has no " + TENANT_EXTENSION + " extension");
        }
        return new BusRecord(tenant, uuid(eventId), timestamp, id, source, type, subject, time,
                value == null ? null : contentType, dataschema, extensions, value);
    }

    /** The tenant a record's {@code ce_tenantid} header names, or null (for log lines about a record). */
    static String tenantOf(Headers headers) {
        Header tenant = headers.lastHeader(CE_PREFIX + TENANT_EXTENSION);
        return tenant == null || tenant.value() == null ? null : new String(tenant.value(), StandardCharsets.UTF_8);
    }

    /** The platform's id of the event in a record ({@code bss_eventid}), or null (for log lines about a record). */
    static UUID eventIdOf(Headers headers) {
        Header id = headers.lastHeader(EVENT_ID_HEADER);
        return id == null || id.value() == null || id.value().length != 16 ? null : uuid(id.value());
    }

    private static byte[] uuidBytes(UUID uuid) {
        return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
    }

    private static UUID uuid(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong());
    }
}
