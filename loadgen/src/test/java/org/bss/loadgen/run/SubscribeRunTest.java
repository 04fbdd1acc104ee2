package org.bss.loadgen.run;

import static org.bss.loadgen.JsonAnswer.answer;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bss.loadgen.LoadGenerator;
import org.bss.loadgen.StandInPlatform;
import org.bss.loadgen.stream.StreamFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code run --subscribers} against a small platform that creates tenants, accepts events and streams them to their
 * tenant's subscribers; it refuses some events, and loses one event for one subscriber and sends another one twice.
 */
class SubscribeRunTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path folder;

    private HttpServer server;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicInteger posts = new AtomicInteger();
    private final AtomicInteger opened = new AtomicInteger();
    /** Accepted events times the subscribers that had to get each. */
    private final AtomicLong expected = new AtomicLong();

    /** A stream the platform writes to: its tenant's key, its filter, its frames to write, how many it was given. */
    private record Subscription(int number, String apiKey, StreamFilter filter, BlockingQueue<String> frames,
            AtomicInteger given) {
    }

    @BeforeEach
    void startPlatform() throws IOException {
        server = StandInPlatform.withAdmin();
        server.createContext("/api/v1/events", this::event);
        server.createContext("/api/v1/stream", this::stream);
        server.start();
    }

    @AfterEach
    void stopPlatform() {
        server.stop(0);
    }

    /** Every seventh event is refused; the rest go to the matching subscribers of their tenant before the 202. */
    private void event(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (posts.incrementAndGet() % 7 == 0) {
            answer(exchange, 400, "{\"title\":\"refused\"}");
            return;
        }
        JsonNode event = JSON.readTree(body);
        String key = exchange.getRequestHeaders().getFirst("X-API-Key");
        String frame = "id: p-" + posts.get() + "\nevent: " + event.get("type").asString() + "\ndata: "
                + JSON.writeValueAsString(event) + "\n\n";
        for (Subscription s : subscriptions) {
            if (s.apiKey().equals(key) && s.filter().matches(event.get("type").asString(), event.get("source").asString(),
                    event.path("subject").asString(null), event.get("id").asString())) {
                expected.incrementAndGet();
                int nth = s.given().incrementAndGet();
                if (s.number() == 1 && nth == 2) {
                    s.frames().add(frame); // sent twice
                }
                if (!(s.number() == 2 && nth == 3)) {
                    s.frames().add(frame);
                } else {
                    s.frames().add(": lost one\n\n");
                }
            }
        }
        answer(exchange, 202, "{\"status\":\"accepted\"}");
    }

    private void stream(HttpExchange exchange) throws IOException {
        String key = exchange.getRequestHeaders().getFirst("X-API-Key");
        Subscription subscription = new Subscription(opened.incrementAndGet(), key,
                StreamFilter.parse(exchange.getRequestURI().getRawQuery()), new LinkedBlockingQueue<>(), new AtomicInteger());
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(":ok\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            subscriptions.add(subscription);
            while (true) {
                String frame = subscription.frames().poll(100, TimeUnit.MILLISECONDS);
                out.write((frame == null ? ": heartbeat\n\n" : frame).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException | InterruptedException closed) {
            // the subscriber went away
        }
    }

    @Test
    void theReportSaysWhatEachSubscriberGotAndAMissedEventFailsTheThreshold() throws Exception {
        Path out = folder.resolve("run");
        StringWriter err = new StringWriter();
        CommandLine line = LoadGenerator.commandLine();
        line.setErr(new PrintWriter(err, true));

        int code = line.execute("run", "--url", "http://127.0.0.1:" + server.getAddress().getPort(), "--admin-key", "admin",
                "--tenants", "2", "--rate", "200/s", "--duration", "1s", "--connections", "4", "--subscribers", "3",
                "--subscribe-query", "not.type=customer.created", "--settle", "1s", "--max-missed", "0",
                "--min-rate-percent", "0", "--out", out.toString());

        assertThat(err.toString()).isEmpty();
        assertThat(code).as("a missed event and a duplicate, beyond --max-missed 0").isEqualTo(RunCommand.THRESHOLD_MISSED);
        assertThat(subscriptions).hasSize(3);
        String report = Files.readString(out.resolve("report.txt"));
        assertThat(report)
                .containsPattern("\n  stream subscribers +3 over 2 tenants, filter not.type=customer.created\n")
                .contains("Stream subscribers\n  subscribers  3 over 2 tenants, each with its tenant's key: "
                        + "GET /api/v1/stream?not.type=customer.created\n")
                .contains("  expected     " + String.format("%,d", expected.get()) + " (accepted events")
                .contains("  missed       1 (expected, never delivered)\n")
                .contains("  duplicates   1 (copies beyond the first)\n")
                .contains("  unexpected   0 ")
                .contains("  settled      nothing new delivered for 1s: stopped waiting\n")
                .containsPattern("Delivery latency \\(ms, [^\\n]*\\)\n +deliveries +p50 +p99 +p99.9 +max\n")
                .contains("Missed, for instance\n  subscriber ")
                .contains("FAIL stream subscribers: 2 events missed, duplicated or unexpected > 0 (missed 1, duplicates 1, "
                        + "unexpected 0)");
        assertThat(report).containsPattern("\n  1  lg-[0-9a-z]+-1 +[0-9]+ +[0-9]+ +[01] +[01] +0 +0 +0 +0\n");
        JsonNode json = JSON.readTree(Files.readString(out.resolve("report.json")));
        assertThat(json.get("stream").get("totals").get("expected").asLong()).isEqualTo(expected.get());
        assertThat(json.get("stream").get("perSubscriber").size()).isEqualTo(3);
        assertThat(Files.readString(out.resolve("report.html"))).contains("<h2>Stream subscribers</h2>");
    }

    @Test
    void withoutSubscribersTheFilterAndItsThresholdAreRefusedBeforeAnythingIsSent() {
        StringWriter err = new StringWriter();
        CommandLine line = LoadGenerator.commandLine();
        line.setErr(new PrintWriter(err, true));

        assertThat(line.execute("run", "--url", "http://127.0.0.1:" + server.getAddress().getPort(), "--max-missed", "0"))
                .isEqualTo(1);
        assertThat(line.execute("run", "--url", "https://127.0.0.1:1", "--subscribers", "2")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("bss-loadgen: --max-missed needs --subscribers" + System.lineSeparator()
                + "bss-loadgen: --subscribers needs a plain http --url; https://127.0.0.1:1 is not" + System.lineSeparator());
        assertThat(posts.get()).isZero();
    }
}
