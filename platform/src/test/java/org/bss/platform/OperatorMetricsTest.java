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
import org.bss.devservices.DevServices;
import org.bss.devservices.EmbeddedRedis;
import org.bss.platform.tenancy.Scope;
import org.bss.platform.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What operators read on {@code /actuator/prometheus}, as a scraper sees it: each tenant's events by outcome and
 * refusal reason and its quota use, the health components as 1/0, the consumer groups' lag and progress, the dead
 * letters held, and a tenant's business figures of the latest complete minute.
 */
class OperatorMetricsTest extends ApiTest {

    private static final String BATCH = "application/cloudevents-batch+json";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private ApiClient admin;

    @BeforeEach
    void adminKey() {
        tenants.create(Tenants.PLATFORM_TENANT, "Platform operators");
        admin = client(tenants.issueKey(Tenants.PLATFORM_TENANT, EnumSet.of(Scope.ADMIN), null).secret());
    }

    @Test
    void eachTenantsEventsAreCountedByOutcomeAndReasonAndItsQuotaUseIsShown() {
        String tenant = tenantWithQuota("outcomes", 1, 10);
        ApiClient client = client(tenants.issueKey(tenant, EnumSet.of(Scope.EVENTS_WRITE), null).secret());

        status(client.postEvent(ping()), 202);
        status(client.postEvent(ping()), 202);
        assertThat(sample("bss_quota_used_ratio", "tenant", tenant)).as("2 of 10 tokens spent").isBetween(0.1, 0.2);
        status(client.post("/api/v1/events", BATCH, "[" + ping() + ","
                + event("order.placed", "{\"customer_id\":\"c-1\"}")
                + ",{\"specversion\":\"1.0\",\"type\":\"acme.ping\",\"source\":\"/m\"}]"), 207);
        status(client.post("/api/v1/events", BATCH, "[" + ping() + "," + event("acme.ping",
                "{\"blob\":\"" + "x".repeat(300 * 1024) + "\"}") + "]"), 207);
        status(client.postEvent(event("payment.processed", "{\"payment_id\":\"p-1\",\"customer_id\":\"c-1\",\"amount\":-5,"
                + "\"currency\":\"EUR\",\"status\":\"succeeded\"}")), 400);
        status(client.postEvent("{\"specversion\":\"1.0\",\"type\":\"acme.ping\",\"source\":\"/m\",\"id\":\"x\","
                + "\"tenantid\":\"someone-else\"}"), 403);
        status(client.post("/api/v1/events", BATCH, batch(11)), 429);

        assertThat(outcomes(tenant)).containsExactlyInAnyOrderEntriesOf(
                Map.of("accepted", 4.0, "refused", 5.0, "throttled", 11.0, "unavailable", 0.0));
        assertThat(refusals(tenant)).containsExactlyInAnyOrderEntriesOf(Map.of("envelope", 1.0, "schema", 1.0,
                "rule", 1.0, "tenant", 1.0, "too-large", 1.0, "unknown-type", 0.0));
        assertThat(sample("bss_quota_used_ratio", "tenant", tenant)).as("refused: the bucket is spent").isEqualTo(1.0);

        String other = tenantWithQuota("neighbour", 100, 100);
        status(client(tenants.issueKey(other, EnumSet.of(Scope.EVENTS_WRITE), null).secret()).postEvent(ping()), 202);
        assertThat(outcomes(other)).containsEntry("accepted", 1.0).containsEntry("throttled", 0.0);
        assertThat(outcomes(tenant)).containsEntry("accepted", 4.0);
    }

