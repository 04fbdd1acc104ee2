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
import java.util.stream.Stream;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Keycloak for tests: the {@code keycloak-quarkus-dist} archive from Maven Central (unpacked into
 * {@code target/keycloak} by the build), started once per test JVM in development mode on loopback with the shipped
 * realm ({@code deploy/keycloak/bss-realm.json}) imported, and stopped when the JVM ends.
 */
final class KeycloakServer {

    static final String REALM = "bss";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static KeycloakServer shared;

    private final Path home;
    private final int port;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private KeycloakServer(Path home, int port, Process process) {
        this.home = home;
        this.port = port;
        this.process = process;
    }

    /** The JVM's Keycloak, started on first use. */
    static synchronized KeycloakServer shared() {
        if (shared == null) {
            try {
                shared = start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "keycloak-stop"));
        }
        return shared;
    }

    /** The unpacked distribution, or an explanation of how to get it. */
    static Path distribution() {
        Path unpacked = Repository.root().resolve("platform").resolve("target").resolve("keycloak");
        try (Stream<Path> dirs = Files.isDirectory(unpacked) ? Files.list(unpacked) : Stream.empty()) {
            return dirs.filter(dir -> Files.isExecutable(dir.resolve("bin").resolve("kc.sh"))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Keycloak in " + unpacked
                            + ": the build unpacks org.keycloak:keycloak-quarkus-dist there (./mvnw -pl platform test-compile)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeycloakServer start() throws IOException {
        Path home = distribution();
        // A fresh database each start: the realm is imported as shipped, never skipped as already there.
        FileSystemUtils.deleteRecursively(home.resolve("data"));
        Path imports = Files.createDirectories(home.resolve("data").resolve("import"));
        Files.copy(Repository.root().resolve("deploy").resolve("keycloak").resolve("bss-realm.json"),
                imports.resolve("bss-realm.json"));
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin").resolve("kc.sh").toString(), "start-dev",
                "--import-realm", "--http-host=127.0.0.1", "--http-port=" + port,
                "--http-management-port=" + freePort(), "--hostname=http://127.0.0.1:" + port,
                "--cache=local", "--log-level=warn")
                .redirectErrorStream(true).redirectOutput(home.resolve("keycloak.log").toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        Process process = builder.start();
        KeycloakServer server = new KeycloakServer(home, port, process);
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak ended (" + process.exitValue() + "):\n" + server.log());
            }
            return server.ready();
        });
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The realm's issuer, as its tokens name it in {@code iss}. */
    String issuer() {
        return "http://127.0.0.1:" + port + "/realms/" + REALM;
    }

    private boolean ready() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/openid-configuration")).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The client credentials grant: the answer of the token endpoint (status and body). */
    HttpResponse<String> clientCredentials(String clientId, String secret) {
        String form = "grant_type=client_credentials&client_id=" + encode(clientId) + "&client_secret=" + encode(secret);
        try {
            return http.send(HttpRequest.newBuilder(URI.create(issuer() + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An access token for a service client of the realm; fails the test with Keycloak's answer when it gives none. */
    String accessToken(String clientId, String secret) {
        HttpResponse<String> answer = clientCredentials(clientId, secret);
        if (answer.statusCode() != 200) {
            throw new AssertionError("Keycloak gave " + clientId + " no token: " + answer.statusCode() + " " + answer.body());
        }
        return JSON.readTree(answer.body()).get("access_token").asString();
    }

    /** The claims of a token, as the platform will read them (the signature is the platform's to check). */
    static JsonNode claims(String token) {
        String payload = token.split("\\.")[1];
        return JSON.readTree(new String(java.util.Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    }

    String log() {
        try {
            String log = Files.readString(home.resolve("keycloak.log"));
            return log.length() > 6000 ? log.substring(log.length() - 6000) : log;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private void stop() {
        process.toHandle().descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
