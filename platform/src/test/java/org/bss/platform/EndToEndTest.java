package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.UUID;
import org.bss.platform.tenancy.Scope;
import org.bss.platform.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** HTTP POST -> Kafka -> PostgreSQL -> HTTP GET on the embedded services. */
class EndToEndTest extends ApiTest {


    ApiClient api;

    @BeforeEach
    void newTenant() {
        api = newTenantClient("e2e");
    }

    static String paymentCreated(String id, String data) {
        return """
                {"specversion":"1.0","type":"payment.created","id":"%s","source":"/billing/payments",
                 "subject":"customer/cust-001","time":"2025-11-07T10:30:00.123456Z","channel":"web",
                 "datacontenttype":"application/json","data":%s}""".formatted(id, data);
    }

    static String amount(int amount) {
        return "{\"amount\":" + amount + ",\"currency\":\"EUR\",\"customer_id\":\"cust-001\"}";
    }

    private JsonNode awaitStored(String source, String id) {
        String query = "/api/v1/events?source=" + URLEncoder.encode(source, StandardCharsets.UTF_8) + "&id=" + id;
        return await().atMost(Duration.ofSeconds(60)).until(() -> api.get(query).json().get("events"), events -> events.size() == 1)
                .get(0);
    }

    @Test
    void anAcceptedEventIsStoredAndReadBackAsSent() {
        String id = "evt-" + UUID.randomUUID();
        String data = "{ \"event_id\" : \"evt-12345\", \"amount\": 100.50, \"currency\":\"USD\",\n \"customer_id\":\"cust-001\" }";

        ApiClient.Response accepted = api.postEvent(paymentCreated(id, data));

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(accepted.json().get("status").asString()).isEqualTo("accepted");
        assertThat(accepted.json().get("id").asString()).isEqualTo(id);

        JsonNode stored = awaitStored("/billing/payments", id);
        assertThat(stored.get("specversion").asString()).isEqualTo("1.0");
        assertThat(stored.get("type").asString()).isEqualTo("payment.created");
        assertThat(stored.get("subject").asString()).isEqualTo("customer/cust-001");
        assertThat(stored.get("time").asString()).isEqualTo("2025-11-07T10:30:00.123456Z");
        assertThat(stored.get("channel").asString()).isEqualTo("web");
        assertThat(stored.get("tenantid").asString()).startsWith("e2e-");
        assertThat(stored.get("data").get("amount").decimalValue()).isEqualByComparingTo("100.50");
        // The data comes back byte for byte: spacing, key order and the trailing zero of 100.50 included.
        String raw = api.get("/api/v1/events?source=%2Fbilling%2Fpayments&id=" + id).body();
        assertThat(raw).contains("\"data\":" + data + "}");
    }

    @Test
    void extensionValuesComeBackAsSentWhateverCharactersTheyHold() {
        String id = "evt-" + UUID.randomUUID();
        String awkward = "quote \\\" backslash \\\\ accents éø 日本"; // as JSON text
        String event = paymentCreated(id, amount(7)).replace("\"channel\":\"web\"", "\"channel\":\"" + awkward + "\"");

        assertThat(api.postEvent(event).status()).isEqualTo(202);

        assertThat(awaitStored("/billing/payments", id).get("channel").asString())
                .isEqualTo("quote \" backslash \\ accents éø 日本");
    }

    @Test
    void timeIsKeptAsAnRfc3339InstantInUtc() {
        String id = "evt-" + UUID.randomUUID();
        String event = paymentCreated(id, amount(5)).replace("2025-11-07T10:30:00.123456Z", "2025-11-07T10:30:00+02:00");

        assertThat(api.postEvent(event).status()).isEqualTo(202);

        assertThat(awaitStored("/billing/payments", id).get("time").asString()).isEqualTo("2025-11-07T08:30:00Z");
    }

    @Test
    void theSameEventSentTwiceIsStoredOnce() {
        String id = "evt-" + UUID.randomUUID();
        String event = paymentCreated(id, amount(1));

        assertThat(api.postEvent(event).status()).isEqualTo(202);
        assertThat(api.postEvent(event).status()).isEqualTo(202);
        String marker = "evt-" + UUID.randomUUID();
        assertThat(api.postEvent(paymentCreated(marker, amount(2))).status()).isEqualTo(202);

        // Once an event sent after both copies is stored, both copies have been through the writer.
        awaitStored("/billing/payments", marker);
        JsonNode page = api.get("/api/v1/events?type=payment.created&limit=1000").json();
        assertThat(page.get("events").valueStream().filter(e -> e.get("id").asString().equals(id))).hasSize(1);
    }

