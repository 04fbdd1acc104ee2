package org.bss.platform.deadletters.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.bss.platform.bus.DeadLetters;

/**
 * One record of the dead-letter topic, read: why it failed, where it came from, and the original record (key,
 * value, timestamp and headers but the {@code bss_dlq_*} ones).
 *
 * @param redriveId the dead letter this record is a failed redrive of, if it is one
 */
record Failure(UUID redriveId, String stage, String cause, String error, String tenant, String ceId, String ceSource,
        String ceType, String originTopic, Integer originPartition, Long originOffset, int dlqPartition, long dlqOffset,
        String key, long timestamp, byte[] value, List<StoredHeader> headers) {

    /** Marks a redriven record with the id of its dead letter. */
    static final String REDRIVE_ID = "bss_redrive_id";
    static final String DLQ_PREFIX = "bss_dlq_";

    static Failure of(ConsumerRecord<String, byte[]> record) {
        List<StoredHeader> original = new ArrayList<>();
        for (Header header : record.headers()) {
            if (!header.key().startsWith(DLQ_PREFIX)) {
                original.add(new StoredHeader(header.key(), header.value()));
            }
        }
        return new Failure(uuid(header(record, REDRIVE_ID)),
                orElse(header(record, DeadLetters.STAGE), "unknown"), orElse(header(record, DeadLetters.CAUSE), "unknown"),
                header(record, DeadLetters.ERROR), header(record, "ce_tenantid"), header(record, "ce_id"),
                header(record, "ce_source"), header(record, "ce_type"), header(record, DeadLetters.TOPIC),
                number(header(record, DeadLetters.PARTITION), Integer::valueOf), number(header(record, DeadLetters.OFFSET), Long::valueOf),
                record.partition(), record.offset(), record.key(), record.timestamp(), record.value(), original);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String orElse(String value, String otherwise) {
        return value == null || value.isBlank() ? otherwise : value;
    }

    private static UUID uuid(String text) {
        try {
            return text == null ? null : UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static <T> T number(String text, java.util.function.Function<String, T> parse) {
        try {
            return text == null ? null : parse.apply(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
