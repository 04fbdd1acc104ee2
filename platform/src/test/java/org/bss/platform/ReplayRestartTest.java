package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bss.devservices.DevServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A replay job survives its platform: the instance running it is killed, another is started, and the job goes on
 * from its stored position to the end. The instances have a database, topic and consumer groups of their own, so
 * that the test JVM's platform does not take the job up itself.
 */
class ReplayRestartTest {

    @TempDir
    Path dir;

    @Test
    void aJobContinuesAfterItsPlatformIsKilledAndRestarted() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        var pg = DevServices.shared().postgres().orElseThrow();
        try (Connection connection = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password())) {
            connection.createStatement().execute("create database replay_" + run);
        }
        String url = pg.jdbcUrl().substring(0, pg.jdbcUrl().lastIndexOf('/') + 1) + "replay_" + run;
        List<String> args = PlatformProcess.sharedServers();
        args = PlatformProcess.with(args, "spring.datasource.url", url);
        args = PlatformProcess.with(args, "bss.dead-letters.consumer-group", "bss-dead-letters-" + run);
        args = PlatformProcess.with(args, "bss.kafka.dead-letter-topic", "bss.events.dlq." + run);
        args = PlatformProcess.with(args, "bss.replay.lease", "3s");
        args = PlatformProcess.with(args, "bss.replay.poll-interval", "200ms");
        String topic = "replay-restart-" + run;
        String jobId;
        String key;
        try (PlatformProcess first = PlatformProcess.start(dir.resolve("first.log"), args)) {
            awaitReady(first);
            key = first.newTenant("restart").key();
            ApiClient client = first.client(key);
            post(client, 3_000);
            await().atMost(Duration.ofMinutes(2)).until(() -> stored(client) == 3_000);
            JsonNode job = client.post("/api/v1/replays", "application/json", """
                    {"selection": {"types": ["replay.alpha"]}, "speed": "250/s", "target": {"kind": "topic", "topic": "%s"}}"""
                    .formatted(topic)).json();
            jobId = job.get("id").asString();
            await().atMost(Duration.ofMinutes(1)).until(() -> progress(client, jobId).get("delivered").asLong() >= 500);
        } // killed: no clean stop, the job stays with the dead instance until its lease runs out
        try (PlatformProcess second = PlatformProcess.start(dir.resolve("second.log"), args)) {
            awaitReady(second);
            ApiClient client = second.client(key);
            JsonNode done = await().atMost(Duration.ofMinutes(2)).until(() -> client.get("/api/v1/replays/" + jobId).json(),
                    job -> job.get("state").asString().equals("completed"));
            assertThat(done.get("progress").get("delivered").asLong()).isEqualTo(2_000);
            assertThat(second.output()).contains("Replay " + jobId + " taken up").doesNotContain("at 0 events read");
        }
        List<String> ids = readAll(topic, 2_000);
        assertThat(ids.stream().distinct().count()).isEqualTo(2_000);
        assertThat(ids.size() - 2_000).as("sent again after the crash").isBetween(0, 500);
    }

    private static void awaitReady(PlatformProcess instance) {
        await().atMost(Duration.ofSeconds(240)).until(() -> instance.ready() || !instance.process.isAlive());
        assertThat(instance.process.isAlive()).as(instance.output()).isTrue();
    }

    private static JsonNode progress(ApiClient client, String id) {
        return client.get("/api/v1/replays/" + id).json().get("progress");
    }

    private static int stored(ApiClient client) {
        int count = 0;
        String next = null;
        do {
            JsonNode page = client.get("/api/v1/events?limit=1000" + (next == null ? "" : "&after=" + next)).json();
            count += page.get("events").size();
            next = page.get("more").asBoolean() ? page.get("next").asString() : null;
        } while (next != null);
        return count;
    }

    private static void post(ApiClient client, int n) {
        for (int first = 0; first < n; first += 500) {
            StringBuilder batch = new StringBuilder("[");
            for (int i = first; i < first + 500; i++) {
                batch.append(i > first ? "," : "").append("{\"specversion\":\"1.0\",\"id\":\"e-").append(i)
                        .append("\",\"source\":\"/restart\",\"type\":\"").append(i % 3 == 0 ? "replay.beta" : "replay.alpha")
                        .append("\",\"subject\":\"account/").append(i % 20).append("\",\"data\":{}}");
            }
            ApiClient.Response answer = client.post("/api/v1/events", "application/cloudevents-batch+json", batch.append(']').toString());
            assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
        }
    }

    private static List<String> readAll(String topic, int atLeast) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, DevServices.shared().kafka().orElseThrow().bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<String> ids = new ArrayList<>();
            await().atMost(Duration.ofMinutes(1)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    ids.add(new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8));
                }
                return ids.size() >= atLeast && consumer.endOffsets(partitions).entrySet().stream()
                        .allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
            });
            return ids;
        }
    }
}
