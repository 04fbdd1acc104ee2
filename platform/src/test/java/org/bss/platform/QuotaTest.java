package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.bss.devservices.DevServices;
import org.bss.devservices.EmbeddedRedis;
import org.bss.platform.tenancy.Scope;
import org.bss.platform.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** Per-tenant token buckets, shared through Redis, with local buckets while Redis is away. */
class QuotaTest extends ApiTest {

    ApiClient admin;

    @BeforeEach
    void adminKey() {
        tenants.create(Tenants.PLATFORM_TENANT, "Platform operators");
        admin = client(tenants.issueKey(Tenants.PLATFORM_TENANT, EnumSet.of(Scope.ADMIN), null).secret());
    }

    private String tenantWithQuota(long rate, long burst) {
        String tenant = "quota-" + UUID.randomUUID().toString().substring(0, 8);
        tenants.create(tenant, tenant);
        assertThat(admin.put("/api/v1/admin/tenants/" + tenant + "/quota", "application/json",
                "{\"rate\":" + rate + ",\"burst\":" + burst + "}").status()).isEqualTo(200);
        return tenants.issueKey(tenant, EnumSet.of(Scope.EVENTS_WRITE), null).secret();
    }

    static String event() {
        return """
                {"specversion":"1.0","type":"acme.ping","source":"/quota","id":"%s","data":{"n":1}}""".formatted(UUID.randomUUID());
    }

