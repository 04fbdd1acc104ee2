package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import org.bss.devservices.DevServices;
import org.bss.devservices.EmbeddedKafka;
import org.junit.jupiter.api.Test;

/** With the broker gone, ingest answers 503 with Retry-After within its bound; when it is back, 202 again. */
class KafkaOutageTest extends ApiTest {


    static String event(String id) {
        return """
                {"specversion":"1.0","type":"acme.ping","source":"/outage","id":"%s","data":{"n":1}}""".formatted(id);
    }

    @Test
    void anUnavailableBrokerIs503AndRecoveryIs202() {
        ApiClient api = newTenantClient("outage");
        assertThat(api.postEvent(event("before-" + UUID.randomUUID())).status()).isEqualTo(202);
        EmbeddedKafka kafka = DevServices.shared().kafka().orElseThrow();

        kafka.stop();
        try {
            ApiClient.Response during = api.postEvent(event("during-" + UUID.randomUUID()));
            assertThat(during.status()).as(during.toString()).isEqualTo(503);
            assertThat(during.retryAfter()).isNotBlank();
            assertThat(during.contentType()).startsWith("application/problem+json");
            assertThat(during.json().get("type").asString()).isEqualTo("urn:bss:problem:unavailable");

            ApiClient.Response batch = api.post("/api/v1/events", "application/cloudevents-batch+json",
                    "[" + event("b1-" + UUID.randomUUID()) + "," + event("b2-" + UUID.randomUUID()) + "]");
            assertThat(batch.status()).isEqualTo(503);
            assertThat(batch.json().get("accepted").asInt()).isZero();

            ApiClient.Response health = api.withKey(null).get("/actuator/health");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().get("components").get("kafka").get("status").asString()).isEqualTo("DOWN");
        } finally {
            kafka.start();
        }

        String after = "after-" + UUID.randomUUID();
        await().atMost(Duration.ofSeconds(90)).until(() -> api.postEvent(event(after)).status() == 202);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> api.get("/api/v1/events?source=%2Foutage&id=" + after).json().get("events").size() == 1);
    }
}
