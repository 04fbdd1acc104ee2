package org.bss.platform.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.bss.devservices.DevServices;
import org.bss.devservices.EmbeddedKafka;
import org.bss.platform.ApiClient;
import org.bss.platform.ApiTest;
import org.bss.platform.store.StoreProgress;
import org.bss.platform.tenancy.Scope;
import org.bss.platform.tenancy.Tenants;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class ReplayApiTest extends ApiTest {

    private static final String JSON = "application/json";

    @Autowired
    StoreProgress store;

    @Test
    void replaysOneHundredThousandEventsToATopicSelectingByTypeInEachAggregatesOrder() {
        ApiClient client = unlimitedTenant("replay-big");
        int events = 100_000;
        postEvents(client, events, 500);
        awaitStored();

        String topic = "replay-candidate-" + UUID.randomUUID();
        JsonNode job = created(client.post("/api/v1/replays", JSON, """
                {"selection": {"types": ["replay.alpha"]}, "speed": "max", "target": {"kind": "topic", "topic": "%s"}}"""
                .formatted(topic)));
        String id = job.get("id").asString();
        JsonNode done = awaitState(client, id, "completed");
        int expected = (int) java.util.stream.IntStream.range(0, events).filter(n -> n % 3 != 0).count();
        assertThat(done.get("progress").get("delivered").asLong()).isEqualTo(expected);
        assertThat(done.get("progress").get("total").asLong()).isEqualTo(expected);

        try (TargetTopic target = new TargetTopic(bootstrapServers, topic)) {
            await().atMost(Duration.ofMinutes(2)).until(() -> target.read().size() >= expected);
            List<TargetTopic.Received> received = target.read();
            assertThat(received).hasSize(expected);
            assertThat(received).allSatisfy(r -> {
                assertThat(r.type()).isEqualTo("replay.alpha");
                assertThat(r.replayId()).isEqualTo(id);
            });
            assertThat(received.stream().map(TargetTopic.Received::id).distinct()).hasSize(expected);
            Map<String, List<Integer>> bySubject = new HashMap<>();
            for (TargetTopic.Received r : received) {
                bySubject.computeIfAbsent(r.subject(), s -> new ArrayList<>()).add(Integer.parseInt(r.id().substring(2)));
            }
            bySubject.forEach((subject, seqs) -> assertThat(seqs).as(subject).isSorted());
            Set<Integer> expectedIds = new HashSet<>();
            for (int n = 0; n < events; n++) {
                if (n % 3 != 0) {
                    expectedIds.add(n);
                }
            }
            assertThat(bySubject.values().stream().flatMap(List::stream).collect(java.util.stream.Collectors.toSet()))
                    .isEqualTo(expectedIds);
        }
    }

    @Test
    void selectsBySubjectPrefixSourceAndTimeAndSkipsTheRest() {
        ApiClient client = newTenantClient("replay-select");
        client.post("/api/v1/events", "application/cloudevents-batch+json", """
                [{"specversion":"1.0","id":"a1","source":"/crm","type":"replay.alpha","subject":"account/1","time":"2026-01-01T10:00:00Z","data":{}},
                 {"specversion":"1.0","id":"a2","source":"/crm","type":"replay.alpha","subject":"account/2","time":"2026-01-01T11:00:00Z","data":{}},
                 {"specversion":"1.0","id":"a3","source":"/billing","type":"replay.alpha","subject":"account/3","time":"2026-01-01T10:30:00Z","data":{}},
                 {"specversion":"1.0","id":"b1","source":"/crm","type":"replay.beta","subject":"contract/1","time":"2026-01-01T10:15:00Z","data":{}}]""");
        awaitStored();
        String topic = "replay-select-" + UUID.randomUUID();
        JsonNode job = created(client.post("/api/v1/replays", JSON, """
                {"selection": {"on": "time", "from": "2026-01-01T10:00:00Z", "to": "2026-01-01T11:00:00Z",
                 "subjectPrefix": "account/", "sources": ["/crm"]},
                 "target": {"kind": "topic", "topic": "%s"}}""".formatted(topic)));
        awaitState(client, job.get("id").asString(), "completed");
        try (TargetTopic target = new TargetTopic(bootstrapServers, topic)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !target.read().isEmpty());
            assertThat(target.read()).extracting(TargetTopic.Received::id).containsExactly("a1");
        }
    }

    @Test
    void pausedJobsStopAndResumeWhereTheyWereAndCancelledOnesSendNothingMore() {
        PacedJob job = pacedJobUnderWay("replay-control", 2_000, "200/s");
        ApiClient client = job.client();
        String topic = job.topic();
        String id = job.id();

        JsonNode paused = client.post("/api/v1/replays/" + id + "/pause", JSON, "").json();
        assertThat(paused.get("state").asString()).isEqualTo("paused");
        long atPause = delivered(client, id);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> delivered(client, id) == atPause);
        assertThat(client.post("/api/v1/replays/" + id + "/pause", JSON, "").status()).isEqualTo(409);

        assertThat(client.post("/api/v1/replays/" + id + "/resume", JSON, "").json().get("state").asString())
                .isEqualTo("running");
        await().atMost(Duration.ofMinutes(1)).until(() -> delivered(client, id) > atPause);

        ApiClient.Response cancelled = client.delete("/api/v1/replays/" + id);
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("state").asString()).isEqualTo("cancelled");
        long atCancel = cancelled.json().get("progress").get("delivered").asLong();
        assertThat(atCancel).isLessThan(2_000);
        try (TargetTopic target = new TargetTopic(bootstrapServers, topic)) {
            // A chunk under way when the job stopped (10 events at 200/s) may still land, uncounted (and after the
            // pause, sent again); then nothing more does.
            await().atMost(Duration.ofSeconds(10)).until(() -> distinct(target.read()) >= atCancel);
            int landed = target.read().size();
            assertThat(distinct(target.read())).isBetween(atCancel, atCancel + 10);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> target.read().size() == landed);
        }
        assertThat(client.post("/api/v1/replays/" + id + "/resume", JSON, "").status()).isEqualTo(409);
        assertThat(client.get("/api/v1/replays").json().get("replays").get(0).get("id").asString()).isEqualTo(id);
    }

    @Test
    void aReplayToATopicWaitsForABrokerAwayLongerThanIngestWouldAndThenSendsEveryEventOnce() {
        PacedJob job = pacedJobUnderWay("replay-outage", 1_000, "100/s");

        EmbeddedKafka kafka = DevServices.shared().kafka().orElseThrow();
        kafka.stop();
        try {
            // past ingest's delivery.timeout.ms (30 s): the job is still running, not failed
            await().during(Duration.ofSeconds(35)).atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        JsonNode now = job.client().get("/api/v1/replays/" + job.id()).json();
                        assertThat(now.get("state").asString()).as(now.toString()).isEqualTo("running");
                    });
        } finally {
            kafka.start();
        }

        JsonNode done = awaitState(job.client(), job.id(), "completed");
        assertThat(done.get("progress").get("delivered").asLong()).isEqualTo(1_000);
        try (TargetTopic target = new TargetTopic(bootstrapServers, job.topic())) {
            await().atMost(Duration.ofMinutes(1)).until(() -> distinct(target.read()) == 1_000);
            assertThat(target.read()).hasSize(1_000);
        }
    }

    @Test
    void badRequestsAreRefusedWithTheReason() {
        ApiClient client = newTenantClient("replay-bad");
        String topic = "{\"kind\": \"topic\", \"topic\": \"ok-topic\"}";
        assertProblem(client.post("/api/v1/replays", JSON, "{\"speed\": \"fast\", \"target\": " + topic + "}"), 400, "speed");
        assertProblem(client.post("/api/v1/replays", JSON, "{\"speed\": \"0/s\", \"target\": " + topic + "}"), 400, "rate");
        assertProblem(client.post("/api/v1/replays", JSON, "{}"), 400, "target.kind");
        assertProblem(client.post("/api/v1/replays", JSON, "{\"target\": {\"kind\": \"fax\"}}"), 400, "fax");
        assertProblem(client.post("/api/v1/replays", JSON, "{\"target\": {\"kind\": \"topic\", \"topic\": \"bss.events\"}}"), 400,
                "platform's own");
        assertProblem(client.post("/api/v1/replays", JSON, "{\"target\": {\"kind\": \"topic\", \"topic\": \"a b\"}}"), 400,
                "target.topic");
        assertProblem(client.post("/api/v1/replays", JSON, "{\"selection\": {\"from\": \"yesterday\"}, \"target\": " + topic + "}"),
                400, "selection.from");
        assertProblem(client.post("/api/v1/replays", JSON, """
                {"selection": {"from": "2026-02-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"}, "target": %s}""".formatted(topic)),
                400, "before");
        assertProblem(client.post("/api/v1/replays", JSON, "{\"selection\": {\"on\": \"mood\"}, \"target\": " + topic + "}"),
                400, "selection.on");
        assertProblem(client.post("/api/v1/replays", JSON, "{\"target\": {\"kind\": \"webhook\", \"url\": \"ftp://x\"}}"), 400,
                "target.url");
        assertProblem(client.post("/api/v1/replays", JSON,
                "{\"target\": {\"kind\": \"webhook\", \"url\": \"http://localhost:1/\", \"secret\": \"short\"}}"), 400, "secret");
        assertProblem(client.post("/api/v1/replays", JSON, "{\"tenant\": \"someone-else\", \"target\": " + topic + "}"), 403,
                "own tenant");
        assertProblem(client.post("/api/v1/replays", JSON, "{\"target\": {\"kind\": \"rebuild\"}}"), 403, "admin");
        assertProblem(client.get("/api/v1/replays/not-a-uuid"), 400, "UUID");
        assertProblem(client.get("/api/v1/replays/" + UUID.randomUUID()), 404, "No replay");
        assertThat(client.post("/api/v1/replays", "text/plain", "x").status()).isEqualTo(415);
    }

    @Test
    void aTenantSeesOnlyItsOwnJobsAndAnAdminReplaysAnyTenantWithEveryJobAudited() {
        ApiClient owner = newTenantClient("replay-owner");
        ApiClient other = newTenantClient("replay-other");
        String tenant = owner.get("/api/v1/replays").status() == 200 ? tenantOf(owner) : null;
        ApiClient admin = client(tenants.issueKey(Tenants.PLATFORM_TENANT, EnumSet.of(Scope.ADMIN), null).secret());
        JsonNode job = created(admin.post("/api/v1/replays", JSON, """
                {"tenant": "%s", "target": {"kind": "topic", "topic": "replay-admin-%s"}}""".formatted(tenant, UUID.randomUUID())));
        String id = job.get("id").asString();
        assertThat(job.get("tenant").asString()).isEqualTo(tenant);
        assertThat(owner.get("/api/v1/replays/" + id).status()).isEqualTo(200);
        assertProblem(other.get("/api/v1/replays/" + id), 404, "No replay");
        assertProblem(other.delete("/api/v1/replays/" + id), 404, "No replay");
        assertThat(other.get("/api/v1/replays").json().get("replays")).isEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/api/v1/admin/audit?tenantId=" + tenant).body()
                .contains("replay.created"));
    }

    private String tenantOf(ApiClient client) {
        client.post("/api/v1/events", "application/cloudevents+json", """
                {"specversion":"1.0","id":"who","source":"/who","type":"replay.alpha","data":{}}""");
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> client.get("/api/v1/events?source=/who&id=who").json().get("events"), e -> !e.isEmpty())
                .get(0).get("tenantid").asString();
    }

    private static long distinct(List<TargetTopic.Received> received) {
        return received.stream().map(TargetTopic.Received::id).distinct().count();
    }

    static void assertProblem(ApiClient.Response response, int status, String detailHas) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).containsIgnoringCase(detailHas);
    }

    static JsonNode created(ApiClient.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }

    static long delivered(ApiClient client, String id) {
        return client.get("/api/v1/replays/" + id).json().get("progress").get("delivered").asLong();
    }

    static JsonNode awaitState(ApiClient client, String id, String state) {
        return await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> client.get("/api/v1/replays/" + id).json(), job -> {
                    assertThat(job.get("state").asString()).as(job.toString()).isNotIn("failed");
                    return job.get("state").asString().equals(state);
                });
    }

    /** A job of a new tenant sending its {@code events} to a new topic at {@code speed}, with 100 of them delivered. */
    record PacedJob(ApiClient client, String topic, String id) {
    }

    PacedJob pacedJobUnderWay(String prefix, int events, String speed) {
        ApiClient client = newTenantClient(prefix);
        postEvents(client, events, 50);
        awaitStored();
        String topic = prefix + "-" + UUID.randomUUID();
        String id = created(client.post("/api/v1/replays", JSON, """
                {"speed": "%s", "target": {"kind": "topic", "topic": "%s"}}""".formatted(speed, topic))).get("id").asString();
        await().atMost(Duration.ofMinutes(1)).until(() -> delivered(client, id) >= 100);
        return new PacedJob(client, topic, id);
    }

    /** Events e-0 .. e-(n-1), a third of type replay.beta, the rest replay.alpha, over {@code subjects} subjects. */
    static void postEvents(ApiClient client, int n, int subjects) {
        for (int first = 0; first < n; first += 1000) {
            StringBuilder batch = new StringBuilder("[");
            for (int i = first; i < Math.min(n, first + 1000); i++) {
                if (i > first) {
                    batch.append(',');
                }
                batch.append("{\"specversion\":\"1.0\",\"id\":\"e-").append(i).append("\",\"source\":\"/replay-test\",")
                        .append("\"type\":\"").append(i % 3 == 0 ? "replay.beta" : "replay.alpha").append("\",")
                        .append("\"subject\":\"account/").append(i % subjects).append("\",\"data\":{\"seq\":").append(i).append("}}");
            }
            ApiClient.Response response = client.post("/api/v1/events", "application/cloudevents-batch+json", batch.append(']').toString());
            assertThat(response.status()).as(response.toString()).isEqualTo(202);
        }
    }

    ApiClient unlimitedTenant(String prefix) {
        ApiClient admin = client(Tenanted.adminKey(tenants));
        return client(Tenanted.unlimited(tenants, admin, prefix + "-" + UUID.randomUUID().toString().substring(0, 8)));
    }

    void awaitStored() {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> store.backlog() == 0);
    }
}
