package org.bss.platform.analytics;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The metrics and alerts API over the running platform: events in, series out; errors; tenants kept apart. */
class AnalyticsApiTest extends ApiTest {

    private static final String BATCH = "application/cloudevents-batch+json";

    private ApiClient admin;
    private String tenant;
    private ApiClient client;

    @BeforeEach
    void tenant() {
        admin = client(tenants.issueKey(Tenants.PLATFORM_TENANT, EnumSet.of(Scope.ADMIN), null).secret());
        tenant = "an-" + UUID.randomUUID().toString().substring(0, 8);
        tenants.create(tenant, tenant);
        ApiClient.Response quota = admin.put("/api/v1/admin/tenants/" + tenant + "/quota", "application/json",
                "{\"rate\": 100000, \"burst\": 100000}");
        assertThat(quota.status()).as(quota.toString()).isEqualTo(200);
        client = client(tenants.issueKey(tenant, EnumSet.of(Scope.EVENTS_WRITE, Scope.EVENTS_READ), null).secret());
    }

    @Test
    void postedEventsComeBackAsTheirMinutesFigures() {
        Instant now = Instant.now();
        post(orders(3, now, 12.5), payment("failed", now), payment("succeeded", now));

        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            JsonNode points = series(client.get(metric("orders.placed", now)), 0);
            assertThat(sum(points, "count")).isEqualTo(3);
        });
        JsonNode revenue = client.get(metric("revenue.orders", now) + "&by=currency").json();
        assertThat(revenue.get("kind").asString()).isEqualTo("sum");
        assertThat(revenue.get("series").get(0).get("dims").get("currency").asString()).isEqualTo("EUR");
        assertThat(sum(revenue.get("series").get(0).get("points"), "value")).isEqualTo(37.5);
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            JsonNode rate = series(client.get(metric("payments.failure_rate", now)), 0);
            assertThat(values(rate)).contains(0.5);
        });
        JsonNode catalog = client.get("/api/v1/metrics").json();
        assertThat(catalog.get("metrics").toString()).contains("orders.placed", "payments.failure_rate", "quality.score");
    }

    @Test
    void badQuestionsAreAnsweredWithProblems() {
        assertProblem(client.get("/api/v1/metrics?name=orders.teleported"), 400, "name");
        assertProblem(client.get("/api/v1/metrics?name=orders.placed&window=2m"), 400, "window");
        assertProblem(client.get("/api/v1/metrics?name=orders.placed&from=yesterday"), 400, "from");
        assertProblem(client.get("/api/v1/metrics?name=orders.placed&colour=blue"), 400, "colour");
        assertProblem(client.get("/api/v1/metrics?name=orders.placed&window=1m&by=segment"), 400, "5m");
        assertProblem(client.get("/api/v1/metrics?name=orders.placed&from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z"),
                400, "at most");
        assertProblem(client.get("/api/v1/metrics?name=orders.placed&tenant=someone-else"), 403, "tenant");
        assertProblem(client.get("/api/v1/alerts?state=sleeping"), 400, "state");
        assertProblem(client.get("/api/v1/alerts?cursor=nonsense"), 400, "cursor");
        assertProblem(client.get("/api/v1/alerts/not-an-id"), 400, "alert id");
        assertProblem(client.get("/api/v1/alerts/" + UUID.randomUUID()), 404, "alert");
        assertProblem(admin.put("/api/v1/alerts/thresholds?tenant=" + tenant, "application/json", "{\"zWarning\": -1}"),
                400, "zWarning");
        assertProblem(admin.put("/api/v1/alerts/thresholds?tenant=" + tenant, "application/json", "{\"loudness\": 3}"),
                400, "loudness");
        assertProblem(admin.put("/api/v1/alerts/thresholds?tenant=" + tenant, "application/json", "[1]"), 400, "object");
        ApiClient.Response byWriter = client.put("/api/v1/alerts/thresholds", "application/json", "{\"zWarning\": 5}");
        assertThat(byWriter.status()).as(byWriter.toString()).isEqualTo(403);
    }

    @Test
    void aTenantSeesOnlyItsOwnFiguresAndAlerts() {
        Instant now = Instant.now();
        post(orders(2, now, 1));
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() ->
                assertThat(sum(series(client.get(metric("orders.placed", now)), 0), "count")).isEqualTo(2));
        ApiClient other = newTenantClient("an-other");
        assertThat(sum(series(other.get(metric("orders.placed", now)), 0), "count")).isZero();
        JsonNode alerts = other.get("/api/v1/alerts?state=all").json();
        for (JsonNode alert : alerts.get("alerts")) {
            assertThat(alert.get("tenant").asString()).isNotEqualTo(tenant);
        }
        JsonNode thresholds = admin.put("/api/v1/alerts/thresholds?tenant=" + tenant, "application/json",
                "{\"zWarning\": 5, \"zCritical\": 7}").json();
        assertThat(thresholds.get("thresholds").get("zWarning").asDouble()).isEqualTo(5.0);
        assertThat(client.get("/api/v1/alerts/thresholds").json().get("thresholds").get("zCritical").asDouble()).isEqualTo(7.0);
    }

    private String metric(String name, Instant around) {
        return "/api/v1/metrics?name=" + name + "&window=1m&from=" + around.minusSeconds(120) + "&to="
                + around.plusSeconds(120);
    }

    private static JsonNode series(ApiClient.Response response, int index) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("series").get(index).get("points");
    }

    private static double sum(JsonNode points, String field) {
        double sum = 0;
        for (JsonNode point : points) {
            sum += point.get(field).isNull() ? 0 : point.get(field).asDouble();
        }
        return sum;
    }

    private static List<Double> values(JsonNode points) {
        List<Double> values = new ArrayList<>();
        points.forEach(point -> {
            if (!point.get("value").isNull()) {
                values.add(point.get("value").asDouble());
            }
        });
        return values;
    }

    private void post(String... events) {
        List<String> all = new ArrayList<>();
        for (String event : events) {
            all.add(event.startsWith("[") ? event.substring(1, event.length() - 1) : event);
        }
        ApiClient.Response answer = client.post("/api/v1/events", BATCH, "[" + String.join(",", all) + "]");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
    }

    private static String orders(int n, Instant time, double amount) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = UUID.randomUUID().toString();
            events.add(event("order.placed", time, "{\"order_id\":\"o-" + id + "\",\"customer_id\":\"c-" + i
                    + "\",\"amount\":" + amount + ",\"currency\":\"EUR\"}"));
        }
        return "[" + String.join(",", events) + "]";
    }

    private static String payment(String status, Instant time) {
        String id = UUID.randomUUID().toString();
        return event("payment.processed", time, "{\"payment_id\":\"p-" + id + "\",\"customer_id\":\"c-1\",\"amount\":5,"
                + "\"currency\":\"EUR\",\"status\":\"" + status + "\"" + (status.equals("failed")
                ? ",\"failure_code\":\"card_declined\"" : "") + "}");
    }

    private static String event(String type, Instant time, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/analytics-test\",\"type\":\""
                + type + "\",\"time\":\"" + time + "\",\"datacontenttype\":\"application/json\",\"data\":" + data + "}";
    }

    static void assertProblem(ApiClient.Response response, int status, String mentions) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body()).contains(mentions);
    }
}