    @Test
    void eachHealthComponentIsOneWhileUpAndZeroWhileDown() {
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(sample("bss_dependency_up", "component", "kafka")).isEqualTo(1.0);
            assertThat(sample("bss_dependency_up", "component", "db")).isEqualTo(1.0);
            assertThat(sample("bss_dependency_up", "component", "redis")).isEqualTo(1.0);
        });
        EmbeddedRedis redis = DevServices.shared().redis().orElseThrow();
        redis.stop();
        try {
            await().atMost(WAIT).untilAsserted(() -> assertThat(sample("bss_dependency_up", "component", "redis")).isZero());
            assertThat(sample("bss_dependency_up", "component", "db")).isEqualTo(1.0);
        } finally {
            redis.start();
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(sample("bss_dependency_up", "component", "redis")).isEqualTo(1.0));
    }

    @Test
    void theConsumerGroupsShowTheirLagAndAreNotStalledOnceCaughtUp() {
        ApiClient client = newTenantClient("groups");
        status(client.post("/api/v1/events", BATCH, batch(20)), 202);

        await().atMost(WAIT).untilAsserted(() -> {
            for (String group : List.of("bss-store", "bss-projection", "bss-analytics", "bss-dead-letters")) {
                assertThat(sample("bss_consumer_lag_records", "group", group)).as(group + " lag").isZero();
                assertThat(sample("bss_consumer_progress_age_seconds", "group", group)).as(group + " stalled for")
                        .isLessThan(15);
            }
        });
    }

    @Test
    void aDeadLetterIsHeldByStageCauseAndStatus() {
        double before = sampleOrZero("bss_dead_letters_held", "stage", "decode", "cause", "undecodable", "status", "dead");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("bss.events", "metrics/customer/c-1",
                    "no CloudEvent headers here".getBytes(StandardCharsets.UTF_8)));
        }

        await().atMost(WAIT).untilAsserted(() -> assertThat(
                sampleOrZero("bss_dead_letters_held", "stage", "decode", "cause", "undecodable", "status", "dead"))
                .isEqualTo(before + 1));
    }

    @Test
    void aTenantsBusinessFiguresAreItsLatestCompleteMinute() {
        String tenant = tenantWithQuota("figures", 1000, 1000);
        ApiClient client = client(tenants.issueKey(tenant, EnumSet.of(Scope.EVENTS_WRITE), null).secret());
        Instant now = Instant.now();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(event("order.placed", now, "{\"order_id\":\"o-" + i + "\",\"customer_id\":\"c-" + i
                    + "\",\"amount\":12.5,\"currency\":\"EUR\"}"));
        }
        events.add(event("payment.processed", now, "{\"payment_id\":\"p-1\",\"customer_id\":\"c-1\",\"amount\":5,"
                + "\"currency\":\"EUR\",\"status\":\"failed\",\"failure_code\":\"card_declined\"}"));
        events.add(event("usage.recorded", now, "{\"subscription_id\":\"s-1\",\"metric\":\"data\",\"quantity\":512,"
                + "\"unit\":\"MB\"}"));
        status(client.post("/api/v1/events", BATCH, "[" + String.join(",", events) + "]"), 202);

        // Shown once their minute has ended (and until the next one has).
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(sampleOrZero("bss_analytics_tenant_minute", "tenant", tenant, "name", "orders.placed")).isEqualTo(3);
            assertThat(sampleOrZero("bss_analytics_tenant_minute", "tenant", tenant, "name", "payments.failed")).isEqualTo(1);
            assertThat(sampleOrZero("bss_analytics_tenant_revenue", "tenant", tenant, "name", "revenue.orders",
                    "currency", "EUR")).isEqualTo(37.5);
            assertThat(sampleOrZero("bss_analytics_tenant_usage", "tenant", tenant, "metric", "data", "unit", "MB"))
                    .isEqualTo(512);
        });
        assertThat(sample("bss_analytics_tenant_alerts_open", "tenant", tenant, "severity", "critical")).isZero();
        assertThat(sample("bss_analytics_tenant_alerts_open", "tenant", tenant, "severity", "warning")).isZero();
    }

    private String tenantWithQuota(String prefix, long rate, long burst) {
        String tenant = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        tenants.create(tenant, tenant);
        status(admin.put("/api/v1/admin/tenants/" + tenant + "/quota", "application/json",
                "{\"rate\":" + rate + ",\"burst\":" + burst + "}"), 200);
        return tenant;
    }

    private Map<String, Double> outcomes(String tenant) {
        return byLabel("bss_ingest_events_total", "outcome", tenant);
    }

    private Map<String, Double> refusals(String tenant) {
        return byLabel("bss_ingest_refused_total", "reason", tenant);
    }

    /** The tenant's samples of a meter, by the value of one label. */
    private Map<String, Double> byLabel(String name, String label, String tenant) {
        Map<String, Double> values = new java.util.TreeMap<>();
        for (String line : scrape()) {
            if (line.startsWith(name + "{") && line.contains("tenant=\"" + tenant + "\"")) {
                String rest = line.substring(line.indexOf(label + "=\"") + label.length() + 2);
                values.put(rest.substring(0, rest.indexOf('"')), Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return values;
    }

    private double sample(String name, String... labels) {
        double value = sampleOrNaN(name, labels);
        assertThat(value).as(name + " " + String.join(",", labels) + " on /actuator/prometheus").isNotNaN();
        return value;
    }

    private double sampleOrZero(String name, String... labels) {
        double value = sampleOrNaN(name, labels);
        return Double.isNaN(value) ? 0 : value;
    }

    private double sampleOrNaN(String name, String... labels) {
        for (String line : scrape()) {
            if (!line.startsWith(name + "{")) {
                continue;
            }
            boolean all = true;
            for (int i = 0; i < labels.length; i += 2) {
                all &= line.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (all) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }

    private List<String> scrape() {
        ApiClient.Response metrics = client(null).get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        return metrics.body().lines().toList();
    }

    private static String ping() {
        return event("acme.ping", "{\"n\":1}");
    }

    private static String batch(int n) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(ping());
        }
        return "[" + String.join(",", events) + "]";
    }

    private static String event(String type, String data) {
        return event(type, null, data);
    }

    private static String event(String type, Instant time, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/metrics\",\"type\":\"" + type
                + "\"" + (time == null ? "" : ",\"time\":\"" + time + "\"") + ",\"datacontenttype\":\"application/json\","
                + "\"data\":" + data + "}";
    }

    private static void status(ApiClient.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
    }
}
