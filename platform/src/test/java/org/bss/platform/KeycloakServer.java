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

    private final int port;
    private final ServerProcess server;

    private KeycloakServer(int port, ServerProcess server) {
        this.port = port;
        this.server = server;
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
        int port = ServerProcess.freePort();
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin").resolve("kc.sh").toString(), "start-dev",
                "--import-realm", "--http-host=127.0.0.1", "--http-port=" + port,
                "--http-management-port=" + ServerProcess.freePort(), "--hostname=http://127.0.0.1:" + port,
                "--cache=local", "--log-level=warn");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        return new KeycloakServer(port, ServerProcess.start("Keycloak", builder, home.resolve("keycloak.log"), 6000,
                URI.create(issuer(port) + "/.well-known/openid-configuration"), Duration.ofMinutes(4), Duration.ofMillis(500)));
    }

    /** The realm's issuer, as its tokens name it in {@code iss}. */
    String issuer() {
        return issuer(port);
    }

    private static String issuer(int port) {
        return "http://127.0.0.1:" + port + "/realms/" + REALM;
    }

    /** The client credentials grant: the answer of the token endpoint (status and body). */
    HttpResponse<String> clientCredentials(String clientId, String secret) {
        String form = "grant_type=client_credentials&client_id=" + encode(clientId) + "&client_secret=" + encode(secret);
        return server.send(HttpRequest.newBuilder(URI.create(issuer() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
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
        return server.log();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private void stop() {
        server.stop(Duration.ofSeconds(20));
    }
}
