package org.bss.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bss.devservices.DevServices;

/** The platform as its own process (its main, the test class path), with its output in a file. */
final class PlatformProcess implements AutoCloseable {

    /** An admin key the processes register at start-up ({@code bss.admin.bootstrap-key}). */
    static final String ADMIN_KEY = "bss_" + "a".repeat(43);

    final Process process;
    final Path log;
    final int port;

    private PlatformProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static PlatformProcess start(Path log, List<String> args) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xmx512m",
                PlatformApplication.class.getName(), "--server.port=" + port));
        command.addAll(args);
        try {
            return new PlatformProcess(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start(), log, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The settings for the test JVM's embedded servers, with a topic and consumer group of their own so that
     * these processes and the test JVM's own platform do not share work.
     */
    static List<String> sharedServers() {
        DevServices servers = DevServices.shared();
        var pg = servers.postgres().orElseThrow();
        var redis = servers.redis().orElseThrow();
        String run = UUID.randomUUID().toString().substring(0, 8);
        return new ArrayList<>(List.of(
                "--spring.kafka.bootstrap-servers=" + servers.kafka().orElseThrow().bootstrapServers(),
                "--spring.datasource.url=" + pg.jdbcUrl(), "--spring.datasource.username=" + pg.username(),
                "--spring.datasource.password=" + pg.password(),
                "--spring.data.redis.host=" + redis.host(), "--spring.data.redis.port=" + redis.port(),
                "--bss.kafka.events-topic=bss.events." + run, "--bss.kafka.partitions=4",
                "--bss.store.consumer-group=bss-store-" + run, "--bss.projection.consumer-group=bss-projection-" + run,
                "--bss.analytics.application-id=bss-analytics-" + run,
                // Analytics' application would add a dozen topics and a consumer group per process to the shared broker.
                "--bss.roles=ingest,query,store,projection,replay",
                "--bss.admin.bootstrap-key=" + ADMIN_KEY, "--bss.demo.enabled=false"));
    }

    /** Replaces a setting of {@link #sharedServers()} (or adds it). */
    static List<String> with(List<String> args, String name, Object value) {
        List<String> result = new ArrayList<>(args.stream().filter(a -> !a.startsWith("--" + name + "=")).toList());
        result.add("--" + name + "=" + value);
        return result;
    }

    ApiClient client(String key) {
        return new ApiClient("http://localhost:" + port, key);
    }

    record Tenant(String id, String key) {
    }

    /** A tenant with a fresh key that may write and read events, made through the admin API. */
    Tenant newTenant(String prefix) {
        ApiClient admin = client(ADMIN_KEY);
        String tenant = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.Response created = admin.post("/api/v1/admin/tenants", "application/json", "{\"tenantId\":\"" + tenant + "\"}");
        if (created.status() != 201 && created.status() != 200) {
            throw new IllegalStateException(created.toString());
        }
        return new Tenant(tenant, admin.post("/api/v1/admin/tenants/" + tenant + "/keys", "application/json",
                "{\"scopes\":[\"events:write\",\"events:read\"]}").json().get("secret").asString());
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean ready() {
        try {
            return client(null).get("/actuator/health/readiness").status() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
