package org.bss.platform.bus;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * One record of {@code bss.quality}: {@code count} events of one tenant and type that were refused at the edge, or
 * that the store found to be duplicates, for one reason, within one request or one stored batch. On the topic: key =
 * the tenant, timestamp = {@code at}, value = UTF-8 JSON
 * {@code {"tenant":"t1","type":"order.placed","reason":"schema","count":3}}.
 *
 * @param type the event's CloudEvents type; null when the event could not be read
 * @param at   when it happened: the refusal, or the acceptance of the latest of the duplicates
 */
public record QualitySignal(String tenant, String type, Reason reason, int count, Instant at) {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    public QualitySignal {
        if (tenant == null || reason == null || at == null || count < 1) {
            throw new IllegalArgumentException("a signal names its tenant, reason and time, and counts at least one event");
        }
    }

    /** Why the events are counted; {@link #wireName()} is the {@code reason} on the topic. */
    public enum Reason {
        /** The CloudEvents envelope: required attributes, their formats, a document that is not a CloudEvent. */
        ENVELOPE("envelope"),
        /** The data is not valid for the schema of its type. */
        SCHEMA("schema"),
        /** The data-quality rules: positive amounts, ISO 4217 currencies, a time not in the future. */
        RULE("rule"),
        /** The {@code tenantid} extension names another tenant than the caller's. */
        TENANT("tenant"),
        /** The type has no schema, and the tenant's policy is strict. */
        UNKNOWN_TYPE("unknown-type"),
        /** The store already had an event of that tenant with the same source and id. */
        DUPLICATE("duplicate");

        private final String wireName;

        Reason(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Reason ofWireName(String name) {
            return Arrays.stream(values()).filter(r -> r.wireName.equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("not a quality reason: " + name));
        }
    }

    public ProducerRecord<String, byte[]> toRecord(String topic) {
        return new ProducerRecord<>(topic, null, at.toEpochMilli(), tenant, json());
    }

    byte[] json() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + tenant.length() + (type == null ? 0 : type.length()));
        try (JsonGenerator generator = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
            generator.writeStartObject();
            generator.writeStringProperty("tenant", tenant);
            generator.writeName("type");
            if (type == null) {
                generator.writeNull();
            } else {
                generator.writeString(type);
            }
            generator.writeStringProperty("reason", reason.wireName());
            generator.writeNumberProperty("count", count);
            generator.writeEndObject();
        }
        return out.toByteArray();
    }

    /** Reads a record's value and timestamp back; unknown members are skipped. */
    public static QualitySignal read(byte[] value, long timestampMillis) {
        String tenant = null;
        String type = null;
        String reason = null;
        int count = 0;
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("a quality signal is a JSON object");
            }
            for (String name = parser.nextName(); name != null; name = parser.nextName()) {
                JsonToken token = parser.nextToken();
                switch (name) {
                    case "tenant" -> tenant = parser.getString();
                    case "type" -> type = token == JsonToken.VALUE_NULL ? null : parser.getString();
                    case "reason" -> reason = parser.getString();
                    case "count" -> count = parser.getIntValue();
                    default -> parser.skipChildren();
                }
            }
        }
        return new QualitySignal(tenant, type, Reason.ofWireName(reason), count, Instant.ofEpochMilli(timestampMillis));
    }
}
