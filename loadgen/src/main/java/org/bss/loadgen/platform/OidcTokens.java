package org.bss.loadgen.platform;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bearer tokens of OpenID Connect clients from one token endpoint by the client credentials grant, as a service of a
 * tenant gets them: each fetched at the start, then fetched again on one background thread when {@link #REFRESH_AT}
 * of its lifetime has passed, so that whoever sends never waits for a token. A refresh that fails is logged and
 * tried again, the token in hand kept meanwhile (until it expires, the platform still takes it).
 */
public final class OidcTokens implements AutoCloseable {

    /** The claim that names the tenant in the platform's tokens (its default {@code bss.jwt.tenant-claim}). */
    public static final String TENANT_CLAIM = "tenant_id";
    /** A token is fetched again when this share of its lifetime has passed. */
    public static final double REFRESH_AT = 0.7;
    /** The lifetime assumed of a token whose answer gives no {@code expires_in}. */
    static final Duration UNSTATED_LIFETIME = Duration.ofMinutes(5);
    private static final Duration SHORTEST_WAIT = Duration.ofMillis(500);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(15);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final URI tokenUrl;
    private final HttpClient http;
    private final PrintStream log;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("loadgen-tokens").unstarted(r));

    /** @param log where failed refreshes are told of */
    public OidcTokens(URI tokenUrl, HttpClient http, PrintStream log) {
        this.tokenUrl = tokenUrl;
        this.http = http;
        this.log = log;
    }

    /** A token as the endpoint answered it: the token, how long it lives, and until when. */
    record Token(String accessToken, Duration lifetime, Instant expiresAt) {
        @Override
        public String toString() {
            return "Token[expiresAt=" + expiresAt + "]";
        }
    }

    /**
     * Fetches the client's first token and keeps it fresh until {@link #close()}.
     *
     * @throws TokenRefused naming the client and what the token endpoint answered (its HTTP status, and its
     *         {@code error} and {@code error_description}), or that its token names another tenant
     */
    public Credential.BearerToken start(OidcClient client) {
        Token token = fetch(client);
        String named = tenantNamed(token.accessToken());
        if (named != null && !named.equals(client.tenantId())) {
            throw new TokenRefused("OIDC client '" + client.clientId() + "': its token names tenant '" + named + "' in its "
                    + TENANT_CLAIM + " claim, not '" + client.tenantId() + "'");
        }
        Credential.BearerToken bearer = new Credential.BearerToken(client.clientId(), token.accessToken(), token.expiresAt());
        schedule(client, bearer, token.lifetime(), refreshDelay(token.lifetime()));
        return bearer;
    }

    /** One POST of the client credentials grant. */
    Token fetch(OidcClient client) {
        String form = "grant_type=client_credentials&client_id=" + encode(client.clientId()) + "&client_secret="
                + encode(client.secret());
        HttpRequest request = HttpRequest.newBuilder(tokenUrl).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8)).build();
        String refused = "OIDC client '" + client.clientId() + "' got no token from " + tokenUrl;
        Instant asked = Instant.now();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TokenRefused(refused + ": the token endpoint cannot be reached (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenRefused(refused + ": interrupted", e);
        }
        int status = response.statusCode();
        if (status != 200) {
            throw new TokenRefused(refused + ": it answered HTTP " + status + error(response.body()));
        }
        // The answer holds the token: nothing of it goes into a message.
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new TokenRefused(refused + ": it answered HTTP 200 with something that is not JSON");
        }
        JsonNode accessToken = answer.path("access_token");
        if (!accessToken.isString() || accessToken.asString().isBlank()) {
            throw new TokenRefused(refused + ": its answer (HTTP 200) has no access_token");
        }
        JsonNode type = answer.path("token_type");
        if (type.isString() && !type.asString().equalsIgnoreCase("Bearer")) {
            throw new TokenRefused(refused + ": its token_type is '" + type.asString() + "', not Bearer");
        }
        Duration lifetime = lifetime(answer.path("expires_in"));
        return new Token(accessToken.asString(), lifetime, asked.plus(lifetime));
    }

    private void refresh(OidcClient client, Credential.BearerToken bearer, Duration lifetime) {
        try {
            Token token = fetch(client);
            bearer.update(token.accessToken(), token.expiresAt());
            schedule(client, bearer, token.lifetime(), refreshDelay(token.lifetime()));
        } catch (RuntimeException e) {
            if (refresher.isShutdown()) {
                return; // closed while asking: the run is over
            }
            Duration retry = retryDelay(lifetime);
            Instant expires = bearer.expiresAt();
            log.printf(Locale.ROOT, "token: refreshing failed: %s; trying again in %.1f s, keeping the current token, which %s %s%n",
                    e.getMessage(), retry.toMillis() / 1000.0, Instant.now().isBefore(expires) ? "expires at" : "expired at",
                    expires);
            schedule(client, bearer, lifetime, retry);
        }
    }

    private void schedule(OidcClient client, Credential.BearerToken bearer, Duration lifetime, Duration delay) {
        try {
            refresher.schedule(() -> refresh(client, bearer, lifetime), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // closed: the run is over, nothing more to refresh
        }
    }

    /** When to fetch a token again after one of this lifetime: at {@link #REFRESH_AT} of it. */
    static Duration refreshDelay(Duration lifetime) {
        Duration delay = Duration.ofMillis((long) (lifetime.toMillis() * REFRESH_AT));
        return delay.compareTo(SHORTEST_WAIT) < 0 ? SHORTEST_WAIT : delay;
    }

    /** After a failed refresh: often enough to get a token before the current one's remaining 30% run out. */
    static Duration retryDelay(Duration lifetime) {
        Duration retry = lifetime.dividedBy(20);
        return retry.compareTo(SHORTEST_WAIT) < 0 ? SHORTEST_WAIT : retry.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : retry;
    }

    private static Duration lifetime(JsonNode expiresIn) {
        long seconds = -1;
        if (expiresIn.isIntegralNumber() && expiresIn.canConvertToLong()) {
            seconds = expiresIn.asLong();
        } else if (expiresIn.isString() && expiresIn.asString().strip().matches("[0-9]{1,9}")) {
            seconds = Long.parseLong(expiresIn.asString().strip());
        }
        return seconds > 0 ? Duration.ofSeconds(seconds) : UNSTATED_LIFETIME;
    }

    /** The {@code error} and {@code error_description} of an OAuth 2 error answer, or the start of any other body. */
    private static String error(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode answer = JSON.readTree(body);
            JsonNode error = answer.path("error");
            if (error.isString()) {
                JsonNode description = answer.path("error_description");
                return " (" + error.asString() + (description.isString() ? ": " + description.asString() : "") + ")";
            }
        } catch (JacksonException notJson) {
            // shown as it is
        }
        String text = body.strip();
        return ": " + (text.length() > 200 ? text.substring(0, 200) + "..." : text);
    }

    /** The tenant a JWT's payload names in {@link #TENANT_CLAIM}; null for a token that is not a JWT or names none. */
    static String tenantNamed(String accessToken) {
        String[] parts = accessToken.split("\\.", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonNode claim = JSON.readTree(Base64.getUrlDecoder().decode(parts[1])).path(TENANT_CLAIM);
            return claim.isString() ? claim.asString() : null;
        } catch (IllegalArgumentException | JacksonException notAJwt) {
            return null;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Stops refreshing. */
    @Override
    public void close() {
        refresher.shutdownNow();
    }

    /** The token endpoint gave no usable token. */
    public static final class TokenRefused extends PlatformClient.PlatformException {
        public TokenRefused(String message) {
            super(message);
        }

        public TokenRefused(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
