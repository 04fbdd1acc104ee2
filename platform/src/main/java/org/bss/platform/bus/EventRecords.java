package org.bss.platform.bus;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.bss.model.envelope.CloudEvent;

/**
 * The record format of {@code bss.events}: the CloudEvents Kafka protocol binding in binary mode ({@code ce_}
 * headers, value = data), so any CloudEvents Kafka consumer can read the topic. The platform's own
 * event id travels in the {@code bss_eventid} header and the accept instant is the record's timestamp.
 */
public final class EventRecords {

    public static final String TENANT_EXTENSION = "tenantid";
    static final String EVENT_ID_HEADER = "bss_eventid";

    private EventRecords() {
    }

    public static ProducerRecord<String, byte[]> toRecord(String topic, BusEvent bus) {
        CloudEvent event = bus.event();
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(event.id())
                .withSource(URI.create(event.source()))
                .withType(event.type());
        if (event.subject() != null) {
            builder.withSubject(event.subject());
        }
        if (event.time() != null) {
            builder.withTime(sdkTime(event));
        }
        if (event.datacontenttype() != null) {
            builder.withDataContentType(event.datacontenttype());
        }
        if (event.dataschema() != null) {
            builder.withDataSchema(URI.create(event.dataschema()));
        }
        event.extensions().forEach((name, value) -> {
            switch (value) {
                case Boolean b -> builder.withExtension(name, b);
                case Integer i -> builder.withExtension(name, i);
                default -> builder.withExtension(name, value.toString());
            }
        });
        builder.withExtension(TENANT_EXTENSION, bus.tenantId());
        if (event.data() != null) {
            builder.withData(event.data());
        }
        ProducerRecord<String, byte[]> record = KafkaMessageFactory
                .createWriter(topic, null, bus.receivedAt().toEpochMilli(), bus.partitionKey())
                .writeBinary(builder.build());
        record.headers().add(EVENT_ID_HEADER, uuidBytes(bus.eventId()));
        return record;
    }

    /** Reads a record of {@code bss.events}; throws when it is not a CloudEvent the platform wrote. */
    public static BusEvent fromRecord(ConsumerRecord<String, byte[]> record) {
        MessageReader reader = KafkaMessageFactory.createReader(record);
        io.cloudevents.CloudEvent sdk = reader.toEvent();
        Map<String, Object> extensions = new LinkedHashMap<>();
        for (String name : sdk.getExtensionNames()) {
            extensions.put(name, sdk.getExtension(name));
        }
        Object tenant = extensions.get(TENANT_EXTENSION);
        if (tenant == null) {
            throw new IllegalArgumentException("record has no " + TENANT_EXTENSION + " extension");
        }
        Header idHeader = record.headers().lastHeader(EVENT_ID_HEADER);
        if (idHeader == null || idHeader.value().length != 16) {
            throw new IllegalArgumentException("record has no " + EVENT_ID_HEADER + " header");
        }
        CloudEvent event = new CloudEvent(
                sdk.getSpecVersion().toString(),
                sdk.getId(),
                sdk.getSource().toString(),
                sdk.getType(),
                sdk.getSubject(),
                sdk.getTime() == null ? null
                        : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(sdk.getTime().withOffsetSameInstant(ZoneOffset.UTC)),
                sdk.getDataContentType(),
                sdk.getDataSchema() == null ? null : sdk.getDataSchema().toString(),
                extensions,
                sdk.getData() == null ? null : sdk.getData().toBytes());
        return new BusEvent(tenant.toString(), uuid(idHeader.value()), Instant.ofEpochMilli(record.timestamp()), event);
    }

    /** The SDK holds time as an OffsetDateTime: keep the producer's offset where java.time can hold it. */
    private static OffsetDateTime sdkTime(CloudEvent event) {
        try {
            return OffsetDateTime.parse(event.time());
        } catch (DateTimeParseException e) { // valid RFC 3339 beyond java.time: leap second, > 9 digits, offset > 18 h
            return OffsetDateTime.ofInstant(event.timeInstant(), ZoneOffset.UTC);
        }
    }

    private static byte[] uuidBytes(UUID uuid) {
        return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
    }

    private static UUID uuid(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong());
    }
}
