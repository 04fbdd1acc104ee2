package org.bss.loadgen.run;

import static org.bss.loadgen.JsonAnswer.answer;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bss.loadgen.LoadGenerator;
import org.bss.loadgen.StandInPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code run} and its rate threshold, {@code --min-rate-percent} (on by default at 99), against a small platform that
 * creates tenants and accepts every event: at once, or after a service time that makes it too slow for the rate asked
 * over the run's one connection.
 */
class RateThresholdRunTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** 10 ms an answer over one connection: at most 100 requests a second, half the 200 a second the slow runs ask. */
    private static final Duration SLOW = Duration.ofMillis(10);
    private static final Pattern RATE_FAILURE = Pattern.compile("\n  FAIL rate ([0-9,]+) events/s accepted < 99% of the "
            + "200 events/s asked \\(([0-9.]+)%: 100 of 100 events accepted, the run ([0-9.]+) s behind its 0.5 s "
            + "schedule at the end\\)\n");

    @TempDir
    Path folder;

    private HttpServer server;
    private volatile Duration serviceTime = Duration.ZERO;
    private final AtomicInteger requests = new AtomicInteger();

    /** What a run printed and wrote, and its exit status. */
    private record Outcome(int code, String console, String errors, Path out) {

        String report(String extension) throws IOException {
            return Files.readString(out.resolve("report." + extension));
        }
    }

    @BeforeEach
    void startPlatform() throws IOException {
        server = StandInPlatform.withAdmin();
        server.createContext("/api/v1/events", this::event);
        server.start();
    }

    @AfterEach
    void stopPlatform() {
        server.stop(0);
    }

    private void event(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        requests.incrementAndGet();
        if (!serviceTime.isZero()) {
            try {
                // the stand-in platform's own work, which makes it too slow; nothing waits on it
                Thread.sleep(serviceTime);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        answer(exchange, 202, "{\"status\":\"accepted\"}");
    }

    private Outcome run(String name, String... options) {
        Path out = folder.resolve(name);
        String[] args = Stream.concat(Stream.of("run", "--url", "http://127.0.0.1:" + server.getAddress().getPort(),
                "--admin-key", "admin", "--tenants", "2", "--out", out.toString()), Stream.of(options)).toArray(String[]::new);
        StringWriter errors = new StringWriter();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        try {
            CommandLine line = LoadGenerator.commandLine();
            line.setErr(new PrintWriter(errors, true));
            int code = line.execute(args);
            return new Outcome(code, console.toString(StandardCharsets.UTF_8), errors.toString(), out);
        } finally {
            System.setOut(original);
            original.print(console.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aPlatformTooSlowForTheRateFailsTheRunNamingTheRateAcceptedAndTheRateAsked() throws IOException {
        serviceTime = SLOW;

        Outcome run = run("slow", "--rate", "200/s", "--duration", "500ms", "--connections", "1");

        assertThat(run.errors()).isEmpty();
        assertThat(run.code()).as(run.console()).isEqualTo(RunCommand.THRESHOLD_MISSED);
        assertThat(requests).as("every event of the schedule sent, late").hasValue(100);
        assertThat(run.console()).contains("\nThresholds: FAIL\n")
                .containsPattern("\n  thresholds +accepted rate >= 99% of asked\n");
        Matcher failure = RATE_FAILURE.matcher(run.console());
        assertThat(failure.find()).as(run.console()).isTrue();
        assertThat(Long.parseLong(failure.group(1).replace(",", ""))).as("events/s accepted").isLessThan(198);
        assertThat(Double.parseDouble(failure.group(2))).as("percent of the rate asked").isLessThan(99);
        assertThat(Double.parseDouble(failure.group(3))).as("seconds behind").isPositive();
        assertThat(run.report("txt")).contains(failure.group());

        JsonNode json = JSON.readTree(run.report("json"));
        assertThat(json.get("thresholds").get("verdict").asString()).isEqualTo("FAIL");
        assertThat(json.get("thresholds").get("failures").size()).isEqualTo(1);
        assertThat(json.get("thresholds").get("failures").get(0).asString()).isEqualTo(failure.group().strip().substring(5));
        JsonNode pace = json.get("totals").get("pace");
        assertThat(pace.get("eventsAsked").asLong()).isEqualTo(100);
        assertThat(pace.get("askedPerSecond").asDouble()).isEqualTo(200);
        assertThat(pace.get("share").asDouble()).isLessThan(0.99);
        assertThat(json.get("settings").get("thresholds").asString()).isEqualTo("accepted rate >= 99% of asked");
        assertThat(run.report("html")).contains("events/s accepted &lt; 99% of the 200 events/s asked");
    }

    @Test
    void theSameRunWithTheRateThresholdOffPassesAndStillSaysWhatRateItKept() throws IOException {
        serviceTime = SLOW;

        Outcome run = run("slow-unchecked", "--rate", "200/s", "--duration", "500ms", "--connections", "1",
                "--min-rate-percent", "0");

        assertThat(run.errors()).isEmpty();
        assertThat(run.code()).as(run.console()).isZero();
        assertThat(run.console()).contains("\nThresholds: none checked\n").doesNotContain("FAIL")
                .containsPattern("\n  thresholds +none\n");
        Matcher pace = Pattern.compile("\n  pace +([0-9.]+)% of the 200 events/s asked \\(").matcher(run.console());
        assertThat(pace.find()).as(run.console()).isTrue();
        assertThat(Double.parseDouble(pace.group(1))).isLessThan(99);
    }

    @Test
    void aRunThatKeepsUpPassesCountingTheEventsOfItsBatches() throws IOException {
        Outcome run = run("fast", "--rate", "1000/s", "--batch", "10", "--duration", "2s", "--connections", "4",
                "--max-error-rate", "0");

        assertThat(run.errors()).isEmpty();
        assertThat(run.code()).as(run.console()).isZero();
        assertThat(requests).as("a request every 10 ms, each of 10 events").hasValue(200);
        assertThat(run.console()).contains("\nThresholds: PASS\n")
                .containsPattern("\n  thresholds +accepted rate >= 99% of asked, error rate <= 0%\n")
                .containsPattern("\n  pace +[0-9.]+% of the 1,000 events/s asked \\([0-9,]+/s accepted: 2,000 of 2,000 "
                        + "events accepted, ");
        JsonNode json = JSON.readTree(run.report("json"));
        assertThat(json.get("thresholds").get("verdict").asString()).isEqualTo("PASS");
        assertThat(json.get("totals").get("pace").get("share").asDouble()).isGreaterThanOrEqualTo(0.99);
    }
}
