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

/** Operators create tenants and issue, list and revoke their keys; every change is audited. */
class AdminApiTest extends ApiTest {

    ApiClient admin;
    String tenant;

    @BeforeEach
    void adminKey() {
        tenants.create(Tenants.PLATFORM_TENANT, "Platform operators");
        admin = client(tenants.issueKey(Tenants.PLATFORM_TENANT, EnumSet.of(Scope.ADMIN), null).secret());
        tenant = "acme-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String event(String id) {
        return """
                {"specversion":"1.0","type":"acme.ping","source":"/admin-test","id":"%s","data":{"n":1}}""".formatted(id);
    }

    @Test
    void aTenantIsCreatedGetsAKeyThatWorksAndIsAudited() {
        ApiClient.Response created = admin.post("/api/v1/admin/tenants", "application/json",
                "{\"tenantId\":\"" + tenant + "\",\"name\":\"ACME Telecom\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("status").asString()).isEqualTo("active");

        ApiClient.Response issued = admin.post("/api/v1/admin/tenants/" + tenant + "/keys", "application/json",
                "{\"scopes\":[\"events:write\",\"events:read\"]}");
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        String secret = issued.json().get("secret").asString();
        ApiClient acme = client(secret);
        assertThat(acme.postEvent(event("a-1")).status()).isEqualTo(202);

        JsonNode keys = admin.get("/api/v1/admin/tenants/" + tenant + "/keys").json().get("keys");
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0).has("secret")).isFalse();
        assertThat(admin.get("/api/v1/admin/tenants/" + tenant + "/keys").body()).doesNotContain(secret);
        assertThat(keys.get(0).get("prefix").asString()).isEqualTo(secret.substring(0, 10));
        assertThat(admin.get("/api/v1/admin/tenants").json().get("tenants").valueStream()
                .map(t -> t.get("tenantId").asString())).contains(tenant);

        JsonNode audit = admin.get("/api/v1/admin/audit?tenantId=" + tenant).json().get("entries");
        assertThat(audit.valueStream().map(e -> e.get("action").asString())).containsExactly("key.issued", "tenant.created");
        assertThat(audit.get(0).get("actor").asString()).startsWith("platform/");
        assertThat(audit.toString()).doesNotContain(secret);
    }

    @Test
    void aRevokedKeyAndADisabledTenantAreRefused() {
        admin.post("/api/v1/admin/tenants", "application/json", "{\"tenantId\":\"" + tenant + "\"}");
        JsonNode first = admin.post("/api/v1/admin/tenants/" + tenant + "/keys", "application/json",
                "{\"scopes\":[\"events:write\"]}").json();
        String second = admin.post("/api/v1/admin/tenants/" + tenant + "/keys", "application/json",
                "{\"scopes\":[\"events:write\"]}").json().get("secret").asString();
        ApiClient revoked = client(first.get("secret").asString());
        assertThat(revoked.postEvent(event("r-1")).status()).isEqualTo(202);

        assertThat(admin.delete("/api/v1/admin/tenants/" + tenant + "/keys/" + first.get("keyId").asString()).status())
                .isEqualTo(204);
        await().atMost(Duration.ofSeconds(20)).until(() -> revoked.postEvent(event("r-2")).status() == 401);
        assertThat(client(second).postEvent(event("r-3")).status()).isEqualTo(202);

        assertThat(admin.post("/api/v1/admin/tenants/" + tenant + "/disable", "application/json", "").json()
                .get("status").asString()).isEqualTo("disabled");
        await().atMost(Duration.ofSeconds(20)).until(() -> client(second).postEvent(event("r-4")).status() == 403);
        ApiClient.Response disabled = client(second).postEvent(event("r-4"));
        assertThat(disabled.contentType()).startsWith("application/problem+json");
        assertThat(disabled.json().get("type").asString()).isEqualTo("urn:bss:problem:tenant-disabled");
        admin.post("/api/v1/admin/tenants/" + tenant + "/enable", "application/json", "");
        await().atMost(Duration.ofSeconds(20)).until(() -> client(second).postEvent(event("r-5")).status() == 202);
    }

    @Test
    void onlyAdminKeysMayUseTheAdminApi() {
        ApiClient tenantKey = newTenantClient("not-admin");

        ApiClient.Response refused = tenantKey.get("/api/v1/admin/tenants");

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(client(null).get("/api/v1/admin/tenants").status()).isEqualTo(401);
    }

    @Test
    void badRequestsAreProblems() {
        assertThat(admin.post("/api/v1/admin/tenants", "application/json", "{\"tenantId\":\"Not Valid\"}").status()).isEqualTo(400);
        admin.post("/api/v1/admin/tenants", "application/json", "{\"tenantId\":\"" + tenant + "\"}");
        ApiClient.Response duplicate = admin.post("/api/v1/admin/tenants", "application/json", "{\"tenantId\":\"" + tenant + "\"}");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.contentType()).startsWith("application/problem+json");
        assertThat(admin.get("/api/v1/admin/tenants/no-such-tenant").status()).isEqualTo(404);
        assertThat(admin.post("/api/v1/admin/tenants/" + tenant + "/keys", "application/json", "{\"scopes\":[\"fly\"]}").status())
                .isEqualTo(400);
        assertThat(admin.post("/api/v1/admin/tenants/" + tenant + "/keys", "application/json", "{\"scopes\":[\"admin\"]}").status())
                .isEqualTo(400);
        assertThat(admin.post("/api/v1/admin/tenants/" + tenant + "/keys", "application/json",
                "{\"scopes\":[\"events:read\"],\"expiresAt\":\"2001-01-01T00:00:00Z\"}").status()).isEqualTo(400);
        assertThat(admin.delete("/api/v1/admin/tenants/" + tenant + "/keys/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(admin.post("/api/v1/admin/tenants", "application/json", "not json").status()).isEqualTo(400);
    }

    @Test
    void anExpiredKeyIsRefused() {
        tenants.create(tenant, tenant);
        String soon = tenants.issueKey(tenant, EnumSet.of(Scope.EVENTS_WRITE), java.time.Instant.now().plusSeconds(2)).secret();
        ApiClient expiring = client(soon);
        assertThat(expiring.postEvent(event("e-1")).status()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).until(() -> expiring.postEvent(event("e-2")).status() == 401);
    }
}
