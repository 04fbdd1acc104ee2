package org.bss.loadgen.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.bss.loadgen.JsonAnswer.answer;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.bss.loadgen.LoadGenerator;
import org.bss.loadgen.StandInPlatform;
import org.bss.loadgen.evaluate.Label;
import org.bss.loadgen.evaluate.RunFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code run --inject} against a small platform that creates tenants and keeps the events it is sent. */
class InjectRunTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path folder;

    private HttpServer server;
    /** Each tenant's events, by its API key, in the order they arrived. */
    private final Map<String, ConcurrentLinkedQueue<JsonNode>> events = new ConcurrentHashMap<>();

    @BeforeEach
    void startPlatform() throws IOException {
        server = StandInPlatform.withAdmin();
        server.createContext("/api/v1/events", exchange -> {
            JsonNode event = JSON.readTree(exchange.getRequestBody().readAllBytes());
            events.computeIfAbsent(exchange.getRequestHeaders().getFirst("X-API-Key"), k -> new ConcurrentLinkedQueue<>()).add(event);
            answer(exchange, 202, "{}");
        });
        server.start();
    }

    @AfterEach
    void stopPlatform() {
        server.stop(0);
    }

    @Test
    void aSilencedTenantSendsNothingWhileItLastsTheOthersKeepTheirRateAndTheLabelsSayWhatWasInjectedWhen() throws Exception {
        Path out = folder.resolve("run");
        StringWriter err = new StringWriter();
        CommandLine line = LoadGenerator.commandLine();
        line.setErr(new PrintWriter(err, true));

        int code = line.execute("run", "--url", "http://127.0.0.1:" + server.getAddress().getPort(), "--admin-key", "admin",
                "--tenants", "2", "--rate", "100/s", "--duration", "2s", "--connections", "4", "--out", out.toString(),
                "--inject", "silence@500ms+1s:2", "--inject", "revenue-jump@0s+2s");

        assertThat(code).as(err.toString()).isZero();
        List<String> tenants = Files.readAllLines(out.resolve("tenants.tsv")).stream().map(t -> t.split("\t")[0]).toList();
        RunFiles.Span span = RunFiles.readSpan(out.resolve("span.json"));
        List<Label> labels = RunFiles.readLabels(out.resolve("labels.json"));
        assertThat(labels).extracting(Label::kind, Label::tenant)
                .containsExactly(tuple("silence", tenants.get(1)),
                        tuple("revenue-jump", tenants.get(0)));
        Label silence = labels.getFirst();
        assertThat(silence.start()).isAfterOrEqualTo(span.from().plusMillis(500));
        assertThat(silence.end()).isAfterOrEqualTo(span.from().plusMillis(1_500)).isAfter(silence.start());
        assertThat(labels.get(1).start()).isAfterOrEqualTo(span.from());
        assertThat(labels.get(1).end()).isBeforeOrEqualTo(span.to()).isAfter(labels.get(1).start());

        List<Instant> second = times(events.get("key-" + tenants.get(1)));
        assertThat(second).as("the silenced tenant's events").noneMatch(t -> !t.isBefore(silence.start()) && t.isBefore(silence.end()))
                .anyMatch(t -> t.isBefore(silence.start())).anyMatch(t -> !t.isBefore(silence.end()));
        assertThat(events.get("key-" + tenants.get(0))).as("the first tenant's turn in the 200 requests").hasSize(100);
        assertThat(Files.readString(out.resolve("report.txt")))
                .contains("Injected anomalies (labels.json)", "silence", "revenue-jump", silence.start().toString());
    }

    @Test
    void aTenantNumberBeyondTheRunsTenantsIsRefusedBeforeAnythingIsSent() {
        StringWriter err = new StringWriter();
        CommandLine line = LoadGenerator.commandLine();
        line.setErr(new PrintWriter(err, true));

        int code = line.execute("run", "--url", "http://127.0.0.1:" + server.getAddress().getPort(), "--admin-key", "admin",
                "--tenants", "2", "--duration", "1m", "--out", folder.resolve("run").toString(), "--inject", "silence@10s+5s:3");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("bss-loadgen: --inject silence@10s+5s:3: the run has 2 tenants, not 3 (see --tenants)"
                + System.lineSeparator());
        assertThat(events).isEmpty();
    }

    @Test
    void anInjectionStartingAfterTheRunIsRefusedBeforeAnythingIsSent() {
        StringWriter err = new StringWriter();
        CommandLine line = LoadGenerator.commandLine();
        line.setErr(new PrintWriter(err, true));

        int code = line.execute("run", "--url", "http://127.0.0.1:" + server.getAddress().getPort(), "--admin-key", "admin",
                "--duration", "1m", "--warmup", "30s", "--out", folder.resolve("run").toString(), "--inject", "order-drop@90s+1m");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("bss-loadgen: --inject order-drop@90s+1m starts at or after the run's end (it lasts 1m "
                + "after the warm-up)" + System.lineSeparator());
        assertThat(events).isEmpty();
    }

    private static List<Instant> times(ConcurrentLinkedQueue<JsonNode> events) {
        return events.stream().map(e -> Instant.parse(e.path("time").asString())).toList();
    }
}
