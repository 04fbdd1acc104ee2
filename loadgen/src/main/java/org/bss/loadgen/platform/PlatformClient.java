package org.bss.loadgen.platform;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The platform's admin and query API, as the load generator uses them (blocking calls; not the hot path). */
public final class PlatformClient {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final HttpClient http;

    public PlatformClient(URI base, HttpClient http) {
        this.base = base;
        this.http = http;
    }

    /** A tenant the run sends as, with a credential that may write and read events: an API key or a bearer token. */
    public record TenantKey(String tenantId, Credential credential) {

        /** A tenant with an API key. */
        public TenantKey(String tenantId, String apiKey) {
            this(tenantId, new Credential.ApiKey(apiKey));
        }

        /**
         * The tenant's API key.
         *
         * @throws IllegalStateException when the tenant sends with a bearer token instead
         */
        public String apiKey() {
            if (credential instanceof Credential.ApiKey key) {
                return key.key();
            }
            throw new IllegalStateException("tenant " + tenantId + " has no API key: it sends with a " + credential.shown());
        }

        @Override
        public String toString() {
            return "TenantKey[" + tenantId + "]"; // never the secret
        }
    }

    /** Creates a tenant, gives it a quota and a key with events:write and events:read; needs an admin key. */
    public TenantKey createTenant(String adminKey, String tenantId, long ratePerSecond, long burst) {
        call(adminKey, "POST", "/api/v1/admin/tenants", Map.of("tenantId", tenantId, "name", "load generator " + tenantId), 201);
        setQuota(adminKey, tenantId, ratePerSecond, burst);
        JsonNode key = call(adminKey, "POST", "/api/v1/admin/tenants/" + tenantId + "/keys",
                Map.of("scopes", List.of("events:write", "events:read")), 201);
        return new TenantKey(tenantId, key.get("secret").asString());
    }

    /** Sets an existing tenant's ingest quota, events a second and burst; needs an admin key. */
    public void setQuota(String adminKey, String tenantId, long ratePerSecond, long burst) {
        call(adminKey, "PUT", "/api/v1/admin/tenants/" + tenantId + "/quota", Map.of("rate", ratePerSecond, "burst", burst), 200);
    }