    static String batch(int n) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(event());
        }
        return "[" + String.join(",", events) + "]";
    }

    @Test
    void overTheQuotaIs429WithRetryAfterAndAnotherTenantIsUnaffected() {
        ApiClient limited = client(tenantWithQuota(1, 20));

        ApiClient.Response batch = limited.post("/api/v1/events", "application/cloudevents-batch+json", batch(20));
        assertThat(batch.status()).as(batch.toString()).isEqualTo(202);
        ApiClient.Response over = limited.postEvent(event());

        assertThat(over.status()).isEqualTo(429);
        assertThat(over.contentType()).startsWith("application/problem+json");
        assertThat(over.retryAfter()).isNotBlank();
        assertThat(over.json().get("type").asString()).isEqualTo("urn:bss:problem:quota-exceeded");
        assertThat(newTenantClient("unaffected").postEvent(event()).status()).isEqualTo(202);
        assertThat(limited.post("/api/v1/events", "application/cloudevents-batch+json", batch(21)).status())
                .as("a batch larger than the burst can never fit").isEqualTo(429);
    }

    @Test
    void aKeyWithAQuotaOfItsOwnIsLimitedAndTheTenantsOtherKeysAreNot() {
        String tenant = "keyquota-" + UUID.randomUUID().toString().substring(0, 8);
        admin.post("/api/v1/admin/tenants", "application/json", "{\"tenantId\":\"" + tenant + "\"}");
        var limitedKey = admin.post("/api/v1/admin/tenants/" + tenant + "/keys", "application/json",
                "{\"scopes\":[\"events:write\"]}").json();
        String otherKey = admin.post("/api/v1/admin/tenants/" + tenant + "/keys", "application/json",
                "{\"scopes\":[\"events:write\"]}").json().get("secret").asString();
        ApiClient.Response set = admin.put("/api/v1/admin/tenants/" + tenant + "/keys/" + limitedKey.get("keyId").asString()
                + "/quota", "application/json", "{\"rate\":1,\"burst\":3}");
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(set.json().get("quotaBurst").asInt()).isEqualTo(3);
        ApiClient limited = client(limitedKey.get("secret").asString());

        assertThat(limited.post("/api/v1/events", "application/cloudevents-batch+json", batch(3)).status()).isEqualTo(202);
        assertThat(limited.postEvent(event()).status()).isEqualTo(429);
        assertThat(client(otherKey).post("/api/v1/events", "application/cloudevents-batch+json", batch(10)).status()).isEqualTo(202);
    }

    @Test
    void aThousandEventsASecondOverAHundredASecondAreCutToAboutAHundredASecond() {
        ApiClient limited = client(tenantWithQuota(100, 100));
        ApiClient neighbour = newTenantClient("neighbour");
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger neighbourRefused = new AtomicInteger();
        long started = System.nanoTime();
        List<CompletableFuture<Void>> senders = new ArrayList<>();
        senders.add(CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 100; i++) {
                if (neighbour.postEvent(event()).status() != 202) {
                    neighbourRefused.incrementAndGet();
                }
            }
        }));
        for (int t = 0; t < 4; t++) {
            senders.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 250; i++) {
                    int status = limited.postEvent(event()).status();
                    (status == 202 ? accepted : refused).incrementAndGet();
                }
            }));
        }
        senders.forEach(CompletableFuture::join);
        double seconds = (System.nanoTime() - started) / 1e9;

        // The bucket lets the burst through, then refills at 100/s: what got through follows from how long it took.
        double expected = 100 + 100 * seconds;
        assertThat(accepted.get() + refused.get()).isEqualTo(1000);
        assertThat((double) accepted.get()).isBetween(Math.min(1000, expected * 0.7), Math.min(1000, expected * 1.1 + 10));
        assertThat(refused.get()).isPositive();
        assertThat(neighbourRefused.get()).as("another tenant, meanwhile").isZero();
    }

    @Test
    void theLimitHoldsAcrossTwoInstancesSharingRedis() {
        String key = tenantWithQuota(1, 10);
        try (ConfigurableApplicationContext second = secondIngestInstance()) {
            ApiClient first = client(key);
            ApiClient other = new ApiClient(OtherInstance.baseUrl(second), key);

            assertThat(first.post("/api/v1/events", "application/cloudevents-batch+json", batch(6)).status()).isEqualTo(202);
            assertThat(other.post("/api/v1/events", "application/cloudevents-batch+json", batch(4)).status()).isEqualTo(202);

            assertThat(other.postEvent(event()).status()).isEqualTo(429);
            assertThat(first.postEvent(event()).status()).isEqualTo(429);
        }
    }

    @Test
    void aLargeBucketSpentLocallyByTwoInstancesOvershootsByAtMostOnePerCentOfItsBurstEach() {
        long burst = 500;
        String key = tenantWithQuota(1, burst);
        try (ConfigurableApplicationContext second = secondIngestInstance()) {
            List<ApiClient> instances = List.of(client(key),
                    new ApiClient(OtherInstance.baseUrl(second), key));
            long started = System.nanoTime();
            int accepted = 0;
            int refusedInARow = 0;
            for (int i = 0; refusedInARow < 10 && i < 2 * burst; i++) {
                if (instances.get(i % 2).postEvent(event()).status() == 202) {
                    accepted++;
                    refusedInARow = 0;
                } else {
                    refusedInARow++;
                }
            }
            double refilled = (System.nanoTime() - started) / 1e9; // rate 1 a second
            assertThat(refusedInARow).as("both instances refuse once the bucket is spent").isEqualTo(10);
            assertThat((double) accepted).as("the burst, plus at most 1 % of it per instance, plus the refill")
                    .isBetween(burst - 2 * burst / 100.0, burst + 2 * burst / 100.0 + refilled + 1);
        }
    }

    private static ConfigurableApplicationContext secondIngestInstance() {
        return OtherInstance.start("--bss.roles=ingest");
    }

    @Test
    void withoutRedisLocalLimitsApplyAndSharedOnesResumeAfter() {
        String key = tenantWithQuota(1, 5);
        ApiClient limited = client(key);
        EmbeddedRedis redis = DevServices.shared().redis().orElseThrow();

        double fallbacksBefore = fallbackCount();
        redis.stop();
        try {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                statuses.add(limited.postEvent(event()).status());
            }
            assertThat(statuses).as("local buckets: neither no limit nor refusing everything")
                    .containsOnly(202, 429).contains(202, 429);
            assertThat(statuses.stream().filter(s -> s == 202).count()).isEqualTo(5);
            assertThat(fallbackCount()).as("the checks went to local buckets").isGreaterThan(fallbacksBefore);
        } finally {
            redis.start();
        }

        String fresh = tenantWithQuota(1, 3);
        ApiClient sharedAgain = client(fresh);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            // Once back on Redis, a fresh tenant's bucket lives there: three fit, the fourth does not.
            return sharedAgain.post("/api/v1/events", "application/cloudevents-batch+json", batch(3)).status() == 202
                    && sharedAgain.postEvent(event()).status() == 429 && sharedFallbacksStopped();
        });
    }

    private boolean sharedFallbacksStopped() {
        String before = fallbacks();
        client(newTenantKeyQuietly()).postEvent(event());
        return before.equals(fallbacks());
    }

    private String newTenantKeyQuietly() {
        return TestTenants.newTenantKey(tenants, "probe");
    }

    private double fallbackCount() {
        String line = fallbacks();
        return line.isEmpty() ? 0 : Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    private String fallbacks() {
        return client(null).get("/actuator/prometheus").body().lines()
                .filter(l -> l.startsWith("bss_quota_local_fallbacks_total")).findFirst().orElse("");
    }
}
