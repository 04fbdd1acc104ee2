package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bss.platform.tenancy.Scope;
import org.bss.platform.tenancy.Tenants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import tools.jackson.databind.JsonNode;

/**
 * The dashboards show something: a real Prometheus scrapes this running platform (with the shipped rules), the
 * platform gets a tenant's events of several types (some refused, some throttled by a small quota), an undecodable
 * record that becomes a dead letter, and analytics' figures; then every query of every panel of every dashboard
 * (from their one source, {@code $tenant} being this tenant), and every recording rule, must return data.
 */
@EnabledIf(value = "org.bss.platform.PrometheusBinaries#installedOrRequired", disabledReason = PrometheusBinaries.MISSING)
class PrometheusPanelsTest extends ApiTest {

    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final String BATCH = "application/cloudevents-batch+json";

    @AfterAll
    static void stopPrometheus() {
        PrometheusServer.stopShared();
    }

    @Test
    void everyPanelAndEveryRecordingRuleHasDataFromThePlatformUnderLoad() throws Exception {
        PrometheusServer prometheus = PrometheusServer.scraping(port);
        String tenant = "panels-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient client = tenantWithQuota(tenant, 50, 200);

        // Prometheus sees the tenant's counters at 0 first, so that rates see what follows.
        assertStatus(client.postEvent(event("acme.ping", Instant.now(), "{\"n\":0}")), 202);
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(prometheus.query(selector(tenant, "accepted")))
                        .as("the tenant's first event (targets: %s)", prometheus.targetHealth()).isNotEmpty());
        drive(client);
        sendUndecodableRecord(tenant);

