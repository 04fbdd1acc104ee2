package org.bss.bench.chaos.soak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the platform says of itself over HTTP: its meters ({@code /actuator/prometheus}) and the lag of every consumer
 * group ({@code GET /api/v1/admin/consumers}, with an admin key).
 */
final class PlatformProbe {

    static final String STORED = "bss_store_events_total";
    static final String LIVE_DATA = "jvm_gc_live_data_size_bytes";
    static final String GC_PAUSE_SUM = "jvm_gc_pause_seconds_sum";
    /** The cause Micrometer tags a collection asked for by jcmd GC.run with. */
    static final String FORCED = "cause=\"Diagnostic Command\"";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String adminKey;

    PlatformProbe(URI base, String adminKey) {
        this.base = base;
        this.adminKey = adminKey;
    }

    /** The Prometheus text of the platform's meters. */
    String prometheus() throws IOException, InterruptedException {
        return get("/actuator/prometheus", false);
    }

    /** The lag of each consumer group, by group. */
    Map<String, Long> lag() throws IOException, InterruptedException {
        return lagByGroup(get("/api/v1/admin/consumers", true));
    }

    /** The groups' lag in an answer of /api/v1/admin/consumers: {@code {"at": ..., "groups": [{"group", "lag", ...}]}}. */
    static Map<String, Long> lagByGroup(String json) {
        Map<String, Long> lag = new TreeMap<>();
        for (JsonNode group : JSON.readTree(json).path("groups")) {
            lag.put(group.path("group").asString(), group.path("lag").asLong());
        }
        return lag;
    }

    /**
     * The sum of a meter's samples in Prometheus text (all its label sets), or -1 when it is absent: e.g.
     * {@code bss_store_events_total 12345.0}, or {@code jvm_gc_live_data_size_bytes{application="bss"} 1.2E8}.
     */
    static long value(String prometheus, String name) {
        double sum = sum(prometheus, name, "");
        return Double.isNaN(sum) ? -1 : Math.round(sum);
    }

    /** The sum of a meter's samples whose labels contain a fragment such as {@code cause="Diagnostic Command"}; NaN when none. */
    static double sum(String prometheus, String name, String labels) {
        double sum = 0;
        boolean found = false;
        for (String line : prometheus.split("\n")) {
            if (line.startsWith(name) && line.length() > name.length()
                    && (line.charAt(name.length()) == ' ' || line.charAt(name.length()) == '{')
                    && line.substring(0, afterLabels(line, name.length())).contains(labels)) {
                sum += Double.parseDouble(line.substring(afterLabels(line, name.length())).strip().split("\\s+")[0]);
                found = true;
            }
        }
        return found ? sum : Double.NaN;
    }

    /** Where the value starts: after the label set, if any (a quoted value may hold a brace). */
    private static int afterLabels(String line, int from) {
        if (line.charAt(from) != '{') {
            return from;
        }
        boolean quoted = false;
        for (int i = from + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '}' && !quoted) {
                return i + 1;
            }
        }
        return line.length();
    }

    private String get(String path, boolean admin) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).GET();
        if (admin) {
            request.header("X-API-Key", adminKey);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
