package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bss.platform.tenancy.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What bss.quality carries, read as any consumer would: events refused at the edge (per request, tenant, type and
 * reason) and duplicates the store found. Each test has a tenant of its own, and a tenant's records share a
 * partition, so a later record of the tenant (a marker) proves that no other came between.
 */
class QualityTopicTest extends ApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BATCH = "application/cloudevents-batch+json";
    /** Not JSON: refused as unreadable, with no type. */
    private static final String MARKER = "{\"specversion\":";

    private String tenant;
    private ApiClient api;
    private KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    @BeforeEach
    void newTenantAndReader() {
        tenant = "quality-" + UUID.randomUUID().toString().substring(0, 8);
        tenants.create(tenant, "Test tenant " + tenant);
        api = client(tenants.issueKey(tenant, EnumSet.of(Scope.EVENTS_WRITE, Scope.EVENTS_READ, Scope.SCHEMAS_WRITE), null)
                .secret());
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor("bss.quality").stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fixes the starting offsets now
    }

    @AfterEach
    void closeReader() {
        consumer.close();
    }

    static String payment(String id, String amount) {
        return """
                {"specversion":"1.0","type":"payment.created","id":"%s","source":"/billing","time":"2025-11-07T10:30:00Z",
                 "data":{"amount":%s,"currency":"EUR","customer_id":"c-9"}}""".formatted(id, amount);
    }

    @Test
    void aRefusedStructuredEventIsOneRecordOfItsTenantTypeAndReason() {
        long before = System.currentTimeMillis();
        ApiClient.Response refused = api.postEvent(payment("q-1", "\"ten\""));
        long after = System.currentTimeMillis();
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);

        ConsumerRecord<String, byte[]> record = readUntil(value -> true).getFirst();

        assertThat(record.key()).isEqualTo(tenant);
        assertThat(record.timestamp()).isBetween(before, after);
        assertThat(json(record)).isEqualTo(expected("payment.created", "schema", 1));
    }

    @Test
    void aBatchCountsItsRefusedEventsPerTypeAndReasonAndNotItsAcceptedOne() {
        ApiClient.Response answer = api.post("/api/v1/events", BATCH,
                "[" + payment("q-ok", "10") + "," + payment("q-neg", "-5") + "," + payment("q-zero", "0") + "]");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(207);
        assertThat(api.postEvent(MARKER).status()).isEqualTo(400);

        assertThat(readUntil(value -> value.get("type").isNull()).stream().map(QualityTopicTest::json))
                .containsExactly(expected("payment.created", "rule", 2), expected(null, "envelope", 1));
    }

    @Test
    void aBatchWithNothingAcceptedNamesEachReason() {
        String noId = "{\"specversion\":\"1.0\",\"type\":\"order.placed\",\"source\":\"/shop\"}";
        String otherTenant = payment("q-other", "10").replace("\"source\"", "\"tenantid\":\"someone-else\",\"source\"");
        String unreadable = "{\"specversion\":1}";

        ApiClient.Response answer = api.post("/api/v1/events", BATCH, "[" + noId + "," + otherTenant + "," + unreadable + "]");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);

        assertThat(readUntil(value -> value.get("reason").asString().equals("envelope") && value.get("type").isNull())
                .stream().map(QualityTopicTest::json)).containsExactlyInAnyOrder(
                expected("order.placed", "envelope", 1), expected("payment.created", "tenant", 1), expected(null, "envelope", 1));
    }

    @Test
    void anUnknownTypeUnderTheStrictPolicyIsCountedAsSuch() {
        assertThat(api.put("/api/v1/schemas/policy", "application/json", "{\"policy\":\"strict\"}").status()).isEqualTo(200);
        String unknown = "{\"specversion\":\"1.0\",\"type\":\"meter.read\",\"id\":\"q-m\",\"source\":\"/meters\",\"data\":{\"kwh\":3}}";
        // The policy reaches every cache within moments; until then the event is accepted, which is not counted.
        await().atMost(Duration.ofSeconds(15)).until(() -> api.postEvent(unknown).status() == 400);

        assertThat(readUntil(value -> true).stream().map(QualityTopicTest::json))
                .containsExactly(expected("meter.read", "unknown-type", 1));
    }

    @Test
    void anAcceptedEventIsNotCounted() {
        assertThat(api.postEvent(payment("q-fine", "10")).status()).isEqualTo(202);
        assertThat(api.postEvent(MARKER).status()).isEqualTo(400);

        assertThat(readUntil(value -> true).stream().map(QualityTopicTest::json))
                .containsExactly(expected(null, "envelope", 1));
    }

    @Test
    void anEventSentTwiceIsOneDuplicateOnceTheStoreHasBoth() {
        String event = payment("q-twice", "10");
        assertThat(api.postEvent(event).status()).isEqualTo(202);
        assertThat(api.postEvent(event).status()).isEqualTo(202);

        List<ConsumerRecord<String, byte[]>> duplicate = readUntil(value -> value.get("reason").asString().equals("duplicate"));
        assertThat(api.postEvent(MARKER).status()).isEqualTo(400);
        List<ConsumerRecord<String, byte[]>> all = readUntil(value -> value.get("type").isNull());

        assertThat(duplicate.getLast().key()).isEqualTo(tenant);
        assertThat(all.stream().map(QualityTopicTest::json))
                .containsExactly(expected("payment.created", "duplicate", 1), expected(null, "envelope", 1));
    }

    /** Polls until a record of this test's tenant matches; returns the tenant's records so far, the match included. */
    private List<ConsumerRecord<String, byte[]>> readUntil(Predicate<JsonNode> last) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                if (tenant.equals(record.key())) {
                    seen.add(record);
                }
            });
            return seen.stream().anyMatch(record -> last.test(json(record)));
        });
        return List.copyOf(seen);
    }

    private static JsonNode json(ConsumerRecord<String, byte[]> record) {
        return JSON.readTree(new String(record.value(), StandardCharsets.UTF_8));
    }

    private JsonNode expected(String type, String reason, int count) {
        return JSON.readTree("{\"tenant\":\"%s\",\"type\":%s,\"reason\":\"%s\",\"count\":%d}"
                .formatted(tenant, type == null ? "null" : "\"" + type + "\"", reason, count));
    }
}
