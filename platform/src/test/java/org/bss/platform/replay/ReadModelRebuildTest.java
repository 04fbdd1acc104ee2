package org.bss.platform.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.bss.platform.ApiClient;
import org.bss.platform.ApiTest;
import org.bss.platform.Projected;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class ReadModelRebuildTest extends ApiTest {

    private static final String JSON = "application/json";
    private static final String BATCH = "application/cloudevents-batch+json";
    private static final java.math.BigDecimal HUNDRED = new java.math.BigDecimal("100.00");

    @Autowired
    JdbcClient jdbc;

    @Test
    void aRebuildUnderLiveIngestEndsEqualToAFreshFoldOfTheStoreAndReadsNeverSeeItHalfBuilt() throws Exception {
        String tenant = "rebuild-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient admin = admin();
        ApiClient client = client(Tenanted.unlimited(tenants, admin, tenant));
        String token = post(client, 0, 150);
        Projected.await(client, token);
        JsonNode before = client.get("/api/v1/customers/c-7").json();
        assertThat(before.get("balances").get(0).get("outstanding").decimalValue()).isEqualByComparingTo("100.00");

        AtomicBoolean live = new AtomicBoolean(true);
        AtomicReference<String> lastToken = new AtomicReference<>();
        AtomicInteger posted = new AtomicInteger(150);
        List<String> badReads = new CopyOnWriteArrayList<>();
        Thread ingest = Thread.ofPlatform().start(() -> {
            while (live.get()) {
                int first = posted.getAndAdd(10);
                lastToken.set(post(client, first, first + 10));
                ApiClient.Response read = client.get("/api/v1/customers/c-7");
                if (read.status() != 200 || !read.json().get("profile").equals(before.get("profile"))
                        || read.json().get("balances").get(0).get("outstanding").decimalValue().compareTo(HUNDRED) != 0) {
                    badReads.add(read.toString());
                }
            }
        });
        String id;
        try {
            JsonNode job = ReplayApiTest.created(admin.post("/api/v1/replays", JSON, "{\"target\": {\"kind\": \"rebuild\"}}"));
            id = job.get("id").asString();
            assertThat(admin.post("/api/v1/replays", JSON, "{\"target\": {\"kind\": \"rebuild\"}}").status()).isEqualTo(409);
            await().atMost(Duration.ofMinutes(1)).until(() -> posted.get() >= 250); // live traffic during the build
            ReplayApiTest.awaitState(admin, id, "completed");
        } finally {
            live.set(false);
            ingest.join();
        }
        Projected.await(client, lastToken.get());
        assertThat(badReads).isEmpty();
        JsonNode afterLive = checksum(admin, tenant);
        assertThat(afterLive.get("rm_customers").get("rows").asLong()).isEqualTo(posted.get());

        String fresh = ReplayApiTest.created(admin.post("/api/v1/replays", JSON, "{\"target\": {\"kind\": \"rebuild\"}}"))
                .get("id").asString();
        ReplayApiTest.awaitState(admin, fresh, "completed");
        assertThat(checksum(admin, tenant)).isEqualTo(afterLive);
        assertThat(client.get("/api/v1/customers/c-7").json().get("balances").get(0).get("outstanding").decimalValue())
                .isEqualByComparingTo("100.00");
        assertThat(buildSchemas()).isZero();
    }

    @Test
    void aCancelledRebuildLeavesTheLiveModelsAndDropsItsGeneration() {
        ApiClient admin = admin();
        String id = ReplayApiTest.created(admin.post("/api/v1/replays", JSON, "{\"target\": {\"kind\": \"rebuild\"}}"))
                .get("id").asString();
        ApiClient.Response cancelled = admin.delete("/api/v1/replays/" + id);
        assertThat(cancelled.status()).as(cancelled.toString()).isIn(200, 409); // 409: it had completed already
        await().atMost(Duration.ofSeconds(30)).until(() -> buildSchemas() == 0);
        ReplayApiTest.assertProblem(admin.get("/api/v1/admin/read-models/checksum"), 400, "tenant");
    }

    private long buildSchemas() {
        return jdbc.sql("select count(*) from information_schema.schemata where schema_name like 'rm\\_build\\_%'")
                .query(Long.class).single();
    }

    private ApiClient admin() {
        return client(Tenanted.adminKey(tenants));
    }

    private static JsonNode checksum(ApiClient admin, String tenant) {
        ApiClient.Response answer = admin.get("/api/v1/admin/read-models/checksum?tenant=" + tenant);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json().get("tables");
    }

    /** Customers c-first .. c-(last-1), each with a subscription, an order, two invoices (one paid) and usage. */
    private static String post(ApiClient client, int first, int last) {
        List<String> events = new ArrayList<>();
        for (int n = first; n < last; n++) {
            String c = "c-" + n;
            events.add(event("customer.created", c + "-1", "2026-01-01T10:00:00Z", "customer/" + c,
                    "{\"customer_id\":\"%s\",\"email\":\"%s@example.com\",\"status\":\"active\"}".formatted(c, c)));
            events.add(event("subscription.activated", c + "-2", "2026-01-01T10:05:00Z", "subscription/s-" + c,
                    "{\"subscription_id\":\"s-%s\",\"customer_id\":\"%s\",\"plan_id\":\"mobile-m\",\"price\":19.99,\"currency\":\"EUR\"}"
                            .formatted(c, c)));
            events.add(event("invoice.generated", c + "-3", "2026-02-01T00:00:00Z", "invoice/i1-" + c,
                    "{\"invoice_id\":\"i1-%s\",\"customer_id\":\"%s\",\"amount\":100.00,\"currency\":\"EUR\",\"due_date\":\"2026-02-15\"}"
                            .formatted(c, c)));
            events.add(event("invoice.paid", c + "-4", "2026-03-05T00:00:00Z", "invoice/i2-" + c,
                    "{\"invoice_id\":\"i2-%s\",\"customer_id\":\"%s\",\"amount\":50.00,\"currency\":\"EUR\"}".formatted(c, c)));
            events.add(event("invoice.generated", c + "-5", "2026-03-01T00:00:00Z", "invoice/i2-" + c,
                    "{\"invoice_id\":\"i2-%s\",\"customer_id\":\"%s\",\"amount\":50.00,\"currency\":\"EUR\",\"due_date\":\"2026-03-15\"}"
                            .formatted(c, c)));
        }
        ApiClient.Response answer = client.post("/api/v1/events", BATCH, "[" + String.join(",", events) + "]");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
        return answer.json().get("consistencyToken").asString();
    }

    private static String event(String type, String id, String time, String subject, String data) {
        return """
                {"specversion":"1.0","type":"%s","source":"/billing","id":"%s","time":"%s","subject":"%s",\
                "datacontenttype":"application/json","data":%s}""".formatted(type, id, time, subject, data);
    }
}
