package org.bss.loadgen.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tokens from a small token endpoint, a real HTTP server that answers as an OpenID Connect provider does. */
class OidcTokensTest {

    private static final OidcClient ACME = new OidcClient("acme", "acme-ingest", "s3cret&=x");
    private static final String REFUSED = "{\"error\":\"unauthorized_client\","
            + "\"error_description\":\"Invalid client or Invalid client credentials\"}";

    private HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logged, true, StandardCharsets.UTF_8);
    /** The forms the endpoint was sent, and when (System.nanoTime()). */
    private final List<Map<String, String>> forms = new CopyOnWriteArrayList<>();
    private final List<Long> askedAt = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();

    /** A token endpoint that gives the nth request (1 the first) the status and body {@code answers} gives it. */
    private URI tokenEndpoint(IntFunction<Answer> answers) throws IOException {
        AtomicInteger requests = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/realms/bss/protocol/openid-connect/token", exchange -> {
            askedAt.add(System.nanoTime());
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            forms.add(form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            Answer answer = exchange.getRequestMethod().equals("POST") ? answers.apply(requests.incrementAndGet())
                    : new Answer(405, "{}");
            answer(exchange, answer);
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/realms/bss/protocol/openid-connect/token");
    }

    private record Answer(int status, String json) {
    }

    private static Answer token(String accessToken, int expiresIn) {
        return new Answer(200, "{\"access_token\":\"" + accessToken + "\",\"expires_in\":" + expiresIn
                + ",\"refresh_expires_in\":0,\"token_type\":\"Bearer\",\"not-before-policy\":0,\"scope\":\"profile\"}");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        http.close();
    }

    @Test
    void theTokenIsFetchedByTheClientCredentialsGrantAndRefreshedBeforeItExpires() throws Exception {
        URI endpoint = tokenEndpoint(n -> token("token-" + n, 2));
        try (OidcTokens tokens = new OidcTokens(endpoint, http, log)) {
            Credential.BearerToken bearer = tokens.start(ACME);

            assertThat(bearer.header()).isEqualTo(new Credential.Header("Authorization", "Bearer token-1"));
            assertThat(bearer.clientId()).isEqualTo("acme-ingest");
            assertThat(forms.getFirst()).isEqualTo(Map.of("grant_type", "client_credentials", "client_id", "acme-ingest",
                    "client_secret", "s3cret&=x"));
            assertThat(contentTypes.getFirst()).isEqualTo("application/x-www-form-urlencoded");

            await().atMost(Duration.ofSeconds(10)).until(() -> bearer.header().value().equals("Bearer token-2"));
            assertThat(TimeUnit.NANOSECONDS.toMillis(askedAt.get(1) - askedAt.get(0)))
                    .as("refreshed at 70% of the token's 2 s, not before").isGreaterThanOrEqualTo(1_350);

            await().atMost(Duration.ofSeconds(10)).until(() -> bearer.header().value().equals("Bearer token-3"));
            assertThat(forms).allSatisfy(form -> assertThat(form).containsEntry("grant_type", "client_credentials"));
        }
        assertThat(logged.toString(StandardCharsets.UTF_8)).as("nothing failed").isEmpty();
    }

    @Test
    void aClientRefusedAtTheStartIsNamedWithTheHttpStatus() throws Exception {
        URI endpoint = tokenEndpoint(n -> new Answer(401, REFUSED));
        try (OidcTokens tokens = new OidcTokens(endpoint, http, log)) {
            assertThatThrownBy(() -> tokens.start(ACME))
                    .isInstanceOf(OidcTokens.TokenRefused.class)
                    .isInstanceOf(PlatformClient.PlatformException.class)
                    .hasMessage("OIDC client 'acme-ingest' got no token from " + endpoint + ": it answered HTTP 401 "
                            + "(unauthorized_client: Invalid client or Invalid client credentials)")
                    .message().doesNotContain("s3cret");
        }
        assertThat(forms).hasSize(1);
    }

    @Test
    void aTokenEndpointThatCannotBeReachedOrAnswersNoTokenIsNamed() throws Exception {
        URI endpoint = tokenEndpoint(n -> n == 1 ? new Answer(200, "{\"token_type\":\"Bearer\"}")
                : n == 2 ? new Answer(200, "{\"access_token\":\"t\",\"token_type\":\"mac\"}") : new Answer(500, "down"));
        try (OidcTokens tokens = new OidcTokens(endpoint, http, log)) {
            assertThatThrownBy(() -> tokens.start(ACME))
                    .hasMessage("OIDC client 'acme-ingest' got no token from " + endpoint + ": its answer (HTTP 200) has "
                            + "no access_token");
            assertThatThrownBy(() -> tokens.start(ACME))
                    .hasMessage("OIDC client 'acme-ingest' got no token from " + endpoint + ": its token_type is 'mac', not "
                            + "Bearer");
            assertThatThrownBy(() -> tokens.start(ACME))
                    .hasMessage("OIDC client 'acme-ingest' got no token from " + endpoint + ": it answered HTTP 500: down");
        }
        server.stop(0);
        try (OidcTokens tokens = new OidcTokens(endpoint, http, log)) {
            assertThatThrownBy(() -> tokens.start(ACME)).isInstanceOf(OidcTokens.TokenRefused.class)
                    .hasMessageStartingWith("OIDC client 'acme-ingest' got no token from " + endpoint + ": the token "
                            + "endpoint cannot be reached (");
        }
    }

    @Test
    void aFailedRefreshIsLoggedAndTriedAgainKeepingTheTokenInHand() throws Exception {
        CountDownLatch retried = new CountDownLatch(1);
        URI endpoint = tokenEndpoint(n -> switch (n) {
            case 1 -> token("token-1", 2);
            case 2 -> new Answer(503, "{\"error\":\"temporarily_unavailable\"}");
            default -> {
                await().atMost(Duration.ofSeconds(10)).until(() -> retried.getCount() == 0);
                yield token("token-" + n, 60);
            }
        });
        String text;
        try (OidcTokens tokens = new OidcTokens(endpoint, http, log)) {
            Credential.BearerToken bearer = tokens.start(ACME);

            await().atMost(Duration.ofSeconds(10)).until(() -> logged.toString(StandardCharsets.UTF_8).contains("\n"));
            assertThat(bearer.header().value()).as("kept after the refresh failed").isEqualTo("Bearer token-1");
            text = logged.toString(StandardCharsets.UTF_8);
            retried.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> bearer.header().value().equals("Bearer token-3"));
        }
        assertThat(text).startsWith("token: refreshing failed: OIDC client 'acme-ingest' got no token from " + endpoint
                        + ": it answered HTTP 503 (temporarily_unavailable); trying again in 0.5 s, keeping the current "
                        + "token, which expires at ")
                .doesNotContain("s3cret").doesNotContain("token-1");
        assertThat(text.lines()).hasSize(1);
        assertThat(forms).hasSize(3);
    }

    @Test
    void aJwtThatNamesAnotherTenantIsRefused() throws Exception {
        String globex = jwt("{\"iss\":\"http://kc/realms/bss\",\"tenant_id\":\"globex\",\"azp\":\"globex-ingest\"}");
        String acme = jwt("{\"iss\":\"http://kc/realms/bss\",\"tenant_id\":\"acme\",\"azp\":\"acme-ingest\"}");
        URI endpoint = tokenEndpoint(n -> token(n == 1 ? globex : acme, 300));
        try (OidcTokens tokens = new OidcTokens(endpoint, http, log)) {
            assertThatThrownBy(() -> tokens.start(ACME)).isInstanceOf(OidcTokens.TokenRefused.class)
                    .hasMessage("OIDC client 'acme-ingest': its token names tenant 'globex' in its tenant_id claim, not 'acme'");

            assertThat(tokens.start(ACME).header().value()).isEqualTo("Bearer " + acme);
        }
        assertThat(OidcTokens.tenantNamed("opaque-token")).isNull();
        assertThat(OidcTokens.tenantNamed("a.%%%.c")).isNull();
    }

    @Test
    void aTokenIsRefreshedAtSeventyPercentOfItsLifetimeAndRetriedSoonerAfterAFailure() {
        assertThat(OidcTokens.refreshDelay(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(210));
        assertThat(OidcTokens.refreshDelay(Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis(1_400));
        assertThat(OidcTokens.refreshDelay(Duration.ofMillis(100))).as("never sooner than").isEqualTo(Duration.ofMillis(500));
        assertThat(OidcTokens.retryDelay(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(15));
        assertThat(OidcTokens.retryDelay(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(3));
        assertThat(OidcTokens.retryDelay(Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis(500));
    }

    private static String jwt(String claims) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    private static void answer(HttpExchange exchange, Answer answer) throws IOException {
        byte[] body = answer.json().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(answer.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
