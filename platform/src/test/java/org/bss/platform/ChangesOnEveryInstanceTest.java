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
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * A change made through one instance is applied by another through the control topic. The other instance refreshes
 * its caches only every 10 minutes here, so nothing but the broadcast can bring it the change within the wait.
 */
class ChangesOnEveryInstanceTest extends ApiTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    @RegisterExtension
    static final OtherInstance.PerClass other = OtherInstance.perClass("--bss.roles=ingest,query", "--bss.cache-refresh=10m");

    ApiClient admin;
    String tenant;

    @BeforeEach
    void tenantAndAdmin() {
        tenants.create(Tenants.PLATFORM_TENANT, "Platform operators");
        admin = client(tenants.issueKey(Tenants.PLATFORM_TENANT, EnumSet.of(Scope.ADMIN), null).secret());
        tenant = "everywhere-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(admin.post("/api/v1/admin/tenants", "application/json", "{\"tenantId\":\"" + tenant + "\"}").status())
                .isEqualTo(201);
    }

    private JsonNode newKey(String... scopes) {
        return admin.post("/api/v1/admin/tenants/" + tenant + "/keys", "application/json",
                "{\"scopes\":[\"" + String.join("\",\"", scopes) + "\"]}").json();
    }

    private ApiClient there(JsonNode key) {
        return new ApiClient(other.baseUrl(), key.get("secret").asString());
    }

    static String event(String type) {
        return event(type, "{\"n\":1}");
    }

    static String event(String type, String data) {
        return """
                {"specversion":"1.0","type":"%s","source":"/everywhere","id":"%s","data":%s}"""
                .formatted(type, UUID.randomUUID(), data);
    }

    static String batch(int n) {
        StringBuilder events = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            events.append(i == 0 ? "" : ",").append(event("acme.ping"));
        }
        return events.append("]").toString();
    }

    private static int postBatch(ApiClient client, int events) {
        return client.post("/api/v1/events", "application/cloudevents-batch+json", batch(events)).status();
    }

    @Test
    void aTenantsQuotaSetHereLimitsThere() {
        ApiClient there = there(newKey("events:write"));
        assertThat(postBatch(there, 3)).as("the default quota, now cached there").isEqualTo(202);

        assertThat(admin.put("/api/v1/admin/tenants/" + tenant + "/quota", "application/json",
                "{\"rate\":1,\"burst\":2}").status()).isEqualTo(200);

        await().atMost(WAIT).until(() -> postBatch(there, 3) == 429); // a batch over the burst never fits
    }

    @Test
    void aKeysQuotaSetHereLimitsThere() {
        JsonNode key = newKey("events:write");
        ApiClient there = there(key);
        assertThat(postBatch(there, 3)).isEqualTo(202);

        assertThat(admin.put("/api/v1/admin/tenants/" + tenant + "/keys/" + key.get("keyId").asString() + "/quota",
                "application/json", "{\"rate\":1,\"burst\":2}").status()).isEqualTo(200);

        await().atMost(WAIT).until(() -> postBatch(there, 3) == 429);
    }

    @Test
    void aTenantDisabledHereIsRefusedThereAndEnabledAgain() {
        ApiClient there = there(newKey("events:write", "events:read"));
        assertThat(there.postEvent(event("acme.ping")).status()).isEqualTo(202);
        assertThat(there.get("/api/v1/events").status()).isEqualTo(200);

        admin.post("/api/v1/admin/tenants/" + tenant + "/disable", "application/json", "");

        await().atMost(WAIT).until(() -> there.postEvent(event("acme.ping")).status() == 403);
        ApiClient.Response refused = there.get("/api/v1/events");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("type").asString()).isEqualTo("urn:bss:problem:tenant-disabled");
        assertThat(refused.json().get("detail").asString()).contains(tenant).contains("disabled");

        admin.post("/api/v1/admin/tenants/" + tenant + "/enable", "application/json", "");
        await().atMost(WAIT).until(() -> there.postEvent(event("acme.ping")).status() == 202);
    }

    @Test
    void aKeyRevokedHereIsRefusedThere() {
        JsonNode revoked = newKey("events:write");
        ApiClient there = there(revoked);
        ApiClient stillValid = there(newKey("events:write"));
        assertThat(there.postEvent(event("acme.ping")).status()).isEqualTo(202);

        assertThat(admin.delete("/api/v1/admin/tenants/" + tenant + "/keys/" + revoked.get("keyId").asString()).status())
                .isEqualTo(204);

        await().atMost(WAIT).until(() -> there.postEvent(event("acme.ping")).status() == 401);
        assertThat(stillValid.postEvent(event("acme.ping")).status()).isEqualTo(202);
    }

    @Test
    void aSchemaPolicyAndASchemaSetHereApplyThere() {
        JsonNode key = newKey("events:write", "schemas:write");
        ApiClient here = client(key.get("secret").asString());
        ApiClient there = there(key);
        assertThat(there.postEvent(event("acme.unknown")).status()).as("permissive, now cached there").isEqualTo(202);
        assertThat(there.postEvent(event("acme.reading")).status()).isEqualTo(202);

        assertThat(here.put("/api/v1/schemas/policy", "application/json", "{\"policy\":\"strict\"}").status()).isEqualTo(200);
        assertThat(here.post("/api/v1/schemas/acme.reading", "application/json", """
                {"type":"object","properties":{"n":{"type":"string"}}}""").status()).isEqualTo(201);

        await().atMost(WAIT).until(() -> there.postEvent(event("acme.unknown")).status() == 400);
        // Strict: without the new schema, there would still refuse the type; with it, valid data is accepted.
        await().atMost(WAIT).until(() -> there.postEvent(event("acme.reading", "{\"n\":\"one\"}")).status() == 202);
        ApiClient.Response invalid = there.postEvent(event("acme.reading"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/data/n");
    }
}
