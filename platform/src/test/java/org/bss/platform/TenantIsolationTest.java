package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.EnumSet;
import java.util.UUID;
import org.bss.platform.tenancy.Scope;
import org.junit.jupiter.api.Test;

/** Tenant B never reads, lists or overwrites tenant A's data, on every endpoint there is. */
class TenantIsolationTest extends ApiTest {

    private ApiClient tenantClient(String tenant) {
        tenants.create(tenant, tenant);
        return client(tenants.issueKey(tenant, EnumSet.of(Scope.EVENTS_WRITE, Scope.EVENTS_READ, Scope.SCHEMAS_WRITE), null)
                .secret());
    }

    static String event(String id, String data) {
        return """
                {"specversion":"1.0","type":"acme.reading","source":"/shared/source","subject":"meter/1","id":"%s","data":%s}"""
                .formatted(id, data);
    }

    @Test
    void tenantBSeesAndChangesNothingOfTenantA() {
        String a = "iso-a-" + UUID.randomUUID().toString().substring(0, 6);
        String b = "iso-b-" + UUID.randomUUID().toString().substring(0, 6);
        ApiClient clientA = tenantClient(a);
        ApiClient clientB = tenantClient(b);
        String schema = "{\"type\":\"object\",\"required\":[\"kwh\"]}";
        assertThat(clientA.post("/api/v1/schemas/acme.reading", "application/json", schema).status()).isEqualTo(201);
        assertThat(clientA.put("/api/v1/schemas/policy", "application/json", "{\"policy\":\"strict\"}").status()).isEqualTo(200);
        assertThat(clientA.postEvent(event("same-id", "{\"kwh\":1}")).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> clientA.get("/api/v1/events").json().get("events").size() == 1);

        // Events: nothing of A's is found by B, by any filter.
        for (String query : new String[] {"", "?source=%2Fshared%2Fsource&id=same-id", "?subject=meter%2F1", "?type=acme.reading",
                "?from=2000-01-01T00:00:00Z"}) {
            assertThat(clientB.get("/api/v1/events" + query).json().get("events")).as(query).isEmpty();
        }
        // The same source + id sent by B is B's own event: A's stays as it was.
        assertThat(clientB.postEvent(event("same-id", "{\"other\":true}")).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> clientB.get("/api/v1/events").json().get("events").size() == 1);
        assertThat(clientA.get("/api/v1/events?source=%2Fshared%2Fsource&id=same-id").json().get("events").get(0)
                .get("data").get("kwh").asInt()).isEqualTo(1);

        // Schemas and policy: A's are invisible to B (404) and B's registration and policy are B's alone.
        assertThat(clientB.get("/api/v1/schemas/acme.reading").status()).isEqualTo(404);
        assertThat(clientB.get("/api/v1/schemas/acme.reading/versions/1").status()).isEqualTo(404);
        assertThat(clientB.get("/api/v1/schemas").json().get("types").valueStream()
                .noneMatch(t -> t.get("owner").asString().equals("tenant"))).isTrue();
        assertThat(clientB.get("/api/v1/schemas").json().get("policy").asString()).isEqualTo("permissive");
        assertThat(clientB.post("/api/v1/schemas/acme.reading", "application/json", "{\"type\":\"object\"}").json()
                .get("version").asInt()).isEqualTo(1);
        assertThat(clientA.get("/api/v1/schemas/acme.reading").json().get("schema").get("required").get(0).asString())
                .isEqualTo("kwh");
        assertThat(clientA.get("/api/v1/schemas").json().get("policy").asString()).isEqualTo("strict");

        // Writing as A: an event naming A's tenant sent with B's credentials is refused.
        assertThat(clientB.postEvent(event("x", "{}").replace("\"data\"", "\"tenantid\":\"" + a + "\",\"data\"")).status())
                .isEqualTo(403);
        // The admin API is not a tenant's.
        assertThat(clientB.get("/api/v1/admin/tenants/" + a).status()).isEqualTo(403);
        assertThat(clientB.get("/api/v1/admin/tenants/" + a + "/keys").status()).isEqualTo(403);
    }
}
