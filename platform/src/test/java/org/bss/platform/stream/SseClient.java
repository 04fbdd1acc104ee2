package org.bss.platform.stream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Server-Sent Events reader for tests, as a browser's EventSource reads a stream: frames of {@code id},
 * {@code event} and {@code data} lines up to a blank line, comments ignored, except {@code :ok} which says the stream
 * is live. Frames are kept in arrival order.
 */
final class SseClient implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int status;
    private final String contentType;
    private final java.net.http.HttpHeaders headers;
    private final String body;
    private final InputStream stream;
    private final List<Frame> frames = new ArrayList<>();
    private volatile boolean live;
    private volatile boolean ended;
    private volatile String endedBy = "the server ended it";
    private final Thread reader;

    /** One event as the stream sent it. */
    record Frame(String id, String event, String data) {

        JsonNode json() {
            return JSON.readTree(data);
        }

        /** The CloudEvent's id. */
        String eventId() {
            return json().get("id").asString();
        }
    }

    private SseClient(HttpResponse<InputStream> response) throws IOException {
        this.status = response.statusCode();
        this.contentType = response.headers().firstValue("Content-Type").orElse("");
        this.headers = response.headers();
        if (status != 200) {
            try (InputStream in = response.body()) {
                this.body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            this.stream = null;
            this.reader = null;
            this.ended = true;
            return;
        }
        this.body = null;
        this.stream = response.body();
        this.reader = Thread.ofVirtual().start(this::read);
    }

    /** Opens {@code baseUrl + pathAndQuery} with these headers; answers once the response headers are there. */
    static SseClient open(String baseUrl, String pathAndQuery, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .header("Accept", "text/event-stream").GET();
        headers.forEach(request::header);
        try {
            return new SseClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static SseClient open(String baseUrl, String pathAndQuery, String apiKey) {
        return open(baseUrl, pathAndQuery, Map.of("X-API-Key", apiKey));
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            StringBuilder data = null;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) {
                        synchronized (frames) {
                            frames.add(new Frame(id, event, data.toString()));
                        }
                    }
                    event = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    if (line.equals(":ok")) {
                        live = true;
                    }
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
                }
            }
        } catch (IOException e) {
            endedBy = e.toString();
        } finally {
            ended = true;
        }
    }

    int status() {
        return status;
    }

    String contentType() {
        return contentType;
    }

    /** The response header of this name, or "" when there is none. */
    String header(String name) {
        return headers.firstValue(name).orElse("");
    }

    /** The body of an answer that was not a stream (a problem). */
    JsonNode problem() {
        return JSON.readTree(body);
    }

    String body() {
        return body;
    }

    boolean live() {
        return live;
    }

    boolean ended() {
        return ended;
    }

    /** What ended the stream, once it has ended: the server, or the exception reading it. */
    String endedBy() {
        return endedBy;
    }

    List<Frame> frames() {
        synchronized (frames) {
            return List.copyOf(frames);
        }
    }

    /** The CloudEvent ids of the events received (not of stream.* events), in order. */
    List<String> eventIds() {
        return frames().stream().filter(f -> !f.event().startsWith("stream.")).map(Frame::eventId).toList();
    }

    /** The id of the last frame: where to resume. */
    String lastId() {
        List<Frame> all = frames();
        return all.isEmpty() ? null : all.getLast().id();
    }

    @Override
    public void close() {
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException e) {
                // gone
            }
            reader.interrupt();
        }
    }
}
