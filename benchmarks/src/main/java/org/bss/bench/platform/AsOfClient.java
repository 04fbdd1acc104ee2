package org.bss.bench.platform;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.bss.platform.bus.ConsistencyToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The platform's API as the time-travel benchmark uses it, as one tenant, over one HTTP/1.1 connection at a time:
 * posting batches, reading a customer (live, as of an instant, after a consistency token) and counting stored events.
 */
final class AsOfClient {

    static final String BATCH = "application/cloudevents-batch+json";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    AsOfClient(URI base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
    }

    /** An answer and how long it took, from sending the request to having read the whole body. */
    record Answer(int status, byte[] body, long nanos) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Posts one batch; every event must be accepted (202). Answers its consistency token. */
    ConsistencyToken post(List<ObjectNode> events) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/events")).timeout(Duration.ofSeconds(60))
                .header("X-API-Key", apiKey).header("Content-Type", BATCH).header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(events))).build();
        Answer answer = send(request);
        if (answer.status() != 202) {
            throw new IllegalStateException("POST /api/v1/events answered " + answer.status() + ": " + answer.text());
        }
        return ConsistencyToken.parse(answer.json().get("consistencyToken").asString());
    }

    /** GET of a path and query; whatever the status. */
    Answer get(String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(120))
                .header("X-API-Key", apiKey).header("Accept", "application/json").GET().build();
        return send(request);
    }

    /** {@code /api/v1/customers/{id}}, as of an instant when {@code asOf} is not null (RFC 3339). */
    static String customer(String customerId, String asOf) {
        return "/api/v1/customers/" + encode(customerId) + (asOf == null ? "" : "?asOf=" + encode(asOf));
    }

    /**
     * Waits until the projection has folded every event of {@code token}: reads the customer with it, again while
     * the answer is 409 (not yet), up to {@code max}.
     */
    void awaitProjection(String customerId, ConsistencyToken token, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            Answer answer = get(customer(customerId, null) + "?token=" + encode(token.toString()));
            if (answer.status() == 200) {
                return;
            }
            if (answer.status() != 409 || System.nanoTime() > deadline) {
                throw new IllegalStateException("the projection did not pass " + token + " within " + max + ": "
                        + answer.status() + " " + answer.text());
            }
        }
    }

    /** A position in the tenant's stored events and how many were read up to it. */
    record Count(String cursor, long events) {
    }

    /** Reads the tenant's stored events on from {@code from}'s cursor, a page of 1,000 at a time, counting them. */
    Count countStored(Count from) {
        String cursor = from.cursor();
        long events = from.events();
        while (true) {
            Answer answer = get("/api/v1/events?limit=1000" + (cursor == null ? "" : "&after=" + encode(cursor)));
            if (answer.status() != 200) {
                throw new IllegalStateException("GET /api/v1/events answered " + answer.status() + ": " + answer.text());
            }
            JsonNode page = answer.json();
            events += page.get("events").size();
            JsonNode next = page.get("next");
            if (next != null && !next.isNull()) {
                cursor = next.asString();
            }
            if (!page.get("more").asBoolean()) {
                return new Count(cursor, events);
            }
        }
    }

    private Answer send(HttpRequest request) {
        long start = System.nanoTime();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.body(), System.nanoTime() - start);
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