        List<GrafanaDashboards.PanelQuery> panels = GrafanaDashboards.read().queries(tenant);
        panels.forEach(panel -> prometheus.query(panel.expr())); // a query Prometheus refuses fails here, at once
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(panels.stream().filter(panel -> prometheus.query(panel.expr()).isEmpty())
                        .map(panel -> panel.dashboard() + " / " + panel.panel() + ": " + panel.expr()).toList())
                        .as("panels whose query returns no data (targets: %s)", prometheus.targetHealth()).isEmpty());

        List<String> recorded = PrometheusRulesTest.recorded();
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(recorded.stream().filter(rule -> prometheus.query(rule).isEmpty()).toList())
                        .as("recording rules with no data").isEmpty());

        assertThat(prometheus.labelValues("tenant", "bss_ingest_events_total").valueStream().map(JsonNode::asString))
                .as("the dashboards' $tenant choices").contains(tenant);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(value(prometheus, selector(tenant, "accepted"))).isEqualTo(15);
            assertThat(value(prometheus, selector(tenant, "refused"))).isEqualTo(4);
            assertThat(value(prometheus, selector(tenant, "throttled"))).isEqualTo(201);
            assertThat(value(prometheus, "increase(" + selector(tenant, "throttled") + "[10m])"))
                    .as("the 429s as a rate sees them").isPositive();
        });
    }

    private static String selector(String tenant, String outcome) {
        return "bss_ingest_events_total{tenant=\"" + tenant + "\", outcome=\"" + outcome + "\"}";
    }

    private static double value(PrometheusServer prometheus, String query) {
        JsonNode result = prometheus.query(query);
        assertThat(result).as(query).hasSize(1);
        return result.get(0).get("value").get(1).asDouble();
    }

    private ApiClient tenantWithQuota(String tenant, long rate, long burst) {
        tenants.create(Tenants.PLATFORM_TENANT, "Platform operators");
        ApiClient admin = client(tenants.issueKey(Tenants.PLATFORM_TENANT, EnumSet.of(Scope.ADMIN), null).secret());
        tenants.create(tenant, tenant);
        ApiClient.Response quota = admin.put("/api/v1/admin/tenants/" + tenant + "/quota", "application/json",
                "{\"rate\": " + rate + ", \"burst\": " + burst + "}");
        assertThat(quota.status()).as(quota.toString()).isEqualTo(200);
        return client(tenants.issueKey(tenant, EnumSet.of(Scope.EVENTS_WRITE, Scope.EVENTS_READ), null).secret());
    }

    /** The business's events (every figure the dashboards show), some refused for each reason, a batch over the quota. */
    private static void drive(ApiClient client) {
        Instant now = Instant.now();
        List<String> business = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            business.add(event("order.placed", now, "{\"order_id\":\"o-" + i + "\",\"customer_id\":\"c-" + i
                    + "\",\"amount\":12.5,\"currency\":\"EUR\"}"));
        }
        business.add(event("order.cancelled", now, "{\"order_id\":\"o-0\",\"customer_id\":\"c-0\"}"));
        business.add(event("payment.processed", now, "{\"payment_id\":\"p-1\",\"customer_id\":\"c-1\",\"amount\":25,"
                + "\"currency\":\"EUR\",\"status\":\"succeeded\"}"));
        business.add(event("payment.processed", now, "{\"payment_id\":\"p-2\",\"customer_id\":\"c-2\",\"amount\":5,"
                + "\"currency\":\"EUR\",\"status\":\"failed\",\"failure_code\":\"card_declined\"}"));
        business.add(event("usage.recorded", now, "{\"subscription_id\":\"s-1\",\"metric\":\"data\",\"quantity\":512,"
                + "\"unit\":\"MB\"}"));
        business.add(event("customer.created", now, "{\"customer_id\":\"c-9\"}"));
        business.add(event("subscription.activated", now, "{\"subscription_id\":\"s-1\",\"customer_id\":\"c-1\","
                + "\"plan_id\":\"plan-s\"}"));
        business.add(event("subscription.cancelled", now, "{\"subscription_id\":\"s-2\",\"customer_id\":\"c-2\"}"));
        business.add(event("invoice.generated", now, "{\"invoice_id\":\"i-1\",\"customer_id\":\"c-1\",\"amount\":30,"
                + "\"currency\":\"EUR\"}"));
        assertStatus(client.post("/api/v1/events", BATCH, "[" + String.join(",", business) + "]"), 202);

        for (int i = 0; i < 3; i++) {
            assertStatus(client.postEvent(event("acme.ping", now, "{\"n\":" + i + "}")), 202);
        }
        assertStatus(client.postEvent(event("order.placed", now, "{\"customer_id\":\"c-1\"}")), 400);
        assertStatus(client.postEvent(event("payment.processed", now, "{\"payment_id\":\"p-3\",\"customer_id\":\"c-1\","
                + "\"amount\":-5,\"currency\":\"EUR\",\"status\":\"succeeded\"}")), 400);
        assertStatus(client.postEvent("{\"specversion\":\"1.0\",\"type\":\"acme.ping\",\"source\":\"/panels\"}"), 400);
        assertStatus(client.postEvent("{\"specversion\":\"1.0\",\"type\":\"acme.ping\",\"source\":\"/panels\",\"id\":\"x-1\","
                + "\"tenantid\":\"someone-else\"}"), 403);
        List<String> overTheBurst = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            overTheBurst.add(event("acme.ping", now, "{\"n\":" + i + "}"));
        }
        assertStatus(client.post("/api/v1/events", BATCH, "[" + String.join(",", overTheBurst) + "]"), 429);
    }

    /** A record on bss.events that is no CloudEvent: the store sends it to the dead letters (stage decode). */
    private void sendUndecodableRecord(String tenant) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("bss.events", tenant + "/customer/c-1",
                    "no CloudEvent headers here".getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }
    }

    private static String event(String type, Instant time, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/panels\",\"type\":\"" + type
                + "\",\"time\":\"" + time + "\",\"datacontenttype\":\"application/json\",\"data\":" + data + "}";
    }

    private static void assertStatus(ApiClient.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
    }
}
