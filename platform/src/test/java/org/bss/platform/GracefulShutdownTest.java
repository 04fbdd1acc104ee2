package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bss.devservices.DevServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling restart under load: two instances share Kafka, PostgreSQL and Redis, clients send to both, one gets
 * SIGTERM. It drains (readiness DOWN, writes 503 with Retry-After and Connection: close), finishes what it
 * accepted and exits 0 within its bound; the clients move to the other instance; every event that got 202 is
 * stored exactly once, and no request is cut off unanswered.
 */
class GracefulShutdownTest {

    private static final int SHUTDOWN_BOUND_SECONDS = 30;

    @TempDir
    Path dir;

    @Test
    void aSigtermedInstanceDrainsExitsZeroAndLosesNothingItAccepted() throws Exception {
        List<String> settings = PlatformProcess.with(PlatformProcess.sharedServers(), "bss.lifecycle.drain-period", "3s");
        try (PlatformProcess leaving = PlatformProcess.start(dir.resolve("leaving.log"), settings);
                PlatformProcess staying = PlatformProcess.start(dir.resolve("staying.log"), settings)) {
            for (PlatformProcess instance : List.of(leaving, staying)) {
                await().atMost(Duration.ofSeconds(240)).until(() -> instance.ready() || !instance.process.isAlive());
                assertThat(instance.process.isAlive()).as(instance.output()).isTrue();
            }
            PlatformProcess.Tenant tenant = staying.newTenant("rolling");
            Clients clients = new Clients(List.of(leaving, staying), tenant.key());
            clients.start(4);
            try {
                await().atMost(Duration.ofSeconds(120)).until(() -> clients.accepted(leaving) >= 200 && clients.accepted(staying) >= 200);

                leaving.process.destroy(); // SIGTERM

                await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                        .until(() -> leaving.client(null).get("/actuator/health/readiness").status() == 503);
                assertThat(leaving.process.waitFor(SHUTDOWN_BOUND_SECONDS + 5, TimeUnit.SECONDS))
                        .as("exits within bss.lifecycle.shutdown-timeout").isTrue();
                assertThat(leaving.process.exitValue()).as(leaving.output()).isZero();
                long acceptedByStaying = clients.accepted(staying);
                await().atMost(Duration.ofSeconds(60)).until(() -> clients.accepted(staying) >= acceptedByStaying + 200);
            } finally {
                clients.stop();
            }

            assertThat(clients.failures).as("requests cut off or answered with something else").isEmpty();
            assertThat(clients.drained.get()).as("writes answered 503 while draining").isPositive();
            assertThat(clients.drainAnswers).allSatisfy(answer ->
                    assertThat(answer).isEqualTo("503 Retry-After=" + SHUTDOWN_BOUND_SECONDS + " Connection=close"));
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + leaving.port + "/actuator/health")).build(), HttpResponse.BodyHandlers.discarding()))
                    .as("once it is gone, connections are refused").isInstanceOf(ConnectException.class);

            Set<String> accepted = clients.acceptedIds.keySet();
            await().atMost(Duration.ofSeconds(120)).until(() -> stored(tenant.id()).keySet().containsAll(accepted));
            Map<String, Integer> stored = stored(tenant.id());
            assertThat(stored.entrySet().stream().filter(e -> e.getValue() != 1).toList()).as("stored twice").isEmpty();
            assertThat(stored.keySet()).containsAll(accepted);
        }
    }

    /** How many times each event id of the tenant is in the events table. */
    private static Map<String, Integer> stored(String tenantId) throws Exception {
        var pg = DevServices.shared().postgres().orElseThrow();
        Map<String, Integer> counts = new HashMap<>();
        try (var connection = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password());
                var query = connection.prepareStatement("select id, count(*) from events where tenant_id = ? group by id")) {
            query.setString(1, tenantId);
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getInt(2));
                }
            }
        }
        return counts;
    }

    /**
     * Clients that send events in turn to the instances, as a load balancer would: an instance that answers 503
     * or refuses connections is left alone for its Retry-After and the same event goes to the other one.
     */
    private static final class Clients {

        private final List<PlatformProcess> instances;
        private final String key;
        private final Map<PlatformProcess, HttpClient> http = new HashMap<>();
        private final Map<PlatformProcess, AtomicLong> awayUntil = new ConcurrentHashMap<>();
        private final Map<PlatformProcess, AtomicInteger> acceptedBy = new ConcurrentHashMap<>();
        final Map<String, Boolean> acceptedIds = new ConcurrentHashMap<>();
        final List<String> failures = new CopyOnWriteArrayList<>();
        final List<String> drainAnswers = new CopyOnWriteArrayList<>();
        final AtomicInteger drained = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger turn = new AtomicInteger();
        private final List<Thread> threads = new ArrayList<>();

        Clients(List<PlatformProcess> instances, String key) {
            this.instances = instances;
            this.key = key;
            for (PlatformProcess instance : instances) {
                http.put(instance, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
                awayUntil.put(instance, new AtomicLong(System.nanoTime()));
                acceptedBy.put(instance, new AtomicInteger());
            }
        }

        int accepted(PlatformProcess instance) {
            return acceptedBy.get(instance).get();
        }

        void start(int count) {
            for (int i = 0; i < count; i++) {
                threads.add(Thread.ofPlatform().name("client-" + i).start(this::run));
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
        }

        private void run() {
            while (running.get()) {
                String id = "e-" + UUID.randomUUID();
                String event = """
                        {"specversion":"1.0","type":"acme.ping","source":"/rolling","id":"%s","data":{"n":1}}""".formatted(id);
                boolean done = false;
                while (!done && running.get()) {
                    done = send(next(), id, event);
                }
            }
        }

        private PlatformProcess next() {
            long now = System.nanoTime();
            List<PlatformProcess> available = instances.stream().filter(i -> now - awayUntil.get(i).get() >= 0).toList();
            List<PlatformProcess> from = available.isEmpty() ? instances : available;
            return from.get(Math.floorMod(turn.getAndIncrement(), from.size()));
        }

        /** True once the event is accepted (or answered for good); false to send it again elsewhere. */
        private boolean send(PlatformProcess instance, String id, String event) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + instance.port + "/api/v1/events"))
                    .timeout(Duration.ofSeconds(30)).header("X-API-Key", key)
                    .header("Content-Type", "application/cloudevents+json")
                    .POST(HttpRequest.BodyPublishers.ofString(event)).build();
            try {
                HttpResponse<String> response = http.get(instance).send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202) {
                    acceptedIds.put(id, true);
                    acceptedBy.get(instance).incrementAndGet();
                    return true;
                }
                if (response.statusCode() == 503) {
                    drained.incrementAndGet();
                    String retryAfter = response.headers().firstValue("Retry-After").orElse("");
                    drainAnswers.add("503 Retry-After=" + retryAfter + " Connection="
                            + response.headers().firstValue("Connection").orElse(""));
                    away(instance, retryAfter.isEmpty() ? 1 : Long.parseLong(retryAfter));
                    return false;
                }
                failures.add(instance.port + ": " + response.statusCode() + " " + response.body());
                return true;
            } catch (ConnectException refused) {
                away(instance, 1);
                return false;
            } catch (IOException e) {
                failures.add(instance.port + ": " + e);
                away(instance, 1);
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }

        private void away(PlatformProcess instance, long seconds) {
            awayUntil.get(instance).set(System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds));
        }
    }
}
