package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import org.bss.devservices.DevServices;
import org.bss.devservices.TcpGate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform started as its own process while one of its servers is away: without Redis or Kafka it starts
 * degraded and says so, and recovers when the server answers; without PostgreSQL (Flyway needs it) it exits with
 * status 1 and one line saying why.
 */
class DependenciesAtStartTest {

    @TempDir
    Path dir;

    static String event(String id) {
        return """
                {"specversion":"1.0","type":"acme.ping","source":"/start","id":"%s","data":{"n":1}}""".formatted(id);
    }

    @Test
    void aRedisThatNeverAnswersLeavesQuotasOnLocalBucketsUntilItAnswers() {
        var redis = DevServices.shared().redis().orElseThrow();
        try (TcpGate gate = new TcpGate(TcpGate.Mode.SILENT, redis.host(), redis.port());
                PlatformProcess platform = PlatformProcess.start(dir.resolve("platform.log"),
                        PlatformProcess.with(PlatformProcess.sharedServers(), "spring.data.redis.port", gate.port()))) {
            await().atMost(Duration.ofSeconds(180)).until(() -> platform.ready() || !platform.process.isAlive());
            assertThat(platform.process.isAlive()).as(platform.output()).isTrue();

            PlatformProcess.Tenant tenant = platform.newTenant("hung-redis");
            ApiClient api = platform.client(tenant.key());
            ApiClient.Response accepted = api.postEvent(event("e-" + UUID.randomUUID()));
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
            assertThat(redisComponent(platform)).isEqualTo("DOWN");
            assertThat(platform.client(null).get("/actuator/prometheus").body())
                    .as("quota checks went to local buckets").containsPattern("bss_quota_local_fallbacks_total\\{[^}]*} [1-9]");

            gate.mode(TcpGate.Mode.FORWARD);

            await().atMost(Duration.ofSeconds(60)).until(() -> redisComponent(platform).equals("UP"));
            RedisClient direct = RedisClient.create(RedisURI.create(redis.host(), redis.port()));
            try (var connection = direct.connect()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    assertThat(api.postEvent(event("e-" + UUID.randomUUID())).status()).isEqualTo(202);
                    return !connection.sync().keys("bss:quota:tenant:" + tenant.id() + ":*").isEmpty();
                });
            } finally {
                direct.shutdown();
            }
        }
    }

    @Test
    void aKafkaThatIsDownAtStartMeans503UntilItIsBack() {
        var kafka = DevServices.shared().kafka().orElseThrow();
        String[] address = kafka.bootstrapServers().split(":");
        try (TcpGate gate = new TcpGate(TcpGate.Mode.CLOSE, address[0], Integer.parseInt(address[1]));
                PlatformProcess platform = PlatformProcess.start(dir.resolve("platform.log"), PlatformProcess.with(
                        PlatformProcess.sharedServers(), "spring.kafka.bootstrap-servers", "localhost:" + gate.port()))) {
            await().atMost(Duration.ofSeconds(180)).until(() -> platform.ready() || !platform.process.isAlive());
            assertThat(platform.process.isAlive()).as(platform.output()).isTrue();

            ApiClient api = platform.client(platform.newTenant("no-kafka").key());
            ApiClient.Response refused = api.postEvent(event("e-" + UUID.randomUUID()));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.retryAfter()).isNotBlank();
            ApiClient.Response health = platform.client(null).get("/actuator/health");
            assertThat(health.json().get("components").get("kafka").get("status").asString()).isEqualTo("DOWN");

            gate.mode(TcpGate.Mode.FORWARD);

            String id = "e-" + UUID.randomUUID();
            await().atMost(Duration.ofSeconds(120)).until(() -> api.postEvent(event(id)).status() == 202);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> api.get("/api/v1/events?source=%2Fstart&id=" + id).json().get("events").size() == 1);
        }
    }

    @Test
    void aPostgresqlThatIsDownAtStartEndsTheProcessWithStatus1AndOneLine() throws Exception {
        int nothing = PlatformProcess.freePort();
        List<String> args = PlatformProcess.with(PlatformProcess.sharedServers(), "spring.datasource.url",
                "jdbc:postgresql://localhost:" + nothing + "/bss");
        try (PlatformProcess platform = PlatformProcess.start(dir.resolve("platform.log"), args)) {
            assertThat(platform.process.waitFor(120, TimeUnit.SECONDS)).as("the process ended").isTrue();

            assertThat(platform.process.exitValue()).isEqualTo(1);
            assertThat(platform.output().lines().filter(l -> l.startsWith("bss-platform did not start: ")))
                    .singleElement().asString().contains("localhost:" + nothing);
        }
    }

    @Test
    void aPostgresqlThatNeverAnswersEndsTheProcessWithStatus1() throws Exception {
        var pg = DevServices.shared().postgres().orElseThrow();
        try (TcpGate gate = new TcpGate(TcpGate.Mode.SILENT, "localhost", 1);
                PlatformProcess platform = PlatformProcess.start(dir.resolve("platform.log"), PlatformProcess.with(
                        PlatformProcess.sharedServers(), "spring.datasource.url",
                        pg.jdbcUrl().replaceFirst(":\\d+/", ":" + gate.port() + "/")))) {
            assertThat(platform.process.waitFor(120, TimeUnit.SECONDS)).as("the process ended").isTrue();

            assertThat(platform.process.exitValue()).isEqualTo(1);
            assertThat(platform.output().lines().filter(l -> l.startsWith("bss-platform did not start: "))).hasSize(1);
        }
    }

    private static String redisComponent(PlatformProcess platform) {
        return platform.client(null).get("/actuator/health").json().get("components").get("redis").get("status").asString();
    }
}
