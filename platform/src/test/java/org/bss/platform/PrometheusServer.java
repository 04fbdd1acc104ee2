package org.bss.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus (Debian's binary) for tests: started once per test JVM, scraping a platform's
 * {@code /actuator/prometheus} every two seconds (late in a test JVM it carries the meters of every tenant the tests
 * made, which takes a loaded machine more than a second to write) with the platform's rules (deploy/prometheus/rules.yml) evaluated every
 * second, on a temporary folder; stopped when the JVM ends. Asked through its HTTP API.
 */
final class PrometheusServer {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static PrometheusServer shared;

    private final Path dir;
    private final int port;
    private final ServerProcess server;
    private int target;

    private PrometheusServer(Path dir, int port, ServerProcess server, int target) {
        this.dir = dir;
        this.port = port;
        this.server = server;
        this.target = target;
    }

    /** The JVM's Prometheus, scraping the platform on this port (the configuration is reloaded for another). */
    static synchronized PrometheusServer scraping(int platformPort) {
        try {
            if (shared == null) {
                shared = start(platformPort);
                Runtime.getRuntime().addShutdownHook(new Thread(PrometheusServer::stopShared, "prometheus-stop"));
            } else if (shared.target != platformPort) {
                shared.retarget(platformPort);
            }
            return shared;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the JVM's Prometheus, if one runs: its scrape every second would cost the tests that follow CPU. */
    static synchronized void stopShared() {
        if (shared != null) {
            shared.stop();
            shared = null;
        }
    }

    private static PrometheusServer start(int platformPort) throws IOException {
        Path dir = Files.createTempDirectory("prometheus-");
        writeConfig(dir, platformPort);
        int port = ServerProcess.freePort();
        ProcessBuilder command = new ProcessBuilder(PrometheusBinaries.prometheus().toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--storage.tsdb.retention.time=1h",
                "--web.listen-address=127.0.0.1:" + port,
                "--web.enable-lifecycle");
        return new PrometheusServer(dir, port, ServerProcess.start("prometheus", command, dir.resolve("prometheus.log"), 4000,
                uri(port, "/-/ready"), Duration.ofSeconds(60), Duration.ofMillis(200)), platformPort);
    }

    private static void writeConfig(Path dir, int platformPort) throws IOException {
        Path rules = Repository.root().resolve("deploy").resolve("prometheus").resolve("rules.yml");
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 2s
                  scrape_timeout: 2s
                  evaluation_interval: 1s
                rule_files:
                  - '%s'
                scrape_configs:
                  - job_name: bss-platform
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(rules, platformPort));
    }

    private void retarget(int platformPort) throws IOException {
        writeConfig(dir, platformPort);
        HttpResponse<String> reloaded = server.send(HttpRequest.newBuilder(uri("/-/reload"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        if (reloaded.statusCode() != 200) {
            throw new IllegalStateException("prometheus did not reload its configuration: " + reloaded.body());
        }
        target = platformPort;
    }

    /**
     * The result of an instant query (a JSON array of series); an {@link AssertionError} when Prometheus refuses the
     * query, which is a mistake in it that no waiting mends.
     */
    JsonNode query(String promql) {
        JsonNode answer = JSON.readTree(server.send(HttpRequest.newBuilder(
                uri("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))).GET()).body());
        if (!"success".equals(answer.path("status").asString())) {
            throw new AssertionError("Prometheus refused " + promql + ": " + answer);
        }
        return answer.get("data").get("result");
    }

    /** The values of a label over the series a selector matches (what Grafana's label_values shows). */
    JsonNode labelValues(String label, String selector) {
        return JSON.readTree(server.send(HttpRequest.newBuilder(uri("/api/v1/label/" + label + "/values?match[]="
                + URLEncoder.encode(selector, StandardCharsets.UTF_8))).GET()).body()).get("data");
    }

    /** The scrape target's health as Prometheus sees it (up, down, unknown) and its last error. */
    String targetHealth() {
        JsonNode targets = JSON.readTree(server.send(HttpRequest.newBuilder(uri("/api/v1/targets")).GET()).body());
        return targets.path("data").path("activeTargets").toString();
    }

    private URI uri(String path) {
        return uri(port, path);
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    String log() {
        return server.log();
    }

    private void stop() {
        server.stop(Duration.ofSeconds(10));
        try {
            FileSystemUtils.deleteRecursively(dir);
        } catch (IOException e) {
            // a temporary folder: the system cleans it up
        }
    }
}
