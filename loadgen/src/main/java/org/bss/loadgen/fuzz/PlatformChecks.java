package org.bss.loadgen.fuzz;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bss.loadgen.platform.PlatformClient.PlatformException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the pass checks on the platform besides the answers: that a valid event is still accepted and listed, and
 * nothing else of the pass's tenants is stored; that health is UP; and the heap before and after, from
 * /actuator/prometheus.
 */
final class PlatformChecks {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_PAGES = 100;

    private final URI base;
    private final URI management;
    private final HttpClient http;

    PlatformChecks(URI base, URI management, HttpClient http) {
        this.base = base;
        this.management = management;
        this.http = http;
    }

    /** What POST /api/v1/events answered to the valid event. */
    record Marker(String id, int status, String answer) {
        boolean accepted() {
            return status == 202;
        }
    }

    /**
     * What the tenants hold once the valid event was listed (or the wait ended): the fuzz tenant's events (the valid
     * one alone, if nothing of the pass was stored), the other tenant's (none).
     */
    record Stored(boolean listed, long waitedMillis, List<String> events, List<String> otherEvents) {
        boolean ok() {
            return listed && events.size() == 1 && otherEvents.isEmpty();
        }
    }

    /** Health: the status code and the {@code status} member. */
    record Health(int code, String status) {
        boolean up() {
            return code == 200 && "UP".equals(status);
        }
    }

    /** Heap figures from the Prometheus endpoint, in bytes; live data null when the platform has no such meter. */
    record Memory(double heapUsed, Double liveData) {
    }

    /** Sends a valid customer.created, in structured mode, with an id no other event has. */
    Marker sendMarker(FuzzTarget target) {
        String id = "fuzz-valid-" + Long.toString(System.currentTimeMillis(), 36) + "-" + Long.toString(System.nanoTime() & 0xFFFFFF, 36);
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("specversion", "\"1.0\"");
        attributes.put("id", "\"" + id + "\"");
        attributes.put("source", "\"" + target.source() + "\"");
        attributes.put("type", "\"" + Events.TYPE + "\"");
        attributes.put("subject", "\"customer/" + id + "\"");
        attributes.put("time", "\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\"");
        attributes.put("datacontenttype", "\"application/json\"");
        attributes.put("data", Events.data(id));
        String event = Events.json(attributes);
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/events")).timeout(Duration.ofSeconds(30))
                .header("X-API-Key", target.apiKey()).header("Content-Type", "application/cloudevents+json")
                .POST(HttpRequest.BodyPublishers.ofString(event)).build();
        HttpResponse<String> response = send(request);
        return new Marker(id, response.statusCode(), response.body());
    }

    /** Waits up to {@code settle} until the tenant lists the event, then lists both tenants' events. */
    Stored awaitStored(FuzzTarget target, String id, Duration settle) {
        long started = System.nanoTime();
        long deadline = started + settle.toNanos();
        List<String> events = eventIds(target.apiKey());
        while (!events.contains(id) && System.nanoTime() < deadline) {
            pause();
            events = eventIds(target.apiKey());
        }
        long waited = (System.nanoTime() - started) / 1_000_000;
        return new Stored(events.contains(id), waited, events, eventIds(target.otherApiKey()));
    }

    /** Every event id of the key's tenant, page by page (at most 100,000). */
    List<String> eventIds(String apiKey) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String query = "/api/v1/events?limit=1000" + (cursor == null ? "" : "&after=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve(query)).timeout(Duration.ofSeconds(30))
                    .header("X-API-Key", apiKey).header("Accept", "application/json").GET().build());
            if (response.statusCode() != 200) {
                throw new PlatformException("GET " + query + " answered " + response.statusCode() + ": " + response.body());
            }
            JsonNode body = JSON.readTree(response.body());
            body.path("events").forEach(event -> ids.add(event.path("id").asString()));
            JsonNode next = body.get("next");
            if (next != null && !next.isNull()) {
                cursor = next.asString();
            }
            if (!body.path("more").asBoolean(false)) {
                break;
            }
        }
        return ids;
    }

    Health health() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(management.resolve("/actuator/health"))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            String status;
            try {
                status = JSON.readTree(response.body()).path("status").asString(null);
            } catch (RuntimeException e) {
                status = null;
            }
            return new Health(response.statusCode(), status);
        } catch (IOException e) {
            return new Health(0, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Health(0, "interrupted");
        }
    }

    /** The heap from /actuator/prometheus; null when the endpoint cannot be read. */
    Memory memory() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(management.resolve("/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? memory(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The sum of {@code jvm_memory_used_bytes{area="heap"}} over the pools, and {@code jvm_gc_live_data_size_bytes}
     * (the old generation after the last collection of it; null before the first); null when the text has no heap
     * meter.
     */
    static Memory memory(String prometheusText) {
        double heap = 0;
        boolean anyHeap = false;
        Double live = null;
        for (String line : prometheusText.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                heap += value(line);
                anyHeap = true;
            } else if (line.startsWith("jvm_gc_live_data_size_bytes") && live == null) {
                double value = value(line);
                live = value > 0 ? value : null; // 0: the old generation has not been collected yet
            }
        }
        return anyHeap ? new Memory(heap, live) : null;
    }

    private static double value(String line) {
        // name{labels} value [timestamp], or name value [timestamp]
        int brace = line.lastIndexOf('}');
        String[] rest = (brace >= 0 ? line.substring(brace + 1) : line.substring(line.indexOf(' ') + 1)).strip().split("\\s+");
        return Double.parseDouble(rest[0]);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new PlatformException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException("interrupted", e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException("interrupted", e);
        }
    }
}
