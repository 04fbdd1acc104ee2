package org.bss.platform.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.bss.platform.ApiClient;
import org.bss.platform.ApiTest;
import org.bss.platform.store.StoreProgress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Replays to a webhook: a real HTTP server in the test receives them and checks every signature. */
class ReplayWebhookTest extends ApiTest {

    private static final String JSON = "application/json";
    private static final String SECRET = "receiver-secret-" + UUID.randomUUID();
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @Autowired
    StoreProgress store;

    private HttpServer server;
    private final Set<String> received = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger failedOnPurpose = new AtomicInteger();
    private final List<String> badSignatures = new CopyOnWriteArrayList<>();
    private volatile String refuseId;

    @BeforeEach
    void receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/hook", this::receive);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void receive(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String ceId = exchange.getRequestHeaders().getFirst("ce-id");
        String id = ceId == null ? null : URLDecoder.decode(ceId, StandardCharsets.UTF_8);
        int status;
        if (!WebhookSignature.verify(SECRET, exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER), ceId, body)) {
            badSignatures.add(exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER));
            status = 401;
        } else if (requests.incrementAndGet() % 4 == 0) {
            failedOnPurpose.incrementAndGet(); // the receiver fails now and then, after reading the request
            status = 500;
        } else if (id != null && id.equals(refuseId)) {
            status = 400;
        } else {
            if (id != null) {
                received.add(id);
            } else {
                for (JsonNode event : MAPPER.readTree(body)) {
                    received.add(event.get("id").asString());
                }
            }
            status = 204;
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private String url() {
        return "http://localhost:" + server.getAddress().getPort() + "/hook";
    }

    @Test
    void everyEventArrivesSignedInBatchesDespiteTheReceiversFailures() {
        ApiClient client = tenantWithEvents("hook-batch", 1_000);
        String id = ReplayApiTest.created(client.post("/api/v1/replays", JSON, """
                {"target": {"kind": "webhook", "url": "%s", "mode": "batch", "batchSize": 50, "secret": "%s"}}"""
                .formatted(url(), SECRET))).get("id").asString();
        JsonNode done = ReplayApiTest.awaitState(client, id, "completed");
        assertThat(done.get("progress").get("delivered").asLong()).isEqualTo(1_000);
        assertThat(done.toString()).doesNotContain(SECRET);
        assertThat(badSignatures).isEmpty();
        assertThat(failedOnPurpose.get()).isPositive();
        assertThat(received).hasSize(1_000);
    }

    @Test
    void inBinaryModeWhatTheReceiverRefusesIsTheJobsRefusedListAndTheRestArrives() {
        ApiClient client = tenantWithEvents("hook-binary", 30);
        refuseId = "e-13";
        JsonNode created = ReplayApiTest.created(client.post("/api/v1/replays", JSON, """
                {"target": {"kind": "webhook", "url": "%s", "mode": "binary", "secret": "%s"}}""".formatted(url(), SECRET)));
        String id = created.get("id").asString();
        assertThat(created.has("secret")).isFalse(); // the caller chose it: not echoed
        JsonNode done = ReplayApiTest.awaitState(client, id, "completed");
        assertThat(done.get("progress").get("delivered").asLong()).isEqualTo(29);
        assertThat(done.get("progress").get("refused").asLong()).isEqualTo(1);
        assertThat(badSignatures).isEmpty();
        assertThat(received).hasSize(29).doesNotContain("e-13");
        JsonNode refused = client.get("/api/v1/replays/" + id + "/refused").json().get("refused");
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).get("id").asString()).isEqualTo("e-13");
        assertThat(refused.get(0).get("cause").asString()).startsWith("HTTP 400");
    }

    @Test
    void aCancelStopsDeliveryAtOnce() {
        ApiClient client = tenantWithEvents("hook-cancel", 500);
        String id = ReplayApiTest.created(client.post("/api/v1/replays", JSON, """
                {"speed": "20/s", "target": {"kind": "webhook", "url": "%s", "mode": "binary", "secret": "%s"}}"""
                .formatted(url(), SECRET))).get("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 10);
        ApiClient.Response cancelled = client.delete("/api/v1/replays/" + id);
        assertThat(cancelled.json().get("state").asString()).isEqualTo("cancelled");
        int atCancel = requests.get();
        // Answered once the job stopped: at most the request under way then still arrives.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> requests.get() <= atCancel + 1);
        assertThat(received.size()).isLessThan(500);
    }

    @Test
    void aGeneratedSecretIsShownOnceAndSignsTheRequests() {
        ApiClient client = tenantWithEvents("hook-secret", 3);
        JsonNode created = ReplayApiTest.created(client.post("/api/v1/replays", JSON, """
                {"speed": "max", "target": {"kind": "webhook", "url": "%s"}}""".formatted(url() + "-other")));
        String secret = created.get("secret").asString();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(32);
        String id = created.get("id").asString();
        assertThat(client.get("/api/v1/replays/" + id).body()).doesNotContain(secret);
        // The receiver knows another secret: every request is refused (401) for good, and the job says so.
        JsonNode done = ReplayApiTest.awaitState(client, id, "completed");
        assertThat(done.get("progress").get("refused").asLong()).isEqualTo(3);
    }

    private ApiClient tenantWithEvents(String prefix, int n) {
        ApiClient admin = client(Tenanted.adminKey(tenants));
        ApiClient client = client(Tenanted.unlimited(tenants, admin, prefix + "-" + UUID.randomUUID().toString().substring(0, 8)));
        ReplayApiTest.postEvents(client, n, 10);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> store.backlog() == 0);
        return client;
    }
}
