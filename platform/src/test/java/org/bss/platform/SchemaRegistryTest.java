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

/** Tenants register versioned schemas for their own types; ingest validates against them. */
class SchemaRegistryTest extends ApiTest {

    static final String V1 = """
            {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
             "properties":{"device_id":{"type":"string"},"level":{"type":"integer","minimum":0,"maximum":100},
                           "mode":{"enum":["eco","boost"]}},
             "required":["device_id"]}""";
    static final String V2_COMPATIBLE = """
            {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
             "properties":{"device_id":{"type":"string"},"level":{"type":"integer","minimum":0,"maximum":1000},
                           "mode":{"enum":["eco","boost","off"]},"note":{"type":"string"}},
             "required":["device_id"]}""";
    static final String V3_INCOMPATIBLE = """
            {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
             "properties":{"device_id":{"type":"string"},"level":{"type":"integer","minimum":0,"maximum":1000},
                           "mode":{"enum":["eco"]},"note":{"type":"string"}},
             "required":["device_id","note"]}""";

    ApiClient api;
    String type;

    @BeforeEach
    void newTenant() {
        String tenant = "schemas-" + UUID.randomUUID().toString().substring(0, 8);
        tenants.create(tenant, tenant);
        api = client(tenants.issueKey(tenant, EnumSet.of(Scope.EVENTS_WRITE, Scope.EVENTS_READ, Scope.SCHEMAS_WRITE), null).secret());
        type = "acme.thermostat.reading";
    }

    static String reading(String data) {
        return """
                {"specversion":"1.0","type":"acme.thermostat.reading","source":"/devices","id":"%s","data":%s}"""
                .formatted(UUID.randomUUID(), data);
    }

    @Test
    void versionsAreKeptAndEventsAreValidatedAgainstTheLatest() {
        ApiClient.Response v1 = api.post("/api/v1/schemas/" + type, "application/json", V1);
        assertThat(v1.status()).as(v1.toString()).isEqualTo(201);
        assertThat(v1.json().get("version").asInt()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(15)).until(() -> api.postEvent(reading("{\"level\":5}")).status() == 400);
        ApiClient.Response missing = api.postEvent(reading("{\"level\":5}"));
        assertThat(missing.json().get("errors").get(0).get("pointer").asString()).startsWith("/data");
        ApiClient.Response outOfRange = api.postEvent(reading("{\"device_id\":\"d1\",\"level\":500}"));
        assertThat(outOfRange.status()).isEqualTo(400);
        assertThat(outOfRange.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/data/level");
        ApiClient.Response valid = api.postEvent(reading("{\"device_id\":\"d1\",\"level\":50}"));
        assertThat(valid.status()).isEqualTo(202);
        assertThat(valid.json().get("validated").asBoolean()).isTrue();

        ApiClient.Response v2 = api.post("/api/v1/schemas/" + type, "application/json", V2_COMPATIBLE);
        assertThat(v2.status()).as(v2.toString()).isEqualTo(201);
        assertThat(v2.json().get("version").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> api.postEvent(reading("{\"device_id\":\"d1\",\"level\":500}")).status() == 202);

        assertThat(api.get("/api/v1/schemas/" + type).json().get("version").asInt()).isEqualTo(2);
        assertThat(api.get("/api/v1/schemas/" + type + "/versions/1").json().get("schema").get("required").get(0).asString())
                .isEqualTo("device_id");
        assertThat(api.get("/api/v1/schemas").json().get("types").valueStream()
                .filter(t -> t.get("type").asString().equals(type)).findFirst().orElseThrow().get("version").asInt()).isEqualTo(2);
    }

    @Test
    void anIncompatibleVersionIsRefusedWithTheReasons() {
        assertThat(api.post("/api/v1/schemas/" + type, "application/json", V2_COMPATIBLE).status()).isEqualTo(201);

        ApiClient.Response refused = api.post("/api/v1/schemas/" + type, "application/json", V3_INCOMPATIBLE);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("errors").valueStream().map(e -> e.get("pointer").asString() + " " + e.get("message").asString()))
                .anySatisfy(reason -> assertThat(reason).contains("note").containsIgnoringCase("required"))
                .anySatisfy(reason -> assertThat(reason).contains("/properties/mode"));
        assertThat(api.get("/api/v1/schemas/" + type).json().get("version").asInt()).isEqualTo(1);
    }

    @Test
    void anInvalidSchemaOrACatalogTypeIsRefused() {
        ApiClient.Response notJson = api.post("/api/v1/schemas/" + type, "application/json", "{nope");
        assertThat(notJson.status()).isIn(400);
        ApiClient.Response badSchema = api.post("/api/v1/schemas/" + type, "application/json", "{\"type\": 12}");
        assertThat(badSchema.status()).isEqualTo(400);
        assertThat(badSchema.contentType()).startsWith("application/problem+json");
        ApiClient.Response catalog = api.post("/api/v1/schemas/payment.created", "application/json", V1);
        assertThat(catalog.status()).isEqualTo(409);
        assertThat(api.get("/api/v1/schemas/payment.created").json().get("owner").asString()).isEqualTo("catalog");
    }

    @Test
    void aSchemaOverTheSizeLimitIsRefusedAndNothingIsRegistered() {
        String padded = V1.replace("\"required\"", "\"description\":\"" + "x".repeat(300 * 1024) + "\",\"required\"");
        ApiClient.Response tooLarge = api.post("/api/v1/schemas/" + type, "application/json", padded);

        assertThat(tooLarge.status()).as(tooLarge.toString()).isEqualTo(413);
        assertThat(tooLarge.contentType()).startsWith("application/problem+json");
        assertThat(tooLarge.json().get("detail").asString()).isEqualTo("The schema is larger than the limit of 256 KiB.");
        assertThat(api.get("/api/v1/schemas/" + type).status()).isEqualTo(404);
    }

    @Test
    void strictRefusesUnknownTypesPermissiveAcceptsThemUnvalidated() {
        ApiClient.Response permissive = api.postEvent(reading("{\"anything\":true}"));
        assertThat(permissive.status()).isEqualTo(202);
        assertThat(permissive.json().get("validated").asBoolean()).isFalse();

        assertThat(api.put("/api/v1/schemas/policy", "application/json", "{\"policy\":\"strict\"}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> api.postEvent(reading("{\"anything\":true}")).status() == 400);
        ApiClient.Response strict = api.postEvent(reading("{\"anything\":true}"));
        assertThat(strict.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/type");
        assertThat(api.get("/api/v1/schemas").json().get("policy").asString()).isEqualTo("strict");
        assertThat(api.put("/api/v1/schemas/policy", "application/json", "{\"policy\":\"lax\"}").status()).isEqualTo(400);
    }

    @Test
    void anotherTenantNeitherSeesNorIsBoundByTheseSchemas() {
        assertThat(api.post("/api/v1/schemas/" + type, "application/json", V1).status()).isEqualTo(201);
        ApiClient other = api.withKey(TestTenants.newTenantKey(tenants, "other"));

        assertThat(other.get("/api/v1/schemas/" + type).status()).isEqualTo(404);
        assertThat(other.postEvent(reading("{\"level\":5}")).status()).isEqualTo(202);
    }

    @Test
    void registeringNeedsTheSchemasWriteScope() {
        ApiClient writerOnly = api.withKey(TestTenants.newTenantKey(tenants, "writer"));

        assertThat(writerOnly.post("/api/v1/schemas/" + type, "application/json", V1).status()).isEqualTo(403);
        assertThat(writerOnly.get("/api/v1/schemas").status()).isEqualTo(200);
    }
}
