package org.bss.platform.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bss.platform.ApiClient;
import org.bss.platform.ApiTest;
import org.bss.platform.bus.EventRecords;
import org.bss.platform.tenancy.Scope;
import org.junit.jupiter.api.Test;

/** A record that can never be stored goes to bss.events.dlq with its cause; the rest of its batch is stored. */
class DeadLetterTest extends ApiTest {

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndTheirBatchIsStored() throws Exception {
        String tenant = "dlq-" + UUID.randomUUID().toString().substring(0, 8);
        tenants.create(tenant, tenant);
        ApiClient api = client(tenants.issueKey(tenant, EnumSet.of(Scope.EVENTS_READ), null).secret());
        Instant now = Instant.now();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            records.add(EventRecords.toRecord("bss.events", StoreTestEvents.bus(tenant, "ok-" + i, "application/json",
                    "{\"amount\":" + (i + 1) + "}", now)));
        }
        ProducerRecord<String, byte[]> badJson = EventRecords.toRecord("bss.events",
                StoreTestEvents.bus(tenant, "bad-json", "application/json", "{not json", now));
        records.add(5, badJson);
        records.add(9, EventRecords.toRecord("bss.events",
                StoreTestEvents.bus(tenant, "bad-json-2", "application/json", "{also not json", now)));
        ProducerRecord<String, byte[]> undecodable = new ProducerRecord<>("bss.events", tenant + "/customer/c-1",
                "no CloudEvent headers here".getBytes(StandardCharsets.UTF_8));
        records.add(7, undecodable);

        try (DeadLetterReader dlq = new DeadLetterReader(bootstrapServers);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.LINGER_MS_CONFIG, 50),
                     new StringSerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<String, byte[]> record : records) {
                producer.send(record);
            }
            producer.flush();

            await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/v1/events?limit=100").json().get("events").size() == 10);
            // The store's dead letters; the projection sends its own (stage project) for events it cannot fold.
            List<ConsumerRecord<String, byte[]>> dead = dlq.readUntil(3,
                    r -> tenant.equals(keyTenant(r)) && !"project".equals(header(r, "bss_dlq_stage")));

            assertThat(api.get("/api/v1/events?limit=100").json().get("events").valueStream().map(e -> e.get("id").asString()))
                    .containsExactlyInAnyOrder("ok-0", "ok-1", "ok-2", "ok-3", "ok-4", "ok-5", "ok-6", "ok-7", "ok-8", "ok-9");
            assertThat(dead.stream().map(r -> header(r, "ce_id"))).containsExactlyInAnyOrder("bad-json", "bad-json-2", null);
            ConsumerRecord<String, byte[]> json = dead.stream().filter(r -> "bad-json".equals(header(r, "ce_id"))).findFirst().orElseThrow();
            assertThat(header(json, "ce_id")).isEqualTo("bad-json");
            assertThat(header(json, "bss_dlq_stage")).isEqualTo("store");
            assertThat(header(json, "bss_dlq_cause")).isEqualTo("invalid-data");
            assertThat(header(json, "bss_dlq_error")).containsIgnoringCase("json");
            assertThat(header(json, "bss_dlq_topic")).isEqualTo("bss.events");
            assertThat(header(json, "bss_dlq_partition")).isNotBlank();
            assertThat(header(json, "bss_dlq_offset")).isNotBlank();
            assertThat(json.value()).isEqualTo("{not json".getBytes(StandardCharsets.UTF_8));

            ConsumerRecord<String, byte[]> raw = dead.stream().filter(r -> header(r, "ce_id") == null).findFirst().orElseThrow();
            assertThat(header(raw, "bss_dlq_stage")).isEqualTo("decode");
            assertThat(header(raw, "bss_dlq_cause")).isEqualTo("undecodable");
            assertThat(raw.value()).isEqualTo(undecodable.value());
        }
        List<String> metrics = client(null).get("/actuator/prometheus").body().lines()
                .filter(line -> line.startsWith("bss_dead_letters_total{")).toList();
        assertThat(metrics).anySatisfy(line -> assertThat(line).contains("cause=\"invalid-data\"").contains("stage=\"store\""))
                .anySatisfy(line -> assertThat(line).contains("cause=\"undecodable\"").contains("stage=\"decode\""));
    }

    private static String keyTenant(ConsumerRecord<String, byte[]> record) {
        return record.key() == null ? null : record.key().substring(0, record.key().indexOf('/'));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Reads the dead-letter topic from its current end. */
    static final class DeadLetterReader implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

        DeadLetterReader(String bootstrapServers) {
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                    new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor("bss.events.dlq").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        }

        List<ConsumerRecord<String, byte[]>> readUntil(int count, java.util.function.Predicate<ConsumerRecord<String, byte[]>> mine) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.stream().filter(mine).count() >= count;
            });
            return seen.stream().filter(mine).toList();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
