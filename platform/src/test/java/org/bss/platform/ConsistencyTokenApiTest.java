package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bss.platform.bus.ConsistencyToken;
import org.bss.platform.bus.EventTopics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers that accept events carry a consistency token, in the body and in the {@code BSS-Consistency-Token}
 * header: for each partition of bss.events, the offset of the last accepted event. The records there are the
 * events that were posted, in every content mode.
 */
class ConsistencyTokenApiTest extends ApiTest {

    private static final String BATCH = "application/cloudevents-batch+json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    EventTopics topics;

    private final HttpClient http = HttpClient.newHttpClient();
    private String key;

    @BeforeEach
    void newTenant() {
        key = TestTenants.newTenantKey(tenants, "token");
    }

    private static String note(String id, String subject) {
        return """
                {"specversion":"1.0","type":"acme.note","source":"/notes","id":"%s","subject":"%s","data":{"text":"hi"}}"""
                .formatted(id, subject);
    }

    private HttpResponse<String> post(Map<String, String> headers, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/events"))
                .header("X-API-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The answer's token, read from its body and its header, which say the same. */
    private static ConsistencyToken token(HttpResponse<String> response) {
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.has("consistencyToken")).as(response.body()).isTrue();
        String text = body.get("consistencyToken").asString();
        assertThat(response.headers().firstValue(ConsistencyToken.HEADER)).hasValue(text);
        return ConsistencyToken.parse(text);
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static String ceId(ConsumerRecord<String, byte[]> record) {
        Header id = record.headers().lastHeader("ce_id");
        return id == null ? null : new String(id.value(), StandardCharsets.UTF_8);
    }

    /** The CloudEvents id of the record at {@code offset} of {@code partition} of bss.events. */
    private String idAt(int partition, long offset) {
        TopicPartition topicPartition = new TopicPartition(topics.eventsTopic(), partition);
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.assign(List.of(topicPartition));
            consumer.seek(topicPartition, offset);
            List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                return !read.isEmpty();
            });
            assertThat(read.getFirst().offset()).isEqualTo(offset);
            return ceId(read.getFirst());
        }
    }

    /** The single event's token names one position, and the record there is the event. */
    private void assertTokenPointsAt(HttpResponse<String> response, String id) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        ConsistencyToken token = token(response);

        assertThat(token.offsets()).hasSize(1);
        Map.Entry<Integer, Long> position = token.offsets().entrySet().iterator().next();
        assertThat(idAt(position.getKey(), position.getValue())).isEqualTo(id);
    }

    @Test
    void aStructuredEventsTokenPointsAtItsRecord() throws Exception {
        String id = "str-" + UUID.randomUUID();

        HttpResponse<String> response = post(Map.of("Content-Type", "application/cloudevents+json"), note(id, "note/1"));

        assertTokenPointsAt(response, id);
    }

    @Test
    void aBinaryEventsTokenPointsAtItsRecord() throws Exception {
        String id = "bin-" + UUID.randomUUID();

        HttpResponse<String> response = post(Map.of("ce-specversion", "1.0", "ce-id", id, "ce-source", "/notes",
                "ce-type", "acme.note", "ce-subject", "note/1", "Content-Type", "application/json"), "{\"text\":\"hi\"}");

        assertTokenPointsAt(response, id);
    }

    @Test
    void aBatchTokenHoldsTheLastAcceptedEventOfEachPartition() throws Exception {
        List<String> ids = IntStream.range(0, 24).mapToObj(i -> "batch-" + i + "-" + UUID.randomUUID()).toList();
        String batch = "[" + String.join(",", ids.stream().map(id -> note(id, "note/" + id)).toList()) + "]";

        try (TopicFromNow topic = new TopicFromNow()) {
            HttpResponse<String> response = post(Map.of("Content-Type", BATCH), batch);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            ConsistencyToken token = token(response);
            Map<Integer, List<ConsumerRecord<String, byte[]>>> posted = topic.readPast(token, ids);
            assertThat(posted.values().stream().flatMap(List::stream).map(ConsistencyTokenApiTest::ceId))
                    .as("every accepted event, at or before the token's position of its partition")
                    .containsExactlyInAnyOrderElementsOf(ids);
            assertThat(token.offsets()).as("one position for each partition the batch went to")
                    .containsOnlyKeys(posted.keySet());
            posted.forEach((partition, records) -> {
                ConsumerRecord<String, byte[]> last = records.getLast();
                assertThat(token.offsets().get(partition)).isEqualTo(last.offset());
                assertThat(idAt(partition, token.offsets().get(partition))).isEqualTo(ceId(last));
            });
        }
    }

    @Test
    void aPartlyAcceptedBatchTokenPointsAtTheAcceptedEventOnly() throws Exception {
        String accepted = "ok-" + UUID.randomUUID();
        String batch = "[" + note(accepted, "note/1") + "," + note("bad-" + UUID.randomUUID(), "note/1")
                .replace("\"type\":\"acme.note\",", "") + "]";

        HttpResponse<String> response = post(Map.of("Content-Type", BATCH), batch);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(207);
        ConsistencyToken token = token(response);
        assertThat(token.offsets()).hasSize(1);
        Map.Entry<Integer, Long> position = token.offsets().entrySet().iterator().next();
        assertThat(idAt(position.getKey(), position.getValue())).isEqualTo(accepted);
    }

    @Test
    void nothingAcceptedCarriesNoToken() throws Exception {
        HttpResponse<String> batch = post(Map.of("Content-Type", BATCH), "[{\"specversion\":\"1.0\"}]");
        HttpResponse<String> single = post(Map.of("Content-Type", "application/cloudevents+json"), "{\"specversion\":\"1.0\"}");

        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(400);
        assertThat(JSON.readTree(batch.body()).has("consistencyToken")).isFalse();
        assertThat(batch.headers().firstValue(ConsistencyToken.HEADER)).isEmpty();
        assertThat(single.statusCode()).as(single.body()).isEqualTo(400);
        assertThat(single.headers().firstValue(ConsistencyToken.HEADER)).isEmpty();
    }

    /** Reads every partition of bss.events from the offsets it had when made: what a test posts after that. */
    private final class TopicFromNow implements AutoCloseable {

        private final KafkaConsumer<String, byte[]> consumer = consumer();
        private final List<TopicPartition> partitions;

        TopicFromNow() {
            partitions = consumer.partitionsFor(topics.eventsTopic()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // fixes the starting offsets now
        }

        /**
         * Reads until every position of {@code token} is passed; answers the records up to those positions whose id
         * is one of {@code ids}, per partition, in offset order.
         */
        Map<Integer, List<ConsumerRecord<String, byte[]>>> readPast(ConsistencyToken token, List<String> ids) {
            Map<Integer, List<ConsumerRecord<String, byte[]>>> read = new LinkedHashMap<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Long position = token.offsets().get(record.partition());
                    if (position != null && record.offset() <= position && ids.contains(ceId(record))) {
                        read.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(record);
                    }
                }
                return token.passedBy(next());
            });
            return read;
        }

        private Map<Integer, Long> next() {
            Map<Integer, Long> next = new HashMap<>();
            partitions.forEach(p -> next.put(p.partition(), consumer.position(p)));
            return next;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
