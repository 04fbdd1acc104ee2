package org.bss.platform.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bss.platform.ApiClient;
import org.bss.platform.ApiTest;
import org.bss.platform.TestTenants;
import org.bss.platform.tenancy.Scope;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The live stream over HTTP on one instance: what a subscriber receives, with which filter, from where, with which
 * credentials; and the subscriptions API.
 */
class StreamApiTest extends ApiTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    String base() {
        return "http://localhost:" + port;
    }

    /** Posts an event of this type and subject; answers its CloudEvents id. */
    static String post(ApiClient client, String type, String subject) {
        String id = UUID.randomUUID().toString();
        ApiClient.Response answer = client.postEvent("""
                {"specversion":"1.0","type":"%s","source":"/stream-test","id":"%s","subject":"%s",\
                "data":{"n":"%s"}}""".formatted(type, id, subject, id));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
        return id;
    }

    static SseClient live(SseClient client) {
        assertThat(client.status()).as(client.body()).isEqualTo(200);
        await().atMost(WAIT).until(() -> client.live() || client.ended());
        assertThat(client.live()).as("the stream ended before it said it was live").isTrue();
        return client;
    }

    @Test
    void aSubscriberGetsItsTenantsEventsInOrderAsStructuredCloudEvents() {
        String key = TestTenants.newTenantKey(tenants, "stream");
        ApiClient client = client(key);
        ApiClient other = newTenantClient("stream-other");
        try (SseClient stream = live(SseClient.open(base(), "/api/v1/stream", key))) {
            assertThat(stream.contentType()).startsWith("text/event-stream");
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                sent.add(post(client, "test.ping", "subject-1"));
                post(other, "test.ping", "subject-1");
            }
            await().atMost(WAIT).until(() -> stream.eventIds().size() >= 20);
            assertThat(stream.eventIds()).containsExactlyElementsOf(sent);
            SseClient.Frame first = stream.frames().getFirst();
            assertThat(first.event()).isEqualTo("test.ping");
            assertThat(first.id()).matches("\\d+(\\.\\d+)*");
            JsonNode event = first.json();
            assertThat(event.get("specversion").asString()).isEqualTo("1.0");
            assertThat(event.get("source").asString()).isEqualTo("/stream-test");
            assertThat(event.get("subject").asString()).isEqualTo("subject-1");
            assertThat(event.get("data").get("n").asString()).isEqualTo(sent.getFirst());
        }
    }

    /**
     * Opened together, so that the writers of some start while the requests of others still pass back through the
     * filters: each stream carries its headers (the security filter's among them) and stays open for what follows.
     */
    @Test
    void streamsOpenedAtOnceEachGetTheirHeadersAndStayOpen() throws Exception {
        String key = TestTenants.newTenantKey(tenants, "together");
        List<SseClient> streams = new ArrayList<>();
        try (var opening = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<SseClient>> opened = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                opened.add(opening.submit(() -> SseClient.open(base(), "/api/v1/stream", key)));
            }
            for (var future : opened) {
                streams.add(future.get());
            }
        }
        try {
            for (SseClient stream : streams) {
                assertThat(stream.status()).as(stream.body()).isEqualTo(200);
                assertThat(stream.contentType()).startsWith("text/event-stream");
                assertThat(stream.header("Cache-Control")).isEqualTo("no-store");
                assertThat(stream.header("X-Content-Type-Options")).isEqualTo("nosniff");
            }
            await().atMost(WAIT).until(() -> streams.stream().allMatch(SseClient::live));
            String id = post(client(key), "test.ping", "together");
            await().atMost(WAIT).until(() -> streams.stream().allMatch(s -> s.eventIds().contains(id) || s.ended()));
            assertThat(streams).allSatisfy(s -> assertThat(s.eventIds()).as("ended early: %s", s.ended())
                    .containsExactly(id));
        } finally {
            streams.forEach(SseClient::close);
        }
    }

    @Test
    void filtersInTheQuerySelectWhatIsSent() {
        String key = TestTenants.newTenantKey(tenants, "stream-filter");
        ApiClient client = client(key);
        try (SseClient exact = live(SseClient.open(base(), "/api/v1/stream?type=demo.order.placed&type=demo.order.cancelled", key));
             SseClient prefix = live(SseClient.open(base(), "/api/v1/stream?prefix.type=demo.payment.", key));
             SseClient not = live(SseClient.open(base(), "/api/v1/stream?not.subject=a", key))) {
            String placed = post(client, "demo.order.placed", "a");
            String captured = post(client, "demo.payment.captured", "b");
            post(client, "demo.invoice.issued", "a");
            String cancelled = post(client, "demo.order.cancelled", "b");
            await().atMost(WAIT).until(() -> exact.eventIds().size() >= 2 && prefix.eventIds().size() >= 1
                    && not.eventIds().size() >= 2);
            assertThat(exact.eventIds()).containsExactlyInAnyOrder(placed, cancelled);
            assertThat(prefix.eventIds()).containsExactly(captured);
            assertThat(not.eventIds()).containsExactly(captured, cancelled);
        }
    }

    @Test
    void aBadFilterIsAProblemNamingItsPart() {
        String key = TestTenants.newTenantKey(tenants, "stream-bad");
        SseClient bad = SseClient.open(base(), "/api/v1/stream?prefix.type=", key);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.problem().get("errors").get(0).get("pointer").asString()).isEqualTo("?prefix.type");

        SseClient unknown = SseClient.open(base(), "/api/v1/stream?colour=red&sometimes.type=x", key);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("sometimes.type");

        SseClient position = SseClient.open(base(), "/api/v1/stream", Map.of("X-API-Key", key, "Last-Event-ID", "x.1"));
        assertThat(position.status()).isEqualTo(400);
        assertThat(position.problem().get("detail").asString()).contains("Last-Event-ID");

        SseClient from = SseClient.open(base(), "/api/v1/stream?from=yesterday", key);
        assertThat(from.status()).isEqualTo(400);
        assertThat(from.problem().get("detail").asString()).contains("from");
    }

    @Test
    void withoutCredentialsOrScopeTheStreamIsRefused() {
        SseClient none = SseClient.open(base(), "/api/v1/stream", Map.of());
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.contentType()).startsWith("application/problem+json");
        String writeOnly = TestTenants.newTenantKey(tenants, "stream-w", Scope.EVENTS_WRITE);
        SseClient denied = SseClient.open(base(), "/api/v1/stream", writeOnly);
        assertThat(denied.status()).isEqualTo(403);
    }

    @Test
    void reconnectingWithTheLastEventIdGetsWhatWasMissedThenLiveWithNoGapAndNoDuplicate() {
        String key = TestTenants.newTenantKey(tenants, "stream-resume");
        ApiClient client = client(key);
        List<String> sent = new ArrayList<>();
        String resumeFrom;
        List<String> missed;
        try (SseClient first = live(SseClient.open(base(), "/api/v1/stream", key))) {
            for (int i = 0; i < 10; i++) {
                sent.add(post(client, "test.ping", "s-" + (i % 3)));
            }
            await().atMost(WAIT).until(() -> first.eventIds().size() >= 10);
            assertThat(first.eventIds()).containsExactlyInAnyOrderElementsOf(sent);
            assertPerSubjectOrder(first, sent);
            resumeFrom = first.frames().get(5).id(); // as if the connection broke after the sixth event
            missed = new ArrayList<>(first.eventIds().subList(6, 10));
        }
        for (int i = 0; i < 10; i++) {
            missed.add(post(client, "test.ping", "s-" + (i % 3)));
        }
        try (SseClient again = live(SseClient.open(base(), "/api/v1/stream",
                Map.of("X-API-Key", key, "Last-Event-ID", resumeFrom)))) {
            List<String> expected = new ArrayList<>(missed);
            for (int i = 0; i < 5; i++) {
                expected.add(post(client, "test.ping", "s-" + (i % 3)));
            }
            await().atMost(WAIT).until(() -> again.eventIds().size() >= expected.size());
            assertThat(again.eventIds()).containsExactlyInAnyOrderElementsOf(expected);
            assertPerSubjectOrder(again, expected);
        }
    }

    @Test
    void fromAnInstantReplaysWhatWasAcceptedSinceThenContinuesLive() {
        String key = TestTenants.newTenantKey(tenants, "stream-from");
        ApiClient client = client(key);
        post(client, "test.ping", "before");
        Instant since = Instant.now().plusMillis(5);
        await().until(() -> Instant.now().isAfter(since));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            expected.add(post(client, "test.ping", "after"));
        }
        try (SseClient stream = live(SseClient.open(base(), "/api/v1/stream?from=" + since, key))) {
            expected.add(post(client, "test.ping", "after"));
            await().atMost(WAIT).until(() -> stream.eventIds().size() >= expected.size());
            assertThat(stream.eventIds()).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aTicketOpensTheStreamWithoutTheKeyInTheUrl() {
        String key = TestTenants.newTenantKey(tenants, "stream-ticket");
        ApiClient client = client(key);
        ApiClient.Response issued = client.post("/api/v1/stream/tickets", null, "");
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        String ticket = issued.json().get("ticket").asString();
        assertThat(issued.json().get("stream").asString()).isEqualTo("/api/v1/stream?ticket=" + ticket);
        try (SseClient stream = live(SseClient.open(base(), "/api/v1/stream?ticket=" + ticket, Map.of()))) {
            String id = post(client, "test.ping", "t");
            await().atMost(WAIT).until(() -> stream.eventIds().contains(id));
        }
        SseClient forged = SseClient.open(base(), "/api/v1/stream?ticket=" + "A".repeat(43), Map.of());
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.problem().get("detail").asString()).contains("ticket");
        // A ticket only opens the stream: it is no credential for anything else.
        ApiClient.Response elsewhere = new ApiClient(base(), null).get("/api/v1/events?ticket=" + ticket);
        assertThat(elsewhere.status()).isEqualTo(401);
    }

    @Test
    void aStoredSubscriptionOpensTheStreamWithItsFilter() {
        String key = TestTenants.newTenantKey(tenants, "stream-sub");
        ApiClient client = client(key);
        ApiClient.Response created = client.post("/api/v1/stream/subscriptions", "application/json", """
                {"types":["demo.order.placed","demo.order.cancelled"],
                 "filters":[{"not":{"prefix":{"subject":"internal/"}}}],
                 "description":"orders of real customers"}""");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.json().get("stream").asString()).isEqualTo("/api/v1/stream?subscription=" + id);
        assertThat(client.get("/api/v1/stream/subscriptions/" + id).json().get("description").asString())
                .isEqualTo("orders of real customers");
        assertThat(client.get("/api/v1/stream/subscriptions").json().get("subscriptions")).hasSize(1);
        assertThat(newTenantClient("stream-sub-other").get("/api/v1/stream/subscriptions/" + id).status()).isEqualTo(404);

        try (SseClient stream = live(SseClient.open(base(), "/api/v1/stream?subscription=" + id, key))) {
            post(client, "demo.order.placed", "internal/test");
            String wanted = post(client, "demo.order.placed", "customer/1");
            post(client, "demo.payment.captured", "customer/1");
            String cancelled = post(client, "demo.order.cancelled", "customer/1");
            await().atMost(WAIT).until(() -> stream.eventIds().size() >= 2);
            assertThat(stream.eventIds()).containsExactly(wanted, cancelled);
        }
        assertThat(client.delete("/api/v1/stream/subscriptions/" + id).status()).isEqualTo(204);
        SseClient gone = SseClient.open(base(), "/api/v1/stream?subscription=" + id, key);
        assertThat(gone.status()).isEqualTo(404);
    }

    @Test
    void aBadSubscriptionIsAProblemNamingItsPart() {
        ApiClient client = newTenantClient("stream-sub-bad");
        ApiClient.Response empty = client.post("/api/v1/stream/subscriptions", "application/json",
                "{\"filters\":[{\"all\":[]}]}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.contentType()).startsWith("application/problem+json");
        assertThat(empty.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/filters/0/all");
        ApiClient.Response sql = client.post("/api/v1/stream/subscriptions", "application/json",
                "{\"filters\":[{\"sql\":\"type = 'x'\"}]}");
        assertThat(sql.status()).isEqualTo(400);
        assertThat(sql.body()).contains("/filters/0/sql");
        ApiClient.Response sink = client.post("/api/v1/stream/subscriptions", "application/json",
                "{\"sink\":\"https://example.com/hook\"}");
        assertThat(sink.status()).isEqualTo(400);
        assertThat(sink.json().get("detail").asString()).contains("sink");
        ApiClient.Response notJson = client.post("/api/v1/stream/subscriptions", "application/json", "{");
        assertThat(notJson.status()).isEqualTo(400);
    }

    @Test
    void theWebSocketSendsEachEventAsACloudEventWithItsPositionAndResumesFromIt() throws Exception {
        String key = TestTenants.newTenantKey(tenants, "stream-ws");
        ApiClient client = client(key);
        List<String> sent = new ArrayList<>();
        String resumeFrom;
        try (WebSocketClient socket = WebSocketClient.open(port, "/api/v1/stream/ws?prefix.type=demo.", key)) {
            assertThat(socket.subprotocol()).isEqualTo("cloudevents.json");
            post(client, "other.ping", "ws");
            for (int i = 0; i < 3; i++) {
                sent.add(post(client, "demo.ping", "ws"));
            }
            await().atMost(WAIT).until(() -> socket.messages().size() >= 3);
            List<JsonNode> received = socket.messages();
            assertThat(received).extracting(m -> m.get("id").asString()).containsExactlyElementsOf(sent);
            assertThat(received.getFirst().get("type").asString()).isEqualTo("demo.ping");
            assertThat(received.getFirst().get("specversion").asString()).isEqualTo("1.0");
            resumeFrom = received.get(1).get("streamposition").asString();
        }
        sent.add(post(client, "demo.ping", "ws"));
        try (WebSocketClient again = WebSocketClient.open(port, "/api/v1/stream/ws?prefix.type=demo.&from="
                + resumeFrom, key)) {
            await().atMost(WAIT).until(() -> again.messages().size() >= 2);
            assertThat(again.messages()).extracting(m -> m.get("id").asString())
                    .containsExactly(sent.get(2), sent.get(3));
        }
        WebSocketClient.Refusal refused = WebSocketClient.refusal(port, "/api/v1/stream/ws?suffix.type=", key);
        assertThat(refused.status()).isEqualTo(400);
        if (refused.body() != null) {
            assertThat(refused.body()).contains("?suffix.type");
        }
        assertThat(WebSocketClient.refusal(port, "/api/v1/stream/ws", null).status()).isEqualTo(401);
    }

    /** Each subject's events arrived in the order they were sent. */
    static void assertPerSubjectOrder(SseClient stream, List<String> sentInOrder) {
        Map<String, String> subjectOf = new java.util.HashMap<>();
        for (SseClient.Frame frame : stream.frames()) {
            subjectOf.put(frame.eventId(), frame.json().get("subject").asString());
        }
        Map<String, List<String>> sentBySubject = new java.util.HashMap<>();
        Map<String, List<String>> gotBySubject = new java.util.HashMap<>();
        for (String id : sentInOrder) {
            sentBySubject.computeIfAbsent(subjectOf.get(id), s -> new ArrayList<>()).add(id);
        }
        for (String id : stream.eventIds()) {
            gotBySubject.computeIfAbsent(subjectOf.get(id), s -> new ArrayList<>()).add(id);
        }
        assertThat(gotBySubject).isEqualTo(sentBySubject);
    }
}
