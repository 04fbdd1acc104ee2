package org.bss.platform.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bss.platform.ApiClient;
import org.bss.platform.ApiTest;
import org.bss.platform.OtherInstance;
import org.bss.platform.TestTenants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The stream on two instances sharing Kafka, PostgreSQL and Redis: this one (every role) and another that only
 * accepts events and streams them, with 3 streams per tenant.
 */
class StreamAcrossInstancesTest extends ApiTest {

    static final Duration WAIT = Duration.ofSeconds(90);
    @RegisterExtension
    static final OtherInstance.PerClass other = OtherInstance.perClass("--bss.roles=ingest,stream", "--bss.stream.max-per-tenant=3");

    String here() {
        return "http://localhost:" + port;
    }

    static String there() {
        return other.baseUrl();
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
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(onHere.eventIds()).as(() -> "on this instance; " + state(onHere, onThere))
                        .containsExactlyInAnyOrderElementsOf(sent);
                assertThat(onThere.eventIds()).as(() -> "on the other; " + state(onHere, onThere))
                        .containsExactlyInAnyOrderElementsOf(sent);
            });
            StreamApiTest.assertPerSubjectOrder(onHere, sent);
            StreamApiTest.assertPerSubjectOrder(onThere, sent);
            String marker = StreamApiTest.post(new ApiClient(there(), otherKey), "demo.ping", "marker");
            await().atMost(WAIT).until(() -> otherTenant.eventIds().contains(marker));
            assertThat(otherTenant.eventIds()).containsExactly(marker);
        }
    }

    /** What both streams have seen so far, for a failure's message. */
    private static String state(SseClient onHere, SseClient onThere) {
        return "this instance's stream has %d events (ended: %s, frames %s), the other's %d (ended: %s)".formatted(
                onHere.eventIds().size(), onHere.ended() ? onHere.endedBy() : "no", onHere.frames().stream().map(SseClient.Frame::event).distinct()
                        .toList(), onThere.eventIds().size(), onThere.ended());
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
}
