package org.bss.platform.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bss.devservices.DevServices;
import org.bss.devservices.EmbeddedPostgres;
import org.bss.platform.ApiClient;
import org.bss.platform.ApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * PostgreSQL goes away while events keep arriving: ingest keeps accepting them (Kafka holds them), the writer
 * retries without skipping, and once PostgreSQL is back every event is stored once, in order per aggregate.
 */
class PostgresOutageTest extends ApiTest {

    static final int SUBJECTS = 4;
    static final int PER_SUBJECT = 50;

    @Test
    void eventsAcceptedDuringAnOutageAreStoredOnceInOrderAfterIt() {
        ApiClient api = newTenantClient("pg-outage");
        assertThat(api.postEvent(StoreTestEvents.payment("warm-up", "customer/warm", 1)).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/v1/events").json().get("events").size() == 1);
        EmbeddedPostgres postgres = DevServices.shared().postgres().orElseThrow();
        Map<String, List<String>> sent = new LinkedHashMap<>();

        postgres.stop();
        try {
            for (int i = 0; i < PER_SUBJECT; i++) {
                for (int s = 0; s < SUBJECTS; s++) {
                    String subject = "customer/c-" + s;
                    String id = "e-" + s + "-" + i;
                    ApiClient.Response response = api.postEvent(StoreTestEvents.payment(id, subject, i + 1));
                    assertThat(response.status()).as(response.toString()).isEqualTo(202);
                    sent.computeIfAbsent(subject, k -> new ArrayList<>()).add(id);
                }
            }
            ApiClient.Response read = api.get("/api/v1/events");
            assertThat(read.status()).isEqualTo(503);
            assertThat(read.contentType()).startsWith("application/problem+json");
            assertThat(read.retryAfter()).isNotBlank();
            double failuresBefore = metric(api, "bss_store_batch_failures_total");
            // The writer keeps trying while PostgreSQL is away, and skips nothing meanwhile.
            await().atMost(Duration.ofSeconds(60)).until(() -> metric(api, "bss_store_batch_failures_total") >= failuresBefore + 3);
        } finally {
            postgres.start();
        }

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.get("/api/v1/events?limit=1000").json().get("events").size() == 1 + SUBJECTS * PER_SUBJECT);
        for (var subject : sent.entrySet()) {
            JsonNode events = api.get("/api/v1/events?limit=1000&subject=" + subject.getKey()).json().get("events");
            assertThat(events.valueStream().map(e -> e.get("id").asString()).toList())
                    .as("stored once, in the order sent, for " + subject.getKey())
                    .containsExactlyElementsOf(subject.getValue());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> metric(api, "bss_store_lag_seconds") == 0.0);
    }

    private static double metric(ApiClient api, String name) {
        return api.withKey(null).get("/actuator/prometheus").body().lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .max().orElse(-1);
    }
}
