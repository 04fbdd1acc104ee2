package org.bss.platform.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import com.nimbusds.jwt.JWTClaimsSet;
import org.bss.platform.RsaSigner;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OpenID Connect provider on loopback for the tests, over real HTTP with real RS256 signatures: discovery, an
 * authorization endpoint that signs the one test user in at once and sends the browser back with a code, a token
 * endpoint that holds the code to its client, redirect URI and PKCE (S256) challenge, its JWK set, and an end-session
 * endpoint. Discovery, the token and the JWK set answer any origin (CORS), as a provider configured with the console's
 * web origin does. The port is bound when it is made, so that its issuer can go into a platform's arguments; it serves
 * from {@code beforeAll} (register it as a static {@code @RegisterExtension} field ordered before the platform's).
 */
final class TestIdentityProvider implements BeforeAllCallback, AfterAllCallback {

    static final String USER = "olga";
    static final String USER_NAME = "Olga Operator";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final RsaSigner key = new RsaSigner();
    private final String clientId;
    private final String audience;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private final AtomicInteger signOuts = new AtomicInteger();
    private volatile String redirectUri;
    private volatile Login next = new Login("openid admin", Duration.ofMinutes(5), false);

    /** What the next sign-in gives: the access token's {@code scope}, how long it is valid, whether the state is forged. */
    record Login(String scope, Duration lifetime, boolean forgeState) {
    }

    private record Grant(String clientId, String redirectUri, String challenge, Login login) {
    }

    /** A provider whose one client is {@code clientId}; its access tokens name {@code audience}. */
    TestIdentityProvider(String clientId, String audience) {
        this.clientId = clientId;
        this.audience = audience;
        try {
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/.well-known/openid-configuration", exchange -> json(exchange, 200, discovery()));
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.createContext("/jwks", exchange -> json(exchange, 200, key.publicJwks()));
        server.createContext("/logout", this::logout);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.stop(0);
        threads.close();
    }

    /** Its {@code iss}, also where discovery is. */
    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The client's one registered redirect URI (also the one allowed after signing out). */
    void registerRedirect(String uri) {
        this.redirectUri = uri;
    }

    /** From now on, sign-ins give this. */
    void nextLogin(Login login) {
        this.next = login;
    }

    int tokensIssued() {
        return tokensIssued.get();
    }

    int signOuts() {
        return signOuts.get();
    }

    private Map<String, Object> discovery() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("issuer", issuer());
        metadata.put("authorization_endpoint", issuer() + "/authorize");
        metadata.put("token_endpoint", issuer() + "/token");
        metadata.put("jwks_uri", issuer() + "/jwks");
        metadata.put("end_session_endpoint", issuer() + "/logout");
        metadata.put("response_types_supported", List.of("code"));
        metadata.put("grant_types_supported", List.of("authorization_code"));
        metadata.put("code_challenge_methods_supported", List.of("S256"));
        metadata.put("subject_types_supported", List.of("public"));
        metadata.put("id_token_signing_alg_values_supported", List.of("RS256"));
        metadata.put("token_endpoint_auth_methods_supported", List.of("none"));
        return metadata;
    }

    /** The user is signed in at once; the browser goes back to the client's redirect URI with a code. */
    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        if (!clientId.equals(query.get("client_id")) || redirectUri == null || !redirectUri.equals(query.get("redirect_uri"))) {
            // Never back to an address the client did not register.
            text(exchange, 400, "unknown client or redirect_uri: " + query);
            return;
        }
        String state = query.get("state");
        Login login = next;
        String error = !"code".equals(query.get("response_type")) ? "unsupported_response_type"
                : !"S256".equals(query.get("code_challenge_method")) || query.get("code_challenge") == null ? "invalid_request"
                : null;
        StringBuilder back = new StringBuilder(redirectUri).append('?');
        if (error != null) {
            back.append("error=").append(error);
        } else {
            String code = random();
            codes.put(code, new Grant(clientId, redirectUri, query.get("code_challenge"), login));
            back.append("code=").append(code);
        }
        back.append("&state=").append(encode(login.forgeState() ? random() : state)).append("&iss=").append(encode(issuer()));
        exchange.getResponseHeaders().add("Location", back.toString());
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    /** A code is good once, for its client and redirect URI, with the verifier of its challenge. */
    private void token(HttpExchange exchange) throws IOException {
        cors(exchange);
        if ("OPTIONS".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().add("Access-Control-Allow-Methods", "POST");
            exchange.getResponseHeaders().add("Access-Control-Allow-Headers", "Content-Type, Accept");
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            text(exchange, 405, "POST only");
            return;
        }
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Grant grant = form.get("code") == null ? null : codes.remove(form.get("code"));
        String refused = !"authorization_code".equals(form.get("grant_type")) ? "unsupported_grant_type"
                : grant == null ? "invalid_grant: unknown or used code"
                : !grant.clientId().equals(form.get("client_id")) ? "invalid_grant: another client's code"
                : !grant.redirectUri().equals(form.get("redirect_uri")) ? "invalid_grant: redirect_uri differs"
                : form.get("code_verifier") == null || !grant.challenge().equals(s256(form.get("code_verifier")))
                        ? "invalid_grant: the code_verifier does not match the code_challenge"
                : null;
        if (refused != null) {
            String[] parts = refused.split(": ", 2);
            json(exchange, 400, Map.of("error", parts[0], "error_description", parts.length > 1 ? parts[1] : parts[0]));
            return;
        }
        Login login = grant.login();
        Instant now = Instant.now();
        Date expires = Date.from(now.plus(login.lifetime()));
        // A token given out expired (a negative lifetime) was issued before it expired, as any token is.
        Date issued = Date.from(login.lifetime().toMinutes() < 5 ? expires.toInstant().minus(Duration.ofMinutes(5)) : now);
        String access = key.sign(new JWTClaimsSet.Builder().issuer(issuer()).audience(audience).subject(USER)
                .issueTime(issued).expirationTime(expires).jwtID(UUID.randomUUID().toString())
                .claim("azp", clientId).claim("tenant_id", "platform").claim("scope", login.scope())
                .claim("preferred_username", USER).build());
        String id = key.sign(new JWTClaimsSet.Builder().issuer(issuer()).audience(clientId).subject(USER)
                .issueTime(issued).expirationTime(expires).claim("name", USER_NAME)
                .claim("preferred_username", USER).build());
        tokensIssued.incrementAndGet();
        Map<String, Object> tokens = new LinkedHashMap<>();
        tokens.put("access_token", access);
        tokens.put("token_type", "Bearer");
        tokens.put("expires_in", Math.max(0, login.lifetime().toSeconds()));
        tokens.put("id_token", id);
        tokens.put("scope", login.scope());
        json(exchange, 200, tokens);
    }

    /** Signs out and sends the browser back, only to the client's registered address. */
    private void logout(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        String back = query.get("post_logout_redirect_uri");
        if (back == null || !back.equals(redirectUri) || !clientId.equals(query.get("client_id"))) {
            text(exchange, 400, "unknown client or post_logout_redirect_uri: " + query);
            return;
        }
        signOuts.incrementAndGet();
        exchange.getResponseHeaders().add("Location", back);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static Map<String, String> form(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return values;
        }
        for (String pair : text.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            values.put(name, equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static String encode(String value) {
        return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void cors(HttpExchange exchange) {
        exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        cors(exchange);
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static void text(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