    @Test
    void pagesFollowTheNextCursorWithoutGapsOrRepeats() {
        for (int i = 0; i < 5; i++) {
            assertThat(api.postEvent(paymentCreated("page-" + i, amount(i + 1))).status()).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/v1/events?limit=1000").json().get("events").size() == 5);

        JsonNode first = api.get("/api/v1/events?limit=2").json();
        JsonNode second = api.get("/api/v1/events?limit=2&after=" + first.get("next").asString()).json();
        JsonNode third = api.get("/api/v1/events?limit=2&after=" + second.get("next").asString()).json();

        assertThat(first.get("events").valueStream().map(e -> e.get("id").asString())).containsExactly("page-0", "page-1");
        assertThat(second.get("events").valueStream().map(e -> e.get("id").asString())).containsExactly("page-2", "page-3");
        assertThat(third.get("events").valueStream().map(e -> e.get("id").asString())).containsExactly("page-4");
        assertThat(first.get("more").asBoolean()).isTrue();
        assertThat(third.get("more").asBoolean()).isFalse();
        JsonNode afterTheEnd = api.get("/api/v1/events?limit=2&after=" + third.get("next").asString()).json();
        assertThat(afterTheEnd.get("events")).isEmpty();
        assertThat(afterTheEnd.get("next").asString()).isEqualTo(third.get("next").asString());
    }

    @Test
    void anotherTenantSeesNothingOfThisTenantsEvents() {
        String id = "evt-" + UUID.randomUUID();
        assertThat(api.postEvent(paymentCreated(id, amount(3))).status()).isEqualTo(202);
        awaitStored("/billing/payments", id);

        ApiClient other = api.withKey(TestTenants.newTenantKey(tenants, "other"));

        assertThat(other.get("/api/v1/events?source=%2Fbilling%2Fpayments&id=" + id).json().get("events")).isEmpty();
        assertThat(other.get("/api/v1/events?limit=1000").json().get("events")).isEmpty();
    }

    @Test
    void aMissingOrWrongKeyIsRefusedWith401Problem() {
        for (ApiClient caller : new ApiClient[] {api.withKey(null), api.withKey("bss_not-a-key"), api.withKey("")}) {
            ApiClient.Response response = caller.postEvent(paymentCreated("x", amount(1)));
            assertThat(response.status()).as(response.toString()).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("type").asString()).isEqualTo("urn:bss:problem:unauthenticated");
            assertThat(caller.get("/api/v1/events").status()).isEqualTo(401);
        }
    }

    @Test
    void aKeyWithoutTheScopeIsRefusedWith403Problem() {
        String tenant = "ro-" + UUID.randomUUID().toString().substring(0, 8);
        tenants.create(tenant, "read only");
        ApiClient readOnly = api.withKey(tenants.issueKey(tenant, EnumSet.of(Scope.EVENTS_READ), null).secret());

        ApiClient.Response response = readOnly.postEvent(paymentCreated("x", amount(1)));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(readOnly.get("/api/v1/events").status()).isEqualTo(200);
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedWith400Problem() {
        for (String body : new String[] {"this is not json", "{\"specversion\":\"1.0\",", "", "[1,2]"}) {
            ApiClient.Response response = api.postEvent(body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("status").asInt()).isEqualTo(400);
            assertThat(response.json().get("detail").asString()).isNotBlank();
        }
    }

    @Test
    void anInvalidEnvelopeNamesEachBadAttribute() {
        ApiClient.Response response = api.postEvent("""
                {"specversion":"1.0","type":"x","source":"urn:a","time":"yesterday","comdroidbss":{"tenant_id":"t"}}""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").valueStream().map(e -> e.get("pointer").asString()))
                .containsExactlyInAnyOrder("/comdroidbss", "/id", "/time");
        ApiClient.Response missing = api.postEvent("{\"specversion\":\"1.0\",\"type\":\"x\",\"source\":\"urn:a\",\"time\":\"yesterday\"}");
        assertThat(missing.json().get("errors").valueStream().map(e -> e.get("pointer").asString()))
                .containsExactlyInAnyOrder("/id", "/time");
    }

    @Test
    void anEventNamingAnotherTenantIsRefusedWith403() {
        String event = paymentCreated("x", amount(1)).replace("\"channel\":\"web\"", "\"tenantid\":\"someone-else\"");

        ApiClient.Response response = api.postEvent(event);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().get("type").asString()).isEqualTo("urn:bss:problem:tenant-mismatch");
    }

    @Test
    void anUnsupportedMediaTypeIsRefusedWith415Problem() {
        ApiClient.Response response = api.post("/api/v1/events", "text/plain", "hello");

        assertThat(response.status()).isEqualTo(415);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aBadQueryIsRefusedWith400Problem() {
        assertThat(api.get("/api/v1/events?limit=0").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/events?limit=1001").status()).isEqualTo(400);
        ApiClient.Response badCursor = api.get("/api/v1/events?after=nope");
        assertThat(badCursor.status()).isEqualTo(400);
        assertThat(badCursor.contentType()).startsWith("application/problem+json");
    }

    @Test
    void healthShowsKafkaPostgresAndRedisUp() {
        JsonNode health = api.withKey(null).get("/actuator/health").json();

        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.get("components").get("kafka").get("status").asString()).isEqualTo("UP");
        assertThat(health.get("components").get("db").get("status").asString()).isEqualTo("UP");
        assertThat(health.get("components").get("redis").get("status").asString()).isEqualTo("UP");
    }

    @Test
    void prometheusExposesThePlatformsMetrics() {
        String id = "evt-" + UUID.randomUUID();
        api.postEvent(paymentCreated(id, amount(4)));
        awaitStored("/billing/payments", id);

        String metrics = api.withKey(null).get("/actuator/prometheus").body();

        assertThat(metrics).contains("bss_store_events_total").contains("http_server_requests_seconds")
                .contains("bss_store_batch_size").contains("bss_store_batch_duration_seconds").contains("bss_store_lag_seconds")
                .contains("kafka_consumer_fetch_manager_records_lag");
    }
}
