package org.bss.platform;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int target;

    private PrometheusServer(Path dir, int port, Process process, int target) {
        this.dir = dir;
        this.port = port;
        this.process = process;
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
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(PrometheusBinaries.prometheus().toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--storage.tsdb.retention.time=1h",
                "--web.listen-address=127.0.0.1:" + port,
                "--web.enable-lifecycle")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        PrometheusServer server = new PrometheusServer(dir, port, process, platformPort);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus ended (" + process.exitValue() + "):\n" + server.log());
            }
            return server.ready();
        });
        return server;
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
        HttpResponse<String> reloaded = send(HttpRequest.newBuilder(uri("/-/reload")).POST(HttpRequest.BodyPublishers.noBody()));
        if (reloaded.statusCode() != 200) {
            throw new IllegalStateException("prometheus did not reload its configuration: " + reloaded.body());
        }
        target = platformPort;
    }

    private boolean ready() {
        try {
            return http.send(HttpRequest.newBuilder(uri("/-/ready")).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The result of an instant query (a JSON array of series); an {@link AssertionError} when Prometheus refuses the
     * query, which is a mistake in it that no waiting mends.
     */
    JsonNode query(String promql) {
        JsonNode answer = JSON.readTree(send(HttpRequest.newBuilder(
                uri("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))).GET()).body());
        if (!"success".equals(answer.path("status").asString())) {
            throw new AssertionError("Prometheus refused " + promql + ": " + answer);
        }
        return answer.get("data").get("result");
    }

    /** The values of a label over the series a selector matches (what Grafana's label_values shows). */
    JsonNode labelValues(String label, String selector) {
        return JSON.readTree(send(HttpRequest.newBuilder(uri("/api/v1/label/" + label + "/values?match[]="
                + URLEncoder.encode(selector, StandardCharsets.UTF_8))).GET()).body()).get("data");
    }

    /** The scrape target's health as Prometheus sees it (up, down, unknown) and its last error. */
    String targetHealth() {
        JsonNode targets = JSON.readTree(send(HttpRequest.newBuilder(uri("/api/v1/targets")).GET()).body());
        return targets.path("data").path("activeTargets").toString();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String log() {
        try {
            String log = Files.readString(dir.resolve("prometheus.log"));
            return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            FileSystemUtils.deleteRecursively(dir);
        } catch (IOException e) {
            // a temporary folder: the system cleans it up
        }
    }
}
