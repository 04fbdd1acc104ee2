package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.bss.devservices.DevServices;
import org.bss.platform.bus.ConsistencyToken;
import org.bss.platform.store.ReadSources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The query side with a read replica ({@code bss.read-replica.*}), on two instances that only answer reads while
 * this one (all roles, no replica) accepts and projects the events: one whose replica is the embedded PostgreSQL
 * itself (a second, read-only pool; a server not in recovery reports lag 0), one whose replica is a closed port.
 */
class ReadReplicaTest extends ApiTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final String POOL = "bss-read-replica";

    /** Measures its lag once, at start: afterwards only reads use the replica pool. */
    static ConfigurableApplicationContext onReplica;
    static ConfigurableApplicationContext replicaAway;

    @Autowired
    ReadSources reads;
    @Autowired
    MeterRegistry meters;
    @Autowired
    HealthContributorRegistry health;
    @Autowired
    JdbcClient jdbc;

    ApiClient here;
    String key;
    String customer;
    Instant time = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    @BeforeAll
    static void startInstances() throws IOException {
        var pg = DevServices.shared().postgres().orElseThrow();
        // No user or password of its own: the replica pool takes spring.datasource's.
        onReplica = OtherInstance.start("--bss.roles=query", "--bss.read-replica.url=" + pg.jdbcUrl(),
                "--bss.read-replica.lag-check-interval=1h", "--bss.projection.snapshot-every=2");
        replicaAway = OtherInstance.start("--bss.roles=query",
                "--bss.read-replica.url=jdbc:postgresql://127.0.0.1:" + closedPort() + "/bss");
    }

    @AfterAll
    static void stopInstances() {
        onReplica.close();
        replicaAway.close();
        var pg = DevServices.shared().postgres().orElseThrow();
        JdbcClient primary = JdbcClient.create(new DriverManagerDataSource(pg.jdbcUrl(), pg.username(), pg.password()));
        // closing an instance closes its replica pool
        await().atMost(WAIT).until(() -> primary.sql("select count(*) from pg_stat_activity where application_name = ?")
                .param(POOL).query(Long.class).single() == 0);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @BeforeEach
    void tenantAndCustomer() {
        key = TestTenants.newTenantKey(tenants, "replica");
        here = client(key);
        customer = "cust-" + UUID.randomUUID();
    }

    /** Posts the customer's events, naming versions 0 to 2 as its first name; returns the last one's token. */
    private String postThreeVersions() {
        String token = null;
        for (int version = 0; version < 3; version++) {
            time = time.plusSeconds(1);
            ApiClient.Response accepted = here.postEvent("""
                    {"specversion":"1.0","type":"%s","source":"/crm","id":"%s","time":"%s","subject":"customer/%s",\
                    "data":{"customer_id":"%s","first_name":"v%d"}}""".formatted(
                    version == 0 ? "customer.created" : "customer.updated", UUID.randomUUID(), time, customer, customer,
                    version));
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
            token = accepted.json().get("consistencyToken").asString();
        }
        Projected.await(here, token);
        return token;
    }

    private static String firstName(ApiClient.Response answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json().get("profile").get("first_name").asString();
    }

    /** How many times a connection of the replica pool was taken and given back. */
    private static long replicaUses(ConfigurableApplicationContext instance) {
        Timer usage = instance.getBean(MeterRegistry.class).find("hikaricp.connections.usage").tag("pool", POOL).timer();
        assertThat(usage).as("the replica pool's metrics").isNotNull();
        return usage.count();
    }

    private static double gauge(ConfigurableApplicationContext instance, String name) {
        return instance.getBean(MeterRegistry.class).get(name).gauge().value();
    }

    private static Health replicaHealth(ConfigurableApplicationContext instance) {
        return ((HealthIndicator) instance.getBean(HealthContributorRegistry.class).getContributor("readReplica")).health();
    }

    /** The customer's events as {@code GET /api/v1/events} pages them, once the store has all three. */
    private static void assertEventsOfCustomer(ApiClient client, String customer) {
        await().atMost(WAIT).untilAsserted(() -> {
            ApiClient.Response page = client.get("/api/v1/events?subject=customer/" + customer);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            assertThat(page.json().get("events").valueStream().map(e -> e.get("data").get("first_name").asString()))
                    .containsExactly("v0", "v1", "v2");
        });
    }

    @Test
    void readsAndTokensGoToTheReplicaWhileItKeepsUp() {
        ReadSources there = onReplica.getBean(ReadSources.class);
        await().atMost(WAIT).until(() -> there.current().name().equals("replica"));
        assertThat(gauge(onReplica, "bss.read.replica.used")).isEqualTo(1);
        assertThat(gauge(onReplica, "bss.read.replica.lag")).isZero();
        Health health = replicaHealth(onReplica);
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("reads", "replica").doesNotContainKey("error");

        String token = postThreeVersions();
        ApiClient reader = new ApiClient(OtherInstance.baseUrl(onReplica), key);

        long before = replicaUses(onReplica);
        assertThat(firstName(reader.get("/api/v1/customers/" + customer, ConsistencyToken.HEADER, token))).isEqualTo("v2");
        // the token's wait, the read and its freshness
        assertThat(replicaUses(onReplica)).isGreaterThanOrEqualTo(before + 3);

        before = replicaUses(onReplica);
        assertEventsOfCustomer(reader, customer);
        assertThat(replicaUses(onReplica)).isGreaterThan(before);

        before = replicaUses(onReplica);
        ApiClient.Response history = reader.get("/api/v1/customers/" + customer + "/history");
        assertThat(history.status()).as(history.toString()).isEqualTo(200);
        assertThat(history.json().get("events").size()).isEqualTo(3);
        assertThat(replicaUses(onReplica)).isGreaterThan(before);

        // Time travel folds on the replica (read-only connections) and keeps its snapshot on the primary.
        String asOf = "/api/v1/customers/" + customer + "?asOf=" + time.minusSeconds(1);
        before = replicaUses(onReplica);
        await().atMost(WAIT).until(() -> {
            assertThat(firstName(reader.get(asOf))).isEqualTo("v1");
            return jdbc.sql("select count(*) from rm_snapshots where aggregate = ?").param("customer/" + customer)
                    .query(Long.class).single() > 0;
        });
        assertThat(firstName(reader.get(asOf))).isEqualTo("v1");
        assertThat(replicaUses(onReplica)).isGreaterThan(before);
    }

    @Test
    void aReplicaThatDoesNotAnswerSendsReadsToThePrimary() {
        ReadSources there = replicaAway.getBean(ReadSources.class);
        await().atMost(WAIT).until(() -> !"not measured yet".equals(replicaHealth(replicaAway).getDetails().get("error")));
        Health health = replicaHealth(replicaAway);
        assertThat(health.getStatus()).as("the primary serves the reads: not a failure").isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("reads", "primary").containsKey("error").doesNotContainKey("lagSeconds");
        assertThat(there.current()).isEqualTo(there.primary());
        assertThat(gauge(replicaAway, "bss.read.replica.used")).isZero();
        assertThat(gauge(replicaAway, "bss.read.replica.lag")).isNaN();

        String token = postThreeVersions();
        ApiClient reader = new ApiClient(OtherInstance.baseUrl(replicaAway), key);
        assertThat(firstName(reader.get("/api/v1/customers/" + customer, ConsistencyToken.HEADER, token))).isEqualTo("v2");
        assertThat(firstName(reader.get("/api/v1/customers/" + customer))).isEqualTo("v2");
        assertEventsOfCustomer(reader, customer);
        ApiClient.Response readiness = new ApiClient(OtherInstance.baseUrl(replicaAway), null).get("/actuator/health/readiness");
        assertThat(readiness.status()).as(readiness.toString()).isEqualTo(200);
        assertThat(replicaUses(replicaAway)).as("no connection to the replica was ever given out").isZero();
    }

    @Test
    void withoutAReplicaEveryReadGoesToThePrimary() {
        assertThat(reads.current()).isEqualTo(reads.primary());
        assertThat(reads.current().name()).isEqualTo("primary");
        assertThat(meters.find("bss.read.replica.lag").gauge()).isNull();
        assertThat(meters.find("hikaricp.connections").tag("pool", POOL).gauge()).isNull();
        assertThat(health.getContributor("readReplica")).isNull();

        String token = postThreeVersions();
        assertThat(firstName(here.get("/api/v1/customers/" + customer, ConsistencyToken.HEADER, token))).isEqualTo("v2");
        assertEventsOfCustomer(here, customer);
    }
}
