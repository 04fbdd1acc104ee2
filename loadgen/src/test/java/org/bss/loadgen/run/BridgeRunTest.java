package org.bss.loadgen.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bss.loadgen.LoadGenerator;
import org.bss.loadgen.platform.PlatformClient.TenantKey;
import org.bss.loadgen.traffic.EventMix;
import org.bss.loadgen.traffic.Traffic;
import org.bss.loadgen.verify.AcceptedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code run --target bridge} against a small server that answers as the Strimzi Kafka Bridge's producer API does:
 * 200 with an offset, or an error code, for each record.
 */
class BridgeRunTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path folder;

    private HttpServer server;
    /** Every request the bridge got, in the order they came. */
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    /** How the bridge answers a request's records: status and body. */
    private volatile Function<JsonNode, Answer> answers = BridgeRunTest::written;

    record Request(String method, String path, String contentType, String accept, Set<String> headers, byte[] body) {

        JsonNode records() {
            return JSON.readTree(body).path("records");
        }
    }

    record Answer(int status, String json) {
    }

    @BeforeEach
    void startBridge() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stopBridge() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestHeaders().getFirst("Accept"),
                exchange.getRequestHeaders().keySet().stream().map(h -> h.toLowerCase(java.util.Locale.ROOT)).collect(Collectors.toSet()),
                exchange.getRequestBody().readAllBytes());
        requests.add(request);
        Answer answer = answers.apply(request.records());
        byte[] body = answer.json().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.kafka.v2+json");
        exchange.sendResponseHeaders(answer.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Every record written: an offset each. */
    private static Answer written(JsonNode records) {
        List<String> offsets = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            offsets.add("{\"partition\":" + (i % 12) + ",\"offset\":" + i + "}");
        }
        return new Answer(200, "{\"offsets\":[" + String.join(",", offsets) + "]}");
    }

    @Test
    void singleEventModeSendsEachEventAsOneRecordKeyedByItsTenantAndSubjectWithNoCredential() throws Exception {
        Path out = folder.resolve("run");

        int code = run("--topic", "bench.events", "--rate", "100/s", "--duration", "1s", "--tenants", "2", "--out", out.toString());

        assertThat(code).isZero();
        assertThat(requests).hasSize(100).allSatisfy(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/topics/bench.events");
            assertThat(request.contentType()).isEqualTo("application/vnd.kafka.json.v2+json");
            assertThat(request.accept()).isEqualTo("application/vnd.kafka.v2+json");
            assertThat(request.headers()).doesNotContain("x-api-key", "authorization");
            assertThat(request.records()).hasSize(1);
        });
        Set<String> tenants = Files.readAllLines(out.resolve("tenants.tsv")).stream().map(line -> line.split("\t")[0])
                .collect(Collectors.toSet());
        assertThat(tenants).hasSize(2);
        for (Request request : requests) {
            JsonNode record = request.records().get(0);
            JsonNode event = record.path("value");
            assertThat(event.path("specversion").asString()).isEqualTo("1.0");
            String aggregate = event.hasNonNull("subject") ? event.path("subject").asString() : event.path("source").asString();
            assertThat(record.path("key").asString()).isIn(tenants.stream().map(t -> t + "/" + aggregate).toList());
        }
        JsonNode totals = JSON.readTree(out.resolve("report.json").toFile()).path("totals");
        assertThat(totals.path("eventsAccepted").asLong()).isEqualTo(100);
        assertThat(totals.path("errors").asLong()).isZero();
        assertThat(totals.path("statusCounts").path("200").asLong()).isEqualTo(100);
    }

    @Test
    void batchModeSendsEachBatchAsThatManyRecordsInOneRequest() throws Exception {
        Path out = folder.resolve("run");

        int code = run("--topic", "bench.events", "--rate", "200/s", "--duration", "1s", "--batch", "10", "--out", out.toString());

        assertThat(code).isZero();
        assertThat(requests).hasSize(20).allSatisfy(request -> assertThat(request.records()).hasSize(10));
        assertThat(requests.stream().flatMap(r -> Stream.of(r.records().get(0), r.records().get(9)))
                .map(record -> record.path("value").path("id").asString()).distinct()).hasSize(40);
        JsonNode totals = JSON.readTree(out.resolve("report.json").toFile()).path("totals");
        assertThat(totals.path("eventsAccepted").asLong()).isEqualTo(200);
        assertThat(totals.path("errors").asLong()).isZero();
    }

    @Test
    void aRecordTheBridgeCouldNotWriteMakesItsRequestAnErrorUnderItsErrorCodeThoughTheAnswerIs200() throws Exception {
        answers = records -> {
            Answer written = written(records);
            return new Answer(200, written.json().replaceFirst("\\{\"partition\":1,\"offset\":1}",
                    "{\"error_code\":500,\"message\":\"Topic bench.events not present in metadata after 60000 ms.\"}"));
        };
        Path out = folder.resolve("run");

        int code = run("--topic", "bench.events", "--rate", "200/s", "--duration", "1s", "--batch", "10", "--out", out.toString(),
                "--min-rate-percent", "0");

        assertThat(code).isZero();
        JsonNode totals = JSON.readTree(out.resolve("report.json").toFile()).path("totals");
        assertThat(totals.path("statusCounts").properties()).extracting(Map.Entry::getKey).containsExactly("500");
        assertThat(totals.path("errors").asLong()).isEqualTo(20);
        assertThat(totals.path("eventsAccepted").asLong()).as("each request's other 9 records").isEqualTo(180);
    }

    @Test
    void refusedAndFailedRequestsCountAsErrorsByTheirStatus() throws Exception {
        AtomicInteger count = new AtomicInteger();
        answers = records -> count.incrementAndGet() % 2 == 0
                ? new Answer(404, "{\"error_code\":404,\"message\":\"Not Found\"}")
                : new Answer(503, "{\"error_code\":503,\"message\":\"Bridge is overloaded, please retry later\"}");
        Path out = folder.resolve("run");

        int code = run("--topic", "bench.events", "--rate", "100/s", "--duration", "1s", "--connections", "1", "--out",
                out.toString(), "--max-error-rate", "0.01");

        assertThat(code).as("the error threshold is missed").isEqualTo(RunCommand.THRESHOLD_MISSED);
        JsonNode totals = JSON.readTree(out.resolve("report.json").toFile()).path("totals");
        assertThat(totals.path("statusCounts").path("404").asLong()).isEqualTo(50);
        assertThat(totals.path("statusCounts").path("503").asLong()).isEqualTo(50);
        assertThat(totals.path("errors").asLong()).isEqualTo(100);
        assertThat(totals.path("eventsAccepted").asLong()).isZero();
    }

    @Test
    void theRecordValuesAreTheBytesTheCloudEventsModeSendsForTheSameEvents() throws Exception {
        Instant now = Instant.parse("2025-11-07T10:30:00Z");
        List<byte[]> platformBodies = new CopyOnWriteArrayList<>();
        HttpServer platform = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        platform.createContext("/api/v1/events", exchange -> {
            platformBodies.add(exchange.getRequestBody().readAllBytes());
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        platform.start();
        try {
            send(platform.getAddress().getPort(), null, now);
        } finally {
            platform.stop(0);
        }
        send(server.getAddress().getPort(), new BridgeWrites(java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                "bench.events"), now);

        assertThat(platformBodies).hasSize(20);
        assertThat(requests).hasSize(20);
        List<String> sent = platformBodies.stream().map(b -> new String(b, StandardCharsets.UTF_8)).sorted().toList();
        List<String> values = requests.stream().map(r -> new String(r.body(), StandardCharsets.UTF_8))
                .map(body -> body.substring(body.indexOf("\"value\":") + 8, body.length() - 3)).sorted().toList();
        assertThat(values).isEqualTo(sent);
    }

    /** 20 single events of tenant t1 from a fixed clock, through the platform's format or another. */
    private void send(int port, WriteFormat format, Instant now) throws Exception {
        Driver.Settings settings = new Driver.Settings(java.net.URI.create("http://127.0.0.1:" + port), 1, 1, Duration.ofSeconds(5));
        List<Driver.Sender> senders = List.of(new Driver.Sender(new TenantKey("t1", "key"),
                new Traffic("t1", EventMix.plan(), 7, Clock.fixed(now, ZoneOffset.UTC))));
        try (AcceptedLog accepted = AcceptedLog.create(folder.resolve("accepted-" + port + ".tsv"));
                Driver driver = format == null ? new Driver(settings, senders, accepted, QUIET)
                        : new Driver(settings, senders, accepted, SendListener.NONE, QUIET, format)) {
            driver.run(Scenario.Constant.steady(40, Duration.ofMillis(500)), "");
        }
    }

    static Stream<Arguments> platformOnlyOptions() {
        return Stream.of(
                Arguments.of(List.of("--verify"), "--verify (and --max-lost) read the platform's store"),
                Arguments.of(List.of("--max-lost", "0"), "--verify (and --max-lost) read the platform's store"),
                Arguments.of(List.of("--reads", "20"), "--reads reads customers from the platform's query API"),
                Arguments.of(List.of("--subscribers", "10"), "--subscribers (--subscribe-query, --max-missed) read the platform's live stream"),
                Arguments.of(List.of("--token-url", "http://127.0.0.1:1/token", "--client", "acme=a:b"),
                        "--token-url and --client send as the platform's tenants"));
    }

    @ParameterizedTest
    @MethodSource("platformOnlyOptions")
    void whatNeedsThePlatformIsRefusedBeforeAnythingIsSent(List<String> options, String message) {
        List<String> args = new ArrayList<>(List.of("--topic", "bench.events", "--duration", "1s", "--out", folder.toString()));
        args.addAll(options);
        StringWriter err = new StringWriter();

        int code = run(err, args.toArray(String[]::new));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains(message, "with --target bridge");
        assertThat(requests).isEmpty();
    }

    @Test
    void theBridgeNeedsATopicKafkaWouldTakeAndThePlatformNone() {
        StringWriter noTopic = new StringWriter();
        StringWriter badTopic = new StringWriter();
        StringWriter platformTopic = new StringWriter();

        assertThat(run(noTopic, "--duration", "1s", "--out", folder.toString())).isEqualTo(2);
        assertThat(run(badTopic, "--topic", "a/b", "--duration", "1s", "--out", folder.toString())).isEqualTo(2);
        assertThat(LoadGenerator.commandLine().setErr(new PrintWriter(platformTopic, true)).execute("run", "--url",
                url(), "--topic", "bench.events", "--duration", "1s", "--out", folder.toString())).isEqualTo(2);

        assertThat(noTopic.toString()).contains("--target bridge needs --topic");
        assertThat(badTopic.toString()).contains("'a/b' is not a Kafka topic name");
        assertThat(platformTopic.toString()).contains("--topic is for --target bridge");
        assertThat(requests).isEmpty();
    }

    private int run(String... options) {
        StringWriter err = new StringWriter();
        int code = run(err, options);
        assertThat(err.toString()).as("errors printed").doesNotContain("bss-loadgen:");
        return code;
    }

    private int run(StringWriter err, String... options) {
        CommandLine line = LoadGenerator.commandLine();
        line.setErr(new PrintWriter(err, true));
        line.setOut(new PrintWriter(new StringWriter(), true));
        List<String> args = new ArrayList<>(List.of("run", "--url", url(), "--target", "bridge"));
        args.addAll(List.of(options));
        if (!args.contains("--connections")) {
            args.addAll(List.of("--connections", "4"));
        }
        return line.execute(args.toArray(String[]::new));
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
