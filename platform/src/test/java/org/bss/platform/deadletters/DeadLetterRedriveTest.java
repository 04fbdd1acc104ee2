package org.bss.platform.deadletters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.bss.platform.ApiClient;
import org.bss.platform.ApiTest;
import org.bss.platform.tenancy.Scope;
import org.bss.platform.tenancy.Tenants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Records the store refuses are indexed from the dead-letter topic and, once the cause is fixed, redriven and stored
 * once. The refusal is a trigger on {@code events} that raises a constraint violation for this test's source only,
 * as a real data problem would; dropping it is the fix.
 */
class DeadLetterRedriveTest extends ApiTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    JdbcClient jdbc;

    ApiClient admin;
    ApiClient events;
    String tenant;
    String source;
    String trigger;

    @BeforeEach
    void tenantAndAdmin() {
        tenants.create(Tenants.PLATFORM_TENANT, "Platform operators");
        admin = client(tenants.issueKey(Tenants.PLATFORM_TENANT, EnumSet.of(Scope.ADMIN), null).secret());
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        tenant = "redrive-" + suffix;
        tenants.create(tenant, tenant);
        events = client(tenants.issueKey(tenant, EnumSet.of(Scope.EVENTS_WRITE, Scope.EVENTS_READ), null).secret());
        source = "/refused-" + suffix;
        trigger = "refuse_" + suffix;
    }

    @AfterEach
    void fix() {
        jdbc.sql("drop trigger if exists " + trigger + " on events").update();
        jdbc.sql("drop function if exists " + trigger + "()").update();
    }

    /** Makes PostgreSQL refuse this test's source with the SQL state given (class 22 or 23: the store dead-letters it). */
    private void refuse(String sqlState, String message) {
        jdbc.sql("create or replace function " + trigger + "() returns trigger language plpgsql as $$ begin"
                + " if new.source = '" + source + "' then raise exception '" + message + "' using errcode = '" + sqlState + "';"
                + " end if; return new; end $$").update();
        jdbc.sql("drop trigger if exists " + trigger + " on events").update();
        jdbc.sql("create trigger " + trigger + " before insert on events for each row execute function " + trigger + "()").update();
    }

    private void post(String source, String id) {
        ApiClient.Response answer = events.postEvent("""
                {"specversion":"1.0","type":"customer.created","source":"%s","id":"%s","subject":"customer/%s",
                 "data":{"customer_id":"%s","first_name":"Ana"}}""".formatted(source, id, id, id));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
    }

    private List<String> stored(String source) {
        return events.get("/api/v1/events?limit=100&source=" + source).json().get("events").valueStream()
                .map(e -> e.get("id").asString()).toList();
    }

    private JsonNode groups(String query) {
        ApiClient.Response answer = admin.get("/api/v1/admin/dead-letters?tenant=" + tenant + query);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json().get("groups");
    }

    private long count(JsonNode groups, String stage, String cause) {
        return groups.valueStream().filter(g -> g.get("stage").asString().equals(stage) && g.get("cause").asString().equals(cause))
                .mapToLong(g -> g.get("count").asLong()).sum();
    }

    private ApiClient.Response redrive(String body) {
        return admin.post("/api/v1/admin/dead-letters/redrive", "application/json", body);
    }

    @Test
    void redriveAfterAFixStoresTheEventsOnce() {
        refuse("23514", "refused by the test");
        for (String id : List.of("r-1", "r-2", "r-3")) {
            post(source, id);
        }
        post("/fine", "ok-1");

        await().atMost(WAIT).until(() -> count(groups(""), "store", "constraint-violation") == 3);
        await().atMost(WAIT).until(() -> stored("/fine").size() == 1);
        assertThat(stored(source)).isEmpty();
        JsonNode group = groups("&stage=store").get(0);
        assertThat(group.get("samples").valueStream().map(s -> s.get("ceSource").asString())).containsOnly(source);
        assertThat(group.get("samples").get(0).get("tenant").asString()).isEqualTo(tenant);
        assertThat(group.get("samples").get(0).get("error").asString()).contains("refused by the test");

        fix();
        ApiClient.Response redriven = redrive("""
                {"stage":"store","cause":"constraint-violation","tenant":"%s"}""".formatted(tenant));
        assertThat(redriven.status()).as(redriven.toString()).isEqualTo(200);
        assertThat(redriven.json().get("redriven").asInt()).isEqualTo(3);
        List<String> ids = redriven.json().get("ids").valueStream().map(JsonNode::asString).toList();
        assertThat(ids).hasSize(3);

        await().atMost(WAIT).until(() -> stored(source).size() >= 3);
        assertThat(stored(source)).containsExactlyInAnyOrder("r-1", "r-2", "r-3");
        assertThat(groups("")).isEmpty();
        assertThat(count(groups("&status=redriven"), "store", "constraint-violation")).isEqualTo(3);

        JsonNode letter = admin.get("/api/v1/admin/dead-letters/" + ids.get(0)).json();
        assertThat(letter.get("status").asString()).isEqualTo("redriven");
        assertThat(letter.get("stage").asString()).isEqualTo("store");
        assertThat(letter.get("attempts").asInt()).isEqualTo(1);
        assertThat(letter.get("tenant").asString()).isEqualTo(tenant);
        assertThat(letter.get("event").get("source").asString()).isEqualTo(source);
        assertThat(letter.get("origin").get("topic").asString()).isEqualTo("bss.events");
        assertThat(letter.get("valueEncoding").asString()).isEqualTo("json");
        assertThat(letter.get("value").asString()).contains("\"first_name\":\"Ana\"");
        assertThat(letter.get("key").asString()).startsWith(tenant + "/customer/r-");
        List<String> headers = letter.get("headers").valueStream().map(h -> h.get("name").asString()).toList();
        assertThat(headers).contains("ce_id", "ce_source", "ce_tenantid").noneMatch(name -> name.startsWith("bss_dlq_"));

        // Again: the same ids are no longer dead, so nothing is sent and nothing is stored twice.
        ApiClient.Response again = redrive("{\"ids\":[\"" + String.join("\",\"", ids) + "\"]}");
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().get("redriven").asInt()).isZero();
        assertThat(again.json().get("notDead").valueStream().map(JsonNode::asString)).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(redrive("{\"stage\":\"store\",\"cause\":\"constraint-violation\",\"tenant\":\"" + tenant + "\"}")
                .json().get("redriven").asInt()).isZero();
        assertThat(stored(source)).containsExactlyInAnyOrder("r-1", "r-2", "r-3");

        JsonNode audit = admin.get("/api/v1/admin/audit?tenantId=" + tenant).json().get("entries");
        assertThat(audit.valueStream().filter(e -> e.get("action").asString().equals("dead-letters.redriven"))
                .map(e -> e.get("details").get("count").asInt())).contains(3);
        assertThat(client(null).get("/actuator/prometheus").body().lines())
                .anyMatch(line -> line.startsWith("bss_dead_letters_indexed_total{") && line.contains("stage=\"store\""))
                .anyMatch(line -> line.startsWith("bss_dead_letters_redriven_total"));
    }

    @Test
    void aRedriveWithoutTheFixLeavesThemDeadWithTheNewCause() {
        refuse("23514", "refused by the test");
        post(source, "s-1");
        post(source, "s-2");
        await().atMost(WAIT).until(() -> count(groups(""), "store", "constraint-violation") == 2);
        List<String> ids = groups("").get(0).get("samples").valueStream().map(s -> s.get("id").asString()).toList();

        refuse("22023", "still refused");
        ApiClient.Response redriven = redrive("{\"ids\":[\"" + String.join("\",\"", ids) + "\"]}");
        assertThat(redriven.json().get("redriven").asInt()).as(redriven.toString()).isEqualTo(2);

        await().atMost(WAIT).until(() -> ids.stream().allMatch(id -> {
            JsonNode letter = admin.get("/api/v1/admin/dead-letters/" + id).json();
            return letter.get("attempts").asInt() == 2 && letter.get("status").asString().equals("dead");
        }));
        for (String id : ids) {
            JsonNode letter = admin.get("/api/v1/admin/dead-letters/" + id).json();
            assertThat(letter.get("cause").asString()).isEqualTo("invalid-data");
            assertThat(letter.get("error").asString()).contains("still refused");
        }
        JsonNode groups = groups("");
        assertThat(count(groups, "store", "invalid-data")).isEqualTo(2);
        assertThat(count(groups, "store", "constraint-violation")).isZero();
        assertThat(stored(source)).isEmpty();
    }

    @Test
    void onlyAdminsSeeAndRedriveDeadLettersAndBadRequestsAreRefused() {
        for (ApiClient.Response answer : List.of(events.get("/api/v1/admin/dead-letters"),
                events.post("/api/v1/admin/dead-letters/redrive", "application/json", "{\"ids\":[\"" + UUID.randomUUID() + "\"]}"))) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }

        ApiClient.Response unknown = admin.get("/api/v1/admin/dead-letters/" + UUID.randomUUID());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.json().get("type").asString()).isEqualTo("urn:bss:problem:not-found");
        assertThat(admin.get("/api/v1/admin/dead-letters/not-a-uuid").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/admin/dead-letters?stage=nowhere").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/admin/dead-letters?status=gone").status()).isEqualTo(400);

        for (String body : List.of("{}", "{\"ids\":[]}", "{\"ids\":[\"nope\"]}", "{\"stage\":\"store\"}",
                "{\"stage\":\"nowhere\",\"cause\":\"x\"}", "{\"ids\":[\"" + UUID.randomUUID() + "\"],\"stage\":\"store\",\"cause\":\"x\"}",
                "not json")) {
            ApiClient.Response answer = redrive(body);
            assertThat(answer.status()).as(body + " -> " + answer).isEqualTo(400);
            assertThat(answer.contentType()).as(body).startsWith("application/problem+json");
        }

        String stranger = UUID.randomUUID().toString();
        ApiClient.Response none = redrive("{\"ids\":[\"" + stranger + "\"]}");
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.json().get("redriven").asInt()).isZero();
        assertThat(none.json().get("unknown").valueStream().map(JsonNode::asString)).containsExactly(stranger);
    }
}
