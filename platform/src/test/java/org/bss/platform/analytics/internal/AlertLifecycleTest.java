package org.bss.platform.analytics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.bss.platform.ApiClient;
import org.bss.platform.ApiTest;
import org.bss.platform.tenancy.Scope;
import org.bss.platform.tenancy.Tenants;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Against the embedded broker, in real minutes: a tenant's orders run steady, jump for one minute, and settle; the
 * jump raises one alert on orders.placed that resolves once a normal minute is judged. Halfway, the analytics
 * application is stopped and started again: its windows and detector state come back from their changelogs, so
 * every minute's figure is exact and the history the detector needs is not lost.
 */
class AlertLifecycleTest extends ApiTest {

    private static final int USUAL = 20;
    private static final int SPIKE = 300;

    @Autowired
    AnalyticsStreams streams;

    @Test
    void anOrderSpikeOpensOneAlertThatResolvesAndARestartLosesNothing() {
        ApiClient admin = client(tenants.issueKey(Tenants.PLATFORM_TENANT, EnumSet.of(Scope.ADMIN), null).secret());
        String tenant = "spike-" + UUID.randomUUID().toString().substring(0, 8);
        tenants.create(tenant, tenant);
        assertThat(admin.put("/api/v1/admin/tenants/" + tenant + "/quota", "application/json",
                "{\"rate\": 100000, \"burst\": 100000}").status()).isEqualTo(200);
        ApiClient.Response thresholds = admin.put("/api/v1/alerts/thresholds?tenant=" + tenant, "application/json",
                "{\"minHistory\": 3, \"resolveAfter\": 1}");
        assertThat(thresholds.status()).as(thresholds.toString()).isEqualTo(200);
        ApiClient client = client(tenants.issueKey(tenant, EnumSet.of(Scope.EVENTS_WRITE, Scope.EVENTS_READ), null).secret());

        long first = nextMinute();
        int[] sent = {USUAL, USUAL, USUAL, USUAL, SPIKE, USUAL};
        for (int minute = 0; minute < sent.length; minute++) {
            long start = first + minute * 60_000L;
            await().atMost(Duration.ofSeconds(70)).until(() -> System.currentTimeMillis() >= start + 1_000);
            post(client, sent[minute], Instant.ofEpochMilli(start + 5_000));
            if (minute == 2) {
                streams.stop();
                streams.start();
            }
        }

        Instant from = Instant.ofEpochMilli(first);
        // The minutes after the test's are silent, and may well alert: only the test's minutes count.
        Instant to = Instant.ofEpochMilli(first + sent.length * 60_000L);
        await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> {
            JsonNode alerts = client.get("/api/v1/alerts?state=all&from=" + from + "&to=" + to).json().get("alerts");
            List<JsonNode> onOrders = new ArrayList<>();
            alerts.forEach(alert -> {
                if (alert.get("metric").asString().equals("orders.placed")) {
                    onOrders.add(alert);
                }
            });
            assertThat(onOrders).hasSize(1);
            JsonNode alert = onOrders.getFirst();
            assertThat(alert.get("windowStart").asString()).isEqualTo(Instant.ofEpochMilli(first + 4 * 60_000L).toString());
            assertThat(alert.get("observed").asDouble()).isEqualTo(SPIKE);
            assertThat(alert.get("expectedHigh").asDouble()).isLessThan(SPIKE);
            assertThat(alert.get("explanation").asString()).contains("orders.placed", "300");
            assertThat(alert.get("state").asString()).isEqualTo("resolved");
        });
        JsonNode points = client.get("/api/v1/metrics?name=orders.placed&window=1m&from=" + from + "&to=" + to)
                .json().get("series").get(0).get("points");
        List<Integer> counts = new ArrayList<>();
        points.forEach(point -> counts.add(point.get("count").asInt()));
        assertThat(counts).as("each minute counted once, across the restart").containsExactly(USUAL, USUAL, USUAL,
                USUAL, SPIKE, USUAL);
    }

    private static long nextMinute() {
        return Window.MINUTE.startOf(System.currentTimeMillis()) + 60_000L;
    }

    private static void post(ApiClient client, int orders, Instant time) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            events.add("{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/shop\","
                    + "\"type\":\"order.placed\",\"time\":\"" + time + "\",\"datacontenttype\":\"application/json\","
                    + "\"data\":{\"order_id\":\"o-" + UUID.randomUUID() + "\",\"customer_id\":\"c-" + i
                    + "\",\"amount\":10,\"currency\":\"EUR\"}}");
        }
        ApiClient.Response answer = client.post("/api/v1/events", "application/cloudevents-batch+json",
                "[" + String.join(",", events) + "]");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
    }
}
