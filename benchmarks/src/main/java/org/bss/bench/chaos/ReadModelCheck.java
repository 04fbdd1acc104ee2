package org.bss.bench.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whether the read models the live projection kept through the faults equal a fresh fold of the store: each
 * tenant's checksums (rows and an md5 per table) are taken once the projection has caught up, a rebuild of the read
 * models folds the stored events into a new generation and swaps it in, and the checksums are taken again.
 */
final class ReadModelCheck {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration CAUGHT_UP_WITHIN = Duration.ofMinutes(10);

    private final String baseUrl;
    private final String adminKey;
    private final HttpClient http = HttpClient.newHttpClient();

    ReadModelCheck(String baseUrl, String adminKey) {
        this.baseUrl = baseUrl;
        this.adminKey = adminKey;
    }

    /** Per tenant, "equal" or what differs. */
    Map<String, String> check(List<String> tenants, Duration rebuildWithin) throws IOException, InterruptedException {
        awaitCaughtUp();
        Map<String, JsonNode> live = new LinkedHashMap<>();
        for (String tenant : tenants) {
            live.put(tenant, checksum(tenant));
        }
        JsonNode job = send("POST", "/api/v1/replays", "{\"target\":{\"kind\":\"rebuild\"}}");
        String id = job.path("id").asString();
        Instant deadline = Instant.now().plus(rebuildWithin);
        System.out.println("read models: rebuilding from the store (job " + id + ")");
        while (true) {
            JsonNode state = send("GET", "/api/v1/replays/" + id, null);
            String name = state.path("state").asString();
            if (name.equals("completed")) {
                break;
            }
            if (name.equals("failed") || name.equals("cancelled") || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the rebuild did not complete: " + state);
            }
            Thread.sleep(2000);
        }
        Map<String, String> verdicts = new LinkedHashMap<>();
        for (String tenant : tenants) {
            JsonNode rebuilt = checksum(tenant);
            verdicts.put(tenant, rebuilt.equals(live.get(tenant)) ? "equal"
                    : "differs: live " + live.get(tenant) + ", rebuilt " + rebuilt);
        }
        return verdicts;
    }

    private void awaitCaughtUp() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(CAUGHT_UP_WITHIN);
        while (Instant.now().isBefore(deadline)) {
            JsonNode consumers = send("GET", "/api/v1/admin/consumers", null);
            boolean caughtUp = false;
            for (JsonNode group : consumers.path("groups")) {
                if (group.path("group").asString().equals("bss-projection")) {
                    caughtUp = group.path("lag").asLong() == 0;
                }
            }
            if (caughtUp) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the projection did not catch up within " + CAUGHT_UP_WITHIN);
    }

    private JsonNode checksum(String tenant) throws IOException, InterruptedException {
        return send("GET", "/api/v1/admin/read-models/checksum?tenant=" + tenant, null);
    }

    private JsonNode send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).header("X-API-Key", adminKey)
                .timeout(Duration.ofSeconds(30));
        request = body == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
