package org.bss.platform.store.internal;

import java.util.ArrayList;
import java.util.List;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.bus.EventRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The store role: consumes bss.events in batches and writes each batch to PostgreSQL. The container commits
 * the batch's offsets only after this method returns, that is after the database transaction committed.
 */
@Component
@ConditionalOnRole(Role.STORE)
class EventStoreListener {

    private static final Logger log = LoggerFactory.getLogger(EventStoreListener.class);

    private final EventBatchWriter writer;
    private final Counter stored;
    private final Counter undecodable;

    EventStoreListener(EventBatchWriter writer, MeterRegistry meters) {
        this.writer = writer;
        this.stored = Counter.builder("bss.store.events").description("Events written to PostgreSQL").register(meters);
        this.undecodable = Counter.builder("bss.store.undecodable")
                .description("Records of bss.events that are not CloudEvents the platform wrote").register(meters);
    }

    @KafkaListener(id = "bss-store", topics = "${bss.kafka.events-topic:bss.events}",
            groupId = "${bss.store.consumer-group:bss-store}", concurrency = "${bss.store.concurrency:2}")
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        List<StoredEvent> batch = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                batch.add(StoredEvent.of(EventRecords.fromRecord(record), record.partition(), record.offset()));
            } catch (RuntimeException e) {
                undecodable.increment();
                log.error("Skipping undecodable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                        e.toString());
            }
        }
        if (!batch.isEmpty()) {
            stored.increment(writer.write(batch));
        }
    }
}
