package org.bss.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The three-host layout as an operator gets it: {@code deploy/three-hosts/three-hosts up} brings up the hosts, the
 * tests talk to it only through its gateway (TLS) and its Keycloak, and {@code down} leaves nothing behind. It needs
 * root (network namespaces) and HAProxy; without them it is skipped, unless {@code BSS_LAYOUT_TESTS=required} (CI).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeHostsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path SCRIPT = ROOT.resolve("deploy/three-hosts/three-hosts");
    private static final Path STATE = Path.of("target/three-hosts").toAbsolutePath();
    private static final Path LOGS = Path.of("target").toAbsolutePath();
    /** Requests per 10 s and key the gateway lets through: well above the load below, reached by one burst. */
    private static final int GATEWAY_RATE = 1000;
    private static final Pattern PROGRESS = Pattern.compile("achieved [0-9,]+/s");

    private static Properties layout;
    private static HttpClient client;
    private static String adminKey;

    @BeforeAll
    static void up() throws Exception {
        boolean required = "required".equals(System.getenv("BSS_LAYOUT_TESTS"));
        String missing = missingPrerequisite();
        if (missing != null) {
            if (required) {
                throw new IllegalStateException("the three-host layout cannot run here: " + missing);
            }
            Assumptions.abort("the three-host layout cannot run here: " + missing);
        }
        script(LOGS.resolve("three-hosts-down-before.log"), "down", "--purge"); // what a crashed run left
        int up = script(LOGS.resolve("three-hosts-up.log"), "up");
        assertThat(up).as("three-hosts up (%s):%n%s", LOGS.resolve("three-hosts-up.log"),
                tail(LOGS.resolve("three-hosts-up.log"))).isZero();
        layout = properties(STATE.resolve("layout.properties"));
        adminKey = Files.readString(Path.of(layout.getProperty("admin.key.file"))).strip();
        client = HttpClient.newBuilder().sslContext(trusting(Path.of(layout.getProperty("gateway.truststore"))))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void down() {
        if (Files.exists(STATE.resolve("pids"))) {
            script(LOGS.resolve("three-hosts-down-after.log"), "down");
        }
    }

    @Test
    @Order(1)
    void aKeycloakServiceTokenSendsAndReadsItsTenantsEventsThroughTheGatewayAndAnotherTenantSeesNone() {
        createTenant("acme");
        createTenant("globex");
        String acme = token("acme-ingest");
        String globex = token("globex-ingest");
        String id = UUID.randomUUID().toString();

        HttpResponse<String> accepted = send(HttpRequest.newBuilder(api("/api/v1/events"))
                .header("Authorization", "Bearer " + acme).header("Content-Type", "application/cloudevents+json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"specversion":"1.0","type":"acme.ping","source":"/three-hosts","id":"%s","data":{"n":1}}"""
                        .formatted(id))));

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(get("/api/v1/events?id=" + id, "Bearer " + acme).body()).contains(id));
        HttpResponse<String> theirs = get("/api/v1/events?id=" + id, "Bearer " + globex);
        assertThat(theirs.statusCode()).isEqualTo(200);
        assertThat(theirs.body()).doesNotContain(id);
    }

    @Test
    @Order(2)
    void theQueryRoleReadsFromTheStandby() {
        for (String instance : List.of("instance-1", "instance-2")) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(send(HttpRequest.newBuilder(
                    URI.create(layout.getProperty(instance) + "/actuator/prometheus")).GET()).body())
                    .as(instance).containsPattern("(?m)^bss_read_replica_used\\{[^}]*} 1\\.0$")
                    .containsPattern("(?m)^bss_read_replica_lag_seconds\\{[^}]*} [0-9.]+$"));
        }
    }

    @Test
    @Order(3)
    void theGatewayAnswersAKeyOverItsRate429AsAProblemAndLetsOtherKeysThrough() {
        String key = "bss_" + "g".repeat(43);
        AtomicReference<HttpResponse<String>> limited = new AtomicReference<>();
        AtomicInteger sent = new AtomicInteger();
        // in parallel, so that more than the rate falls within one 10 s window whatever one request takes
        try (ExecutorService senders = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 16; i++) {
                senders.submit(() -> {
                    while (limited.get() == null && sent.incrementAndGet() <= 3 * GATEWAY_RATE) {
                        HttpResponse<String> answer = get("/api/v1/events", key);
                        if (answer.statusCode() == 429) {
                            limited.compareAndSet(null, answer);
                        }
                    }
                });
            }
        }

        assertThat(limited.get()).as("no 429 after %d requests of one key", sent.get()).isNotNull();
        assertThat(limited.get().headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(limited.get().headers().firstValue("Retry-After")).isPresent();
        assertThat(limited.get().body()).contains("\"status\":429");
        assertThat(get("/api/v1/events", "bss_" + "h".repeat(43)).statusCode()).as("another key").isEqualTo(401);
    }

    @Test
    @Order(4)
    void everyEventAcceptedWithKeycloakTokensIsStoredExactlyOnceThoughABrokerAndAnInstanceAreKilledUnderLoad()
            throws Exception {
        createTenant("acme");
        createTenant("globex");
        Path log = LOGS.resolve("three-hosts-load.log");
        Path gateway = Path.of(layout.getProperty("gateway.truststore"));
        Process load = new ProcessBuilder(javaBin(), "-Xmx384m",
                "-Djavax.net.ssl.trustStore=" + gateway, "-Djavax.net.ssl.trustStorePassword=changeit",
                "-jar", ROOT.resolve("loadgen/target/bss-loadgen-exec.jar").toString(), "run",
                "--url", layout.getProperty("gateway"), "--admin-key-file", layout.getProperty("admin.key.file"),
                // the realm's service clients, each acting for its tenant with a token it renews by itself
                "--token-url", layout.getProperty("issuer") + "/protocol/openid-connect/token",
                "--client", "acme=acme-ingest:acme-ingest-secret", "--client", "globex=globex-ingest:globex-ingest-secret",
                "--rate", "6000/min", "--duration", "90s",
                // what is killed under load costs some of the rate; what this judges is that nothing accepted is lost
                "--min-rate-percent", "0",
                "--verify", "--max-lost", "0", "--settle", "60s", "--out", LOGS.resolve("three-hosts-load").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await().atMost(Duration.ofMinutes(3)).until(() -> progressLines(log) >= 20 || !load.isAlive());
            kill(pid(properties(STATE.resolve("kafka/services.properties")).getProperty("kafka.node.2.pid")));
            await().atMost(Duration.ofMinutes(3)).until(() -> progressLines(log) >= 45 || !load.isAlive());
            kill(pid(Files.readString(STATE.resolve("pids/instance-1")).strip()));

            assertThat(load.waitFor(15, TimeUnit.MINUTES)).as("the load generator ended").isTrue();
        } finally {
            load.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(load.exitValue()).as("load generator exit code; its output:%n%s", output).isZero();
        assertThat(output).containsPattern("missing +0\\n").containsPattern("duplicated +0\\n")
                .containsPattern("exactlyOnce +true").contains("Thresholds: PASS");
        assertThat(progressLines(log)).isGreaterThanOrEqualTo(80);
        String stats = send(HttpRequest.newBuilder(URI.create(layout.getProperty("gateway.stats") + ";csv")).GET()).body();
        assertThat(stats).containsPattern("platform,instance-1,[^\\n]*DOWN").containsPattern("platform,instance-2,[^\\n]*UP");
    }

    @Test
    @Order(5)
    void downLeavesNothingRunning() throws IOException {
        List<Long> pids = new ArrayList<>();
        try (var files = Files.list(STATE.resolve("pids"))) {
            for (Path file : files.toList()) {
                pids.add(pid(Files.readString(file).strip()));
            }
        }

        assertThat(script(LOGS.resolve("three-hosts-down.log"), "down")).isZero();

        assertThat(pids).isNotEmpty().allSatisfy(pid ->
                assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("process %d", pid).isEmpty());
        assertThat(ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(STATE.toString())).orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList()).isEmpty();
        assertThat(command("ip", "netns", "list")).doesNotContain("bss-h1", "bss-h2", "bss-h3");
        assertThat(command("ip", "link", "show")).doesNotContain("bss-br0");
    }

    private static String missingPrerequisite() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "it needs root for network namespaces";
        }
        for (String tool : List.of("ip", "haproxy", "openssl", "curl")) {
            if (command("sh", "-c", "command -v " + tool).isBlank()) {
                return tool + " is not installed";
            }
        }
        return null;
    }

    private static int script(Path log, String... args) {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("BSS_LAYOUT_DIR", STATE.toString());
        builder.environment().put("BSS_GATEWAY_RATE", Integer.toString(GATEWAY_RATE));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        try {
            Process process = builder.start();
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String command(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (InputStream out = process.getInputStream()) {
                String text = new String(out.readAllBytes());
                process.waitFor();
                return text;
            }
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void createTenant(String tenant) {
        HttpResponse<String> created = send(HttpRequest.newBuilder(api("/api/v1/admin/tenants"))
                .header("X-API-Key", adminKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"tenantId\":\"%s\",\"name\":\"%s (three hosts)\"}".formatted(tenant, tenant))));
        assertThat(created.statusCode()).as(created.body()).isIn(201, 409);
    }

    /** A token of the shipped realm by the client credentials grant, whose secrets default to {@code <client>-secret}. */
    private String token(String clientId) {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(
                        URI.create(layout.getProperty("issuer") + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "grant_type=client_credentials&client_id=" + clientId + "&client_secret=" + clientId + "-secret")));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        Matcher token = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(answer.body());
        assertThat(token.find()).isTrue();
        return token.group(1);
    }

    private HttpResponse<String> get(String path, String credential) {
        return send(HttpRequest.newBuilder(api(path)).header("Accept", "application/json")
                .header(credential.startsWith("Bearer ") ? "Authorization" : "X-API-Key", credential).GET());
    }

    private static URI api(String path) {
        return URI.create(layout.getProperty("gateway") + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static SSLContext trusting(Path trustStore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(trustStore)) {
            store.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static long progressLines(Path log) throws IOException {
        return Files.readAllLines(log).stream().filter(line -> PROGRESS.matcher(line).find()).count();
    }

    private static void kill(long pid) {
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid));
        process.destroyForcibly();
        await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
    }

    private static long pid(String text) {
        return Long.parseLong(text.strip());
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Properties properties(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