    /**
     * Reads a tenant's events of one source, page by page from the cursor given (null: the start), calling each with
     * (source, id) and {@code pageRead} with the cursor after each page read whole: reading again from it later gives
     * only events stored since (the query API's keyset is stable under concurrent writes), also after a failure.
     */
    public void readEvents(TenantKey tenant, String source, String after, Consumer<String> eachId,
            Consumer<String> pageRead) {
        String cursor = after;
        while (true) {
            String query = "/api/v1/events?limit=1000&source=" + encode(source) + (cursor == null ? "" : "&after=" + encode(cursor));
            Credential.Header credential = tenant.credential().header();
            HttpRequest request = HttpRequest.newBuilder(base.resolve(query)).timeout(Duration.ofSeconds(60))
                    .header(credential.name(), credential.value()).header("Accept", "application/json").GET().build();
            HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream());
            Page page;
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    String message = "GET " + query + " answered " + response.statusCode() + ": "
                            + new String(body.readAllBytes(), StandardCharsets.UTF_8);
                    throw response.statusCode() == 503 ? new PlatformUnavailable(message, null) : new PlatformException(message);
                }
                page = Page.read(body, eachId);
            } catch (IOException e) {
                throw new PlatformException("reading the events of " + tenant.tenantId() + " failed: " + e.getMessage(), e);
            }
            if (page.next() != null) {
                cursor = page.next();
                pageRead.accept(cursor);
            }
            if (!page.more()) {
                return;
            }
        }
    }

    /**
     * A tenant's anomaly alerts seen from {@code from} to {@code to}, in every state: GET /api/v1/alerts page by page,
     * passing each answer's {@code next} back as {@code cursor} until it is null.
     *
     * @throws PlatformException naming the tenant and what the platform answered, when it is not a page of alerts
     */
    public List<JsonNode> readAlerts(TenantKey tenant, Instant from, Instant to) {
        List<JsonNode> alerts = new ArrayList<>();
        Set<String> cursors = new HashSet<>();
        String cursor = null;
        while (true) {
            String query = "/api/v1/alerts?from=" + encode(from.toString()) + "&to=" + encode(to.toString())
                    + "&state=all&limit=1000" + (cursor == null ? "" : "&cursor=" + encode(cursor));
            String call = "GET /api/v1/alerts as tenant " + tenant.tenantId();
            Credential.Header credential = tenant.credential().header();
            HttpRequest request = HttpRequest.newBuilder(base.resolve(query)).timeout(Duration.ofSeconds(60))
                    .header(credential.name(), credential.value()).header("Accept", "application/json").GET().build();
            HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status != 200) {
                String body = response.body().length() > 300 ? response.body().substring(0, 300) + "..." : response.body();
                throw new PlatformException(call + " answered " + status + switch (status) {
                    case 401, 403 -> ": the platform refused the tenant's key from the tenants file (a run of this platform? "
                            + "the key not revoked?)";
                    case 404 -> ": does this platform serve anomaly alerts?";
                    default -> "";
                } + (body.isBlank() ? "" : ": " + body.strip()));
            }
            JsonNode page;
            try {
                page = JSON.readTree(response.body());
            } catch (JacksonException e) {
                throw new PlatformException(call + ": the answer is not JSON: " + e.getOriginalMessage());
            }
            JsonNode list = page.get("alerts");
            if (list == null || !list.isArray()) {
                throw new PlatformException(call + ": the answer has no \"alerts\" array");
            }
            list.forEach(alerts::add);
            JsonNode next = page.get("next");
            if (next == null || next.isNull()) {
                return alerts;
            }
            cursor = next.asString();
            if (!cursors.add(cursor)) {
                throw new PlatformException(call + ": the answer's next cursor, " + cursor + ", was given before; stopping");
            }
        }
    }

    /** One page of the query API, streamed: only the ids are kept. */
    record Page(String next, boolean more) {
        static Page read(InputStream body, Consumer<String> eachId) {
            String next = null;
            boolean more = false;
            try (JsonParser parser = JSON.createParser(body)) {
                expect(parser.nextToken(), JsonToken.START_OBJECT);
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    switch (name) {
                        case "events" -> {
                            expect(value, JsonToken.START_ARRAY);
                            while (parser.nextToken() == JsonToken.START_OBJECT) {
                                eachId.accept(eventId(parser));
                            }
                        }
                        case "next" -> next = value == JsonToken.VALUE_NULL ? null : parser.getString();
                        case "more" -> more = parser.getBooleanValue();
                        default -> parser.skipChildren();
                    }
                }
            }
            return new Page(next, more);
        }

        private static String eventId(JsonParser parser) {
            String id = null;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (name.equals("id")) {
                    id = parser.getString();
                } else {
                    parser.skipChildren();
                }
            }
            if (id == null) {
                throw new PlatformException("the query API returned an event without an id");
            }
            return id;
        }

        private static void expect(JsonToken actual, JsonToken expected) {
            if (actual != expected) {
                throw new PlatformException("unexpected query API answer: " + actual + " where " + expected + " belongs");
            }
        }
    }

    private JsonNode call(String key, String method, String path, Object body, int expected) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("X-API-Key", key).header("Content-Type", "application/json").header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new PlatformException(method + " " + path + " answered " + response.statusCode() + " (expected " + expected
                    + "): " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new PlatformUnavailable(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException("interrupted", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The platform answered something the load generator cannot go on from. */
    public static class PlatformException extends RuntimeException {
        public PlatformException(String message) {
            super(message);
        }

        public PlatformException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The platform could not be reached or answered 503: it may answer a little later (restarting, a server down). */
    public static final class PlatformUnavailable extends PlatformException {
        public PlatformUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
