package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.EnumSet;
import java.util.UUID;
import org.bss.platform.tenancy.Scope;
import org.bss.platform.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What the console asks of the platform: consumer lag, this instance's last seconds, a tenant's settings changed
 * in one call, and an admin reading as a tenant.
 */
class OperatorApiTest extends ApiTest {

    ApiClient admin;
    String tenant;
    ApiClient writer;

    @BeforeEach
    void adminAndTenant() {
        tenants.create(Tenants.PLATFORM_TENANT, "Platform operators");
        admin = client(tenants.issueKey(Tenants.PLATFORM_TENANT, EnumSet.of(Scope.ADMIN), null).secret());
        tenant = "ops-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(admin.post("/api/v1/admin/tenants", "application/json", "{\"tenantId\":\"" + tenant + "\"}").status())
                .isEqualTo(201);
        writer = client(admin.post("/api/v1/admin/tenants/" + tenant + "/keys", "application/json",
                "{\"scopes\":[\"events:write\",\"events:read\"]}").json().get("secret").asString());
    }

    private String event(String id) {
        return """
                {"specversion":"1.0","type":"customer.created","source":"/ops-test","id":"%s","subject":"customer/c-%s",
                 "data":{"customer_id":"c-%s","email":"a@example.com"}}""".formatted(id, id, id);
    }

    @Test
    void theStoresGroupShowsItsLagPerPartitionAndCatchesUp() {
        assertThat(writer.postEvent(event("l-1")).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            ApiClient.Response answer = admin.get("/api/v1/admin/consumers");
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            JsonNode store = answer.json().get("groups").valueStream()
                    .filter(g -> g.get("group").asString().equals("bss-store")).findFirst().orElseThrow();
            assertThat(store.get("members").asInt()).isPositive();
            assertThat(store.get("partitions").size()).isPositive();
            JsonNode partition = store.get("partitions").get(0);
            assertThat(partition.get("topic").asString()).isEqualTo("bss.events");
            assertThat(partition.get("end").asLong()).isGreaterThanOrEqualTo(partition.get("committed").asLong());
            assertThat(store.get("lag").asLong()).isZero();
        });
    }

    @Test
    void theLastSecondsCountAcceptedThrottledAndRefusedRequestsWithTheirLatency() {
        for (int i = 0; i < 20; i++) {
            assertThat(writer.postEvent(event("t-" + i)).status()).isEqualTo(202);
        }
        assertThat(writer.postEvent("{\"specversion\":\"1.0\"}").status()).isEqualTo(400);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode samples = admin.get("/api/v1/admin/throughput?seconds=60").json().get("samples");
            double accepted = samples.valueStream().mapToDouble(s -> s.get("accepted").asDouble()).sum();
            double refused = samples.valueStream().mapToDouble(s -> s.get("refused").asDouble()).sum();
            assertThat(accepted).isGreaterThanOrEqualTo(19.0); // per-second rates over about one-second steps
            assertThat(refused).isPositive();
            JsonNode busy = samples.valueStream().filter(s -> !s.get("ingestP99Ms").isNull()).findFirst().orElseThrow();
            assertThat(busy.get("ingestP99Ms").asDouble()).isGreaterThanOrEqualTo(busy.get("ingestP50Ms").asDouble())
                    .isPositive();
            assertThat(samples.valueStream().anyMatch(s -> s.get("stored").asDouble() > 0)).isTrue();
        });
        ApiClient.Response tooMany = admin.get("/api/v1/admin/throughput?seconds=601");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.contentType()).startsWith("application/problem+json");
        assertThat(writer.get("/api/v1/admin/throughput").status()).isEqualTo(403);
    }

    @Test
    void aPatchChangesQuotaAndRetentionAndIsAuditedOnce() {
        ApiClient.Response patched = admin.send("PATCH", "/api/v1/admin/tenants/" + tenant, "application/merge-patch+json",
                "{\"quotaRate\":500,\"quotaBurst\":1000,\"retentionDays\":20}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("quotaRate").asLong()).isEqualTo(500);
        assertThat(patched.json().get("retentionDays").asInt()).isEqualTo(20);

        JsonNode back = admin.send("PATCH", "/api/v1/admin/tenants/" + tenant, "application/json",
                "{\"quotaBurst\":2000,\"retentionDays\":null}").json();
        assertThat(back.get("quotaRate").asLong()).as("kept").isEqualTo(500);
        assertThat(back.get("quotaBurst").asLong()).isEqualTo(2000);
        assertThat(back.get("retentionDays").isNull()).isTrue();

        JsonNode audit = admin.get("/api/v1/admin/audit?tenantId=" + tenant).json().get("entries");
        assertThat(audit.valueStream().map(e -> e.get("action").asString()))
                .containsExactly("tenant.updated", "tenant.updated", "key.issued", "tenant.created");
        assertThat(audit.get(0).get("details").get("retentionDays").asString()).isEqualTo("default");

        for (String bad : new String[] {"{\"quotaRate\":0}", "{\"quotaRate\":\"fast\"}", "{\"name\":\"x\"}", "[1]"}) {
            ApiClient.Response refused = admin.send("PATCH", "/api/v1/admin/tenants/" + tenant, "application/json", bad);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
        assertThat(admin.send("PATCH", "/api/v1/admin/tenants/no-such-" + tenant, "application/json", "{}").status())
                .isEqualTo(404);
        assertThat(writer.send("PATCH", "/api/v1/admin/tenants/" + tenant, "application/json", "{}").status())
                .isEqualTo(403);
    }

    @Test
    void anAdminReadsAsATenantAndNothingElse() {
        assertThat(writer.postEvent(event("a-1")).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            ApiClient.Response read = admin.get("/api/v1/events?id=a-1", "BSS-Tenant", tenant);
            assertThat(read.status()).as(read.toString()).isEqualTo(200);
            assertThat(read.json().get("events").get(0).get("tenantid").asString()).isEqualTo(tenant);
        });
        ApiClient.Response ticket = admin.send("POST", "/api/v1/stream/tickets", null, null, "BSS-Tenant", tenant);
        assertThat(ticket.status()).as(ticket.toString()).isEqualTo(201);

        ApiClient.Response notAdmin = writer.get("/api/v1/events", "BSS-Tenant", "platform");
        assertThat(notAdmin.status()).isEqualTo(403);
        assertThat(notAdmin.contentType()).startsWith("application/problem+json");
        ApiClient.Response write = admin.send("POST", "/api/v1/events", "application/cloudevents+json", event("a-2"),
                "BSS-Tenant", tenant);
        assertThat(write.status()).as("writes are not done as a tenant").isEqualTo(400);
        assertThat(admin.get("/api/v1/events", "BSS-Tenant", "no-such-" + tenant).status()).isEqualTo(403);
        ApiClient.Response anonymous = client(null).get("/api/v1/events", "BSS-Tenant", tenant);
        assertThat(anonymous.status()).isEqualTo(401);
    }
}
