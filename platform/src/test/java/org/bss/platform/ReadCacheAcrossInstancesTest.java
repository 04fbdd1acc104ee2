package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bss.devservices.DevServices;
import org.bss.devservices.TcpGate;
import org.bss.platform.bus.ConsistencyToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The read cache over HTTP on two instances sharing Redis: this one (all roles: it accepts the events and projects
 * them) and another that only answers reads, whose Redis connections pass through a {@link TcpGate}. After an
 * update, neither serves the older answer once the invalidation has reached it, and having served the new one never
 * serves the older again; with its Redis cut, the other instance answers from PostgreSQL.
 */
class ReadCacheAcrossInstancesTest extends ApiTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final Pattern VERSION = Pattern.compile("v(\\d+)");

    static TcpGate gate;
    static ConfigurableApplicationContext other;

    ApiClient here;
    ApiClient there;
    ApiClient thereUnauthenticated;
    String customer;
    Instant time = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    @BeforeAll
    static void startOther() {
        var redis = DevServices.shared().redis().orElseThrow();
        gate = new TcpGate(TcpGate.Mode.FORWARD, redis.host(), redis.port());
        other = OtherInstance.start("--bss.roles=query", "--spring.data.redis.port=" + gate.port());
    }

    @AfterAll
    static void stopOther() {
        other.close();
        gate.close();
    }

    @BeforeEach
    void tenantAndCustomer() {
        String key = TestTenants.newTenantKey(tenants, "cached");
        here = client(key);
        there = new ApiClient(OtherInstance.baseUrl(other), key);
        thereUnauthenticated = new ApiClient(OtherInstance.baseUrl(other), null);
        customer = "cust-" + UUID.randomUUID();
        await().atMost(WAIT).until(() -> metric(thereUnauthenticated, "bss_cache_listening") == 1);
    }

    /** Posts the customer's event naming this version as its first name; returns the 202's consistency token. */
    private String post(String type, int version) {
        time = time.plusSeconds(1);
        ApiClient.Response accepted = here.postEvent("""
                {"specversion":"1.0","type":"%s","source":"/crm","id":"%s","time":"%s","subject":"customer/%s",\
                "data":{"customer_id":"%s","first_name":"v%d"}}""".formatted(type, UUID.randomUUID(), time, customer,
                customer, version));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String token = accepted.json().get("consistencyToken").asString();
        Projected.await(here, token);
        return token;
    }

    private String path() {
        return "/api/v1/customers/" + customer;
    }

    /** The version a read answers (once the projection folded the events of {@code token}, when given). */
    private static int version(ApiClient.Response answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        Matcher matcher = VERSION.matcher(answer.json().get("profile").get("first_name").asString());
        assertThat(matcher.matches()).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    private int versionAfter(ApiClient client, String token) {
        return version(client.get(path(), ConsistencyToken.HEADER, token));
    }

    /** The value of a counter or gauge on the Prometheus page, summed over its series. */
    private static double metric(ApiClient client, String name) {
        double sum = 0;
        Matcher series = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? (\\S+)$")
                .matcher(client.get("/actuator/prometheus").body());
        while (series.find()) {
            sum += Double.parseDouble(series.group(2));
        }
        return sum;
    }

    /** One instance's answers after an update: older than before it never; once the new version, only the new. */
    private static final class Watch {
        private final String name;
        private final ApiClient client;
        private final String path;
        private int newest;
        private int newAnswers;

        Watch(String name, ApiClient client, String path, int before) {
            this.name = name;
            this.client = client;
            this.path = path;
            this.newest = before;
        }

        /** Reads once; true once it has served the version {@code latest} ten times, and nothing older after it. */
        boolean readUntilConverged(int latest) {
            int version = version(client.get(path));
            assertThat(version).as("%s answered v%d after v%d", name, version, newest).isGreaterThanOrEqualTo(newest);
            newest = version;
            if (version == latest) {
                newAnswers++;
            }
            return newAnswers >= 10;
        }
    }

    @Test
    void afterEachUpdateNoInstanceServesAnOlderAnswerOnceTheInvalidationReachedIt() {
        String token = post("customer.created", 0);
        assertThat(versionAfter(here, token)).isZero();
        await().atMost(WAIT).until(() -> version(there.get(path())) == 0);
        assertThat(version(here.get(path()))).isZero();

        for (int round = 1; round <= 5; round++) {
            String written = post("customer.updated", round);
            assertThat(versionAfter(here, written)).as("read your write, from the database").isEqualTo(round);
            Map<String, Watch> watches = new LinkedHashMap<>();
            watches.put("here", new Watch("here", here, path(), round - 1));
            watches.put("there", new Watch("there", there, path(), round - 1));
            int latest = round;
            for (Watch watch : List.copyOf(watches.values())) {
                await().atMost(WAIT).until(() -> watch.readUntilConverged(latest));
            }
            // The first instance to converge keeps serving the new answer while the other converged.
            for (Watch watch : watches.values()) {
                assertThat(watch.readUntilConverged(latest)).isTrue();
            }
        }

        assertThat(metric(thereUnauthenticated, "bss_cache_hits_total")).as("the other instance answered from the cache")
                .isPositive();
    }

    @Test
    void withItsRedisCutAnInstanceAnswersFromPostgresql() {
        String token = post("customer.created", 0);
        assertThat(versionAfter(here, token)).isZero();
        await().atMost(WAIT).until(() -> version(there.get(path())) == 0);
        double bypassed = metric(thereUnauthenticated, "bss_cache_bypassed_total");

        gate.mode(TcpGate.Mode.CLOSE);
        try {
            await().atMost(WAIT).until(() -> metric(thereUnauthenticated, "bss_cache_listening") == 0);
            String updated = post("customer.updated", 1);
            assertThat(versionAfter(here, updated)).isEqualTo(1);

            for (int i = 0; i < 10; i++) {
                assertThat(version(there.get(path()))).as("from PostgreSQL, not from memory").isEqualTo(1);
            }
            assertThat(metric(thereUnauthenticated, "bss_cache_bypassed_total")).isGreaterThan(bypassed);
        } finally {
            gate.mode(TcpGate.Mode.FORWARD);
        }
        await().atMost(WAIT).until(() -> metric(thereUnauthenticated, "bss_cache_listening") == 1);
        assertThat(version(there.get(path()))).isEqualTo(1);
    }
}
