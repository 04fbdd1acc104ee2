package org.bss.platform.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bss.platform.ApiClient;
import org.bss.platform.ApiTest;
import org.bss.platform.OtherInstance;
import org.bss.platform.TestTenants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The stream on two instances sharing Kafka, PostgreSQL and Redis: this one (every role) and another that only
 * accepts events and streams them, with a buffer of 4 events and 3 streams per tenant.
 */
class StreamAcrossInstancesTest extends ApiTest {

    static final Duration WAIT = Duration.ofSeconds(90);
    static ConfigurableApplicationContext other;

    @BeforeAll
    static void startOther() {
        other = OtherInstance.start("--bss.roles=ingest,stream", "--bss.stream.buffer=4",
                "--bss.stream.max-per-tenant=3");
    }

    @AfterAll
    static void stopOther() {
        other.close();
    }

    String here() {
        return "http://localhost:" + port;
    }

    static String there() {
        return OtherInstance.baseUrl(other);
    }

    @Test
    void subscribersOnEitherInstanceGetEveryEventOnceWhicheverInstanceAcceptedIt() {
        String key = TestTenants.newTenantKey(tenants, "across");
        String otherKey = TestTenants.newTenantKey(tenants, "across-other");
        ApiClient postHere = client(key);
        ApiClient postThere = new ApiClient(there(), key);
        try (SseClient onHere = StreamApiTest.live(SseClient.open(here(), "/api/v1/stream", key));
             SseClient onThere = StreamApiTest.live(SseClient.open(there(), "/api/v1/stream", key));
             SseClient otherTenant = StreamApiTest.live(SseClient.open(there(), "/api/v1/stream", otherKey))) {
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                sent.add(StreamApiTest.post(i % 2 == 0 ? postHere : postThere, "demo.ping", "subject-" + (i % 4)));
            }
            await().atMost(WAIT).until(() -> onHere.eventIds().size() >= 30 && onThere.eventIds().size() >= 30);
            assertThat(onHere.eventIds()).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(onThere.eventIds()).containsExactlyInAnyOrderElementsOf(sent);
            StreamApiTest.assertPerSubjectOrder(onHere, sent);
            StreamApiTest.assertPerSubjectOrder(onThere, sent);
            String marker = StreamApiTest.post(new ApiClient(there(), otherKey), "demo.ping", "marker");
            await().atMost(WAIT).until(() -> otherTenant.eventIds().contains(marker));
            assertThat(otherTenant.eventIds()).containsExactly(marker);
        }
    }

    @Test
    void aSlowSubscriberIsCutOffWithItsPositionWhileOthersGetEverything() throws Exception {
        String key = TestTenants.newTenantKey(tenants, "slow");
        ApiClient client = new ApiClient(there(), key);
        String padding = "x".repeat(200_000);
        try (Socket slow = new Socket();
             SseClient fast = StreamApiTest.live(SseClient.open(there(), "/api/v1/stream", key))) {
            slow.setReceiveBufferSize(4096);
            var address = java.net.URI.create(there());
            slow.connect(new InetSocketAddress(address.getHost(), address.getPort()));
            slow.getOutputStream().write(("GET /api/v1/stream HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + key
                    + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            await().atMost(WAIT).until(() -> slow.getInputStream().available() > 0); // the stream is live
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String id = UUID.randomUUID().toString();
                ApiClient.Response answer = client.postEvent("""
                        {"specversion":"1.0","type":"demo.big","source":"/stream-test","id":"%s","subject":"s%d",\
                        "data":{"padding":"%s"}}""".formatted(id, i % 3, padding));
                assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
                sent.add(id);
            }
            await().atMost(WAIT).until(() -> fast.eventIds().size() >= 60);
            assertThat(fast.eventIds()).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(fast.ended()).isFalse();

            String stream = readToTheEnd(slow.getInputStream());
            assertThat(stream).contains("event: stream.overflow");
            List<String> before = ids(stream.substring(0, stream.indexOf("event: stream.overflow")));
            Matcher position = Pattern.compile("\"position\":\"([0-9.]+)\"").matcher(stream);
            assertThat(position.find()).isTrue();
            assertThat(before).hasSizeLessThan(60);

            try (SseClient resumed = StreamApiTest.live(SseClient.open(there(), "/api/v1/stream",
                    Map.of("X-API-Key", key, "Last-Event-ID", position.group(1))))) {
                await().atMost(WAIT).until(() -> before.size() + resumed.eventIds().size() >= 60);
                List<String> all = new ArrayList<>(before);
                all.addAll(resumed.eventIds());
                assertThat(all).containsExactlyInAnyOrderElementsOf(sent);
            }
        }
    }

    @Test
    void aTenantGetsAsManyStreamsAsAllowedAndThen429() {
        String key = TestTenants.newTenantKey(tenants, "limit");
        List<SseClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(StreamApiTest.live(SseClient.open(there(), "/api/v1/stream", key)));
            }
            SseClient refused = SseClient.open(there(), "/api/v1/stream", key);
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.problem().get("detail").asString()).contains("3 streams open");
            // another tenant is not held back
            StreamApiTest.live(SseClient.open(there(), "/api/v1/stream",
                    TestTenants.newTenantKey(tenants, "limit-other"))).close();
            open.removeFirst().close();
            await().atMost(WAIT).until(() -> {
                SseClient again = SseClient.open(there(), "/api/v1/stream", key);
                again.close();
                return again.status() == 200;
            });
        } finally {
            open.forEach(SseClient::close);
        }
    }

    @Test
    void anInstanceThatStopsEndsItsStreamsSoClientsReconnectElsewhere() {
        String key = TestTenants.newTenantKey(tenants, "stopping");
        ConfigurableApplicationContext stopping = OtherInstance.start("--bss.roles=stream");
        try (SseClient stream = StreamApiTest.live(SseClient.open(OtherInstance.baseUrl(stopping), "/api/v1/stream",
                key))) {
            String id = StreamApiTest.post(client(key), "demo.ping", "s");
            await().atMost(WAIT).until(() -> stream.eventIds().contains(id));
            stopping.close();
            await().atMost(WAIT).until(stream::ended);
            try (SseClient elsewhere = StreamApiTest.live(SseClient.open(here(), "/api/v1/stream",
                    Map.of("X-API-Key", key, "Last-Event-ID", stream.lastId())))) {
                String next = StreamApiTest.post(client(key), "demo.ping", "s");
                await().atMost(WAIT).until(() -> elsewhere.eventIds().contains(next));
                assertThat(elsewhere.eventIds()).containsExactly(next);
            }
        } finally {
            stopping.close();
        }
    }

    /** The body of a chunked HTTP response up to its end, de-chunked. */
    static String readToTheEnd(InputStream in) throws IOException {
        byte[] raw = in.readAllBytes();
        String text = new String(raw, StandardCharsets.UTF_8);
        int body = text.indexOf("\r\n\r\n") + 4;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = body;
        while (at < raw.length) {
            int lineEnd = text.indexOf("\r\n", at);
            int size = Integer.parseInt(text.substring(at, lineEnd).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            out.write(raw, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<String> ids(String stream) {
        List<String> ids = new ArrayList<>();
        Matcher id = Pattern.compile("data: \\{\"specversion\":\"1.0\",\"id\":\"([^\"]+)\"").matcher(stream);
        while (id.find()) {
            ids.add(id.group(1));
        }
        assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
        return ids;
    }
}
