package org.bss.loadgen.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.bss.loadgen.LoadGenerator;
import org.bss.loadgen.platform.PlatformClient.TenantKey;
import org.bss.loadgen.verify.TenantsFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * evaluate against a small platform serving GET /api/v1/alerts: a run folder with two labels (a payment-failures of
 * t1, a silence of t2) in an hour's run of three tenants.
 */
class EvaluateCommandTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant FROM = Instant.parse("2026-03-02T10:00:00Z");
    private static final Instant TO = Instant.parse("2026-03-02T11:00:00Z");

    @TempDir
    Path folder;

    private HttpServer server;
    /** What the platform answers each key: status and body, for the query parameters asked. */
    private final Map<String, Function<Map<String, String>, Answer>> answers = new ConcurrentHashMap<>();
    /** The queries asked, with the key that asked them. */
    private final List<Map<String, String>> queries = new CopyOnWriteArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private record Answer(int status, String body) {
    }

    @BeforeEach
    void startPlatformAndWriteARun() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/alerts", exchange -> {
            Map<String, String> query = query(exchange);
            String key = exchange.getRequestHeaders().getFirst("X-API-Key");
            query.put("key", key);
            queries.add(query);
            Answer answer = answers.getOrDefault(key, q -> new Answer(401, "{\"title\":\"Unauthorized\"}")).apply(query);
            answer(exchange, answer);
        });
        server.start();
        TenantsFile.write(folder.resolve("tenants.tsv"),
                List.of(new TenantKey("t1", "key-1"), new TenantKey("t2", "key-2"), new TenantKey("t3", "key-3")));
        RunFiles.writeLabels(folder.resolve("labels.json"), List.of(
                new Label("payment-failures", "t1", Instant.parse("2026-03-02T10:10:30Z"), Instant.parse("2026-03-02T10:20:30Z")),
                new Label("silence", "t2", Instant.parse("2026-03-02T10:30:00Z"), Instant.parse("2026-03-02T10:35:00Z"))));
        RunFiles.writeSpan(folder.resolve("span.json"), new RunFiles.Span(FROM, TO));
    }

    @AfterEach
    void stopPlatform() {
        server.stop(0);
    }

    @Test
    void alertsDetectingEveryLabelInTimeMeetTheTargetsReadingEveryPageOfEachTenant() throws Exception {
        answers.put("key-1", q -> q.containsKey("cursor")
                ? new Answer(200, page(null, alert("a2", "payments.failed", "seasonal", "2026-03-02T10:11:00Z", "resolved")))
                : new Answer(200, page("opaque+/=", alert("a1", "payments.failure_rate", "robust-z", "2026-03-02T10:10:00Z", "resolved"))));
        answers.put("key-2", q -> new Answer(200, page(null, alert("b1", "events.count", "seasonal", "2026-03-02T10:31:00Z", "open"))));
        answers.put("key-3", q -> new Answer(200, page(null)));

        int code = evaluate("--labels", folder.resolve("labels.json").toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(queries).extracting(q -> q.get("key")).containsExactly("key-1", "key-1", "key-2", "key-3");
        assertThat(queries.get(1).get("cursor")).isEqualTo("opaque+/=");
        assertThat(queries.getFirst()).containsEntry("from", "2026-03-02T09:59:00Z").containsEntry("to", "2026-03-02T11:02:00Z")
                .containsEntry("state", "all").containsEntry("limit", "1000");
        assertThat(out.toString()).contains("PASS  recall within 2 windows", "1.00 (2 of 2 labels)",
                "payments.failure_rate (robust-z), payments.failed (seasonal)", "Open at the end (should be resolved)",
                "events.count (seasonal)");
        JsonNode json = JSON.readTree(Files.readString(folder.resolve("evaluation.json")));
        assertThat(json.path("targets").path("passed").asBoolean()).isTrue();
        assertThat(json.path("summary").path("recall").asDouble()).isEqualTo(1.0);
        assertThat(json.path("summary").path("falseAlerts").asInt()).isZero();
        assertThat(json.path("summary").path("openAtEnd").asInt()).isEqualTo(1);
        assertThat(json.path("labels").get(0).path("delaySeconds").asDouble()).isEqualTo(30.0);
        assertThat(json.path("labels").get(0).path("alerts").toString()).isEqualTo("[\"a1\",\"a2\"]");
        String markdown = Files.readString(folder.resolve("evaluation.md"));
        assertThat(markdown).startsWith("# Anomaly detection: evaluation\n\n**PASS**")
                .contains("| payment-failures | t1 | 2026-03-02T10:10:30Z | 2026-03-02T10:20:30Z | yes | 30s |")
                .contains("![Labels and alerts per tenant](evaluation-timeline.svg)");
        assertThat(Files.readString(folder.resolve("evaluation-timeline.svg")))
                .startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").contains(">t1</text>", ">t3</text>", "silence");
    }

    @Test
    void falseAlertsAndAMissedLabelMissTheTargetsWithExitStatusThree() throws Exception {
        answers.put("key-1", q -> new Answer(200, page(null, alert("a1", "orders.count", "robust-z", "2026-03-02T10:45:00Z", "resolved"),
                alert("a2", "orders.count", "robust-z", "2026-03-02T10:50:00Z", "resolved"))));
        answers.put("key-2", q -> new Answer(200, page(null)));
        answers.put("key-3", q -> new Answer(200, page(null)));
        Path elsewhere = folder.resolve("evaluation");

        int code = evaluate("--labels", folder.resolve("labels.json").toString(), "--out", elsewhere.toString());

        assertThat(code).isEqualTo(EvaluateCommand.TARGET_MISSED);
        assertThat(out.toString()).contains("Targets", "FAIL  recall within 2 windows", "0.00 (0 of 2 labels)", "False alerts");
        JsonNode json = JSON.readTree(Files.readString(elsewhere.resolve("evaluation.json")));
        assertThat(json.path("targets").path("passed").asBoolean()).isFalse();
        assertThat(json.path("summary").path("falseAlerts").asInt()).isEqualTo(2);
        assertThat(json.path("falseAlerts").get(0).path("id").asString()).isEqualTo("a1");
        assertThat(json.path("summary").path("precision").asDouble()).isZero();
    }

    @Test
    void aSpanGivenOnTheCommandLineTakesThePlaceOfTheRunsAndATenantsFileElsewhereIsRead() throws Exception {
        Path tenants = folder.resolve("keys.tsv");
        Files.move(folder.resolve("tenants.tsv"), tenants);
        answers.put("key-1", q -> new Answer(200, page(null)));
        answers.put("key-2", q -> new Answer(200, page(null)));
        answers.put("key-3", q -> new Answer(200, page(null)));

        evaluate("--labels", folder.resolve("labels.json").toString(), "--tenants", tenants.toString(),
                "--from", "2026-03-02T11:00:00+01:00", "--to", "2026-03-02T10:40:00Z", "--window", "5m", "--tolerance", "1");

        assertThat(queries.getFirst()).containsEntry("from", "2026-03-02T09:55:00Z").containsEntry("to", "2026-03-02T10:45:00Z");
    }

    @Test
    void aKeyThePlatformRefusesStopsTheEvaluationWithAMessageNamingTheTenant() {
        answers.put("key-1", q -> new Answer(200, page(null)));

        int code = evaluate("--labels", folder.resolve("labels.json").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("bss-loadgen: GET /api/v1/alerts as tenant t2 answered 401: the platform refused the "
                + "tenant's key from the tenants file (a run of this platform? the key not revoked?): {\"title\":\"Unauthorized\"}"
                + System.lineSeparator());
        assertThat(folder.resolve("evaluation.json")).doesNotExist();
    }

    @Test
    void aPlatformFailingStopsTheEvaluationWithWhatItAnswered() {
        answers.put("key-1", q -> new Answer(503, "{\"title\":\"Service Unavailable\"}"));

        int code = evaluate("--labels", folder.resolve("labels.json").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("bss-loadgen: GET /api/v1/alerts as tenant t1 answered 503: "
                + "{\"title\":\"Service Unavailable\"}" + System.lineSeparator());
    }

    @Test
    void aPlatformWithoutAlertsIsToldApart() {
        answers.put("key-1", q -> new Answer(404, ""));

        int code = evaluate("--labels", folder.resolve("labels.json").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("bss-loadgen: GET /api/v1/alerts as tenant t1 answered 404: does this platform serve "
                + "anomaly alerts?" + System.lineSeparator());
    }

    @Test
    void anAlertWithoutItsWindowStartIsAnError() {
        answers.put("key-1", q -> new Answer(200, "{\"alerts\":[{\"id\":\"a1\",\"metric\":\"m\",\"detector\":\"d\",\"state\":\"open\"}],"
                + "\"next\":null}"));

        int code = evaluate("--labels", folder.resolve("labels.json").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("bss-loadgen: alert 1 of tenant t1: \"windowStart\" is missing" + System.lineSeparator());
    }

    @Test
    void withoutTheRunsSpanTheCommandAsksForOne() throws IOException {
        Files.delete(folder.resolve("span.json"));

        int code = evaluate("--labels", folder.resolve("labels.json").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("bss-loadgen: give --from and --to: ").contains("span.json");
        assertThat(queries).isEmpty();
    }

    @Test
    void labelsOfATenantTheTenantsFileDoesNotHaveAreRefused() throws IOException {
        TenantsFile.write(folder.resolve("tenants.tsv"), List.of(new TenantKey("t1", "key-1")));

        int code = evaluate("--labels", folder.resolve("labels.json").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("names tenant 't2', which ").contains("does not have");
        assertThat(queries).isEmpty();
    }

    @Test
    void badValuesAreReportedNamingTheirOption() {
        assertThat(evaluate("--labels", "labels.json", "--from", "yesterday")).isEqualTo(2);
        assertThat(err.toString()).startsWith("Invalid value for option '--from': 'yesterday' is not an RFC 3339 instant: use e.g. "
                + "2026-03-02T10:00:00Z");
        assertThat(evaluate("--from", "2026-03-02T10:00:00Z")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--labels=<labels.json>'");
    }

    private int evaluate(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine line = LoadGenerator.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 3];
        all[0] = "evaluate";
        all[1] = "--url";
        all[2] = "http://127.0.0.1:" + server.getAddress().getPort();
        System.arraycopy(args, 0, all, 3, args.length);
        return line.execute(all);
    }

    private static String page(String next, String... alerts) {
        return "{\"alerts\":[" + String.join(",", alerts) + "],\"next\":" + (next == null ? "null" : "\"" + next + "\"") + "}";
    }

    private static String alert(String id, String metric, String detector, String windowStart, String state) {
        return """
                {"id":"%s","tenant":"ignored","metric":"%s","detector":"%s","severity":"warning","state":"%s",\
                "windowStart":"%s","openedAt":"%s","resolvedAt":%s,"observed":412.0,"expectedLow":20.0,\
                "expectedHigh":61.0,"explanation":"far above the usual"}""".formatted(id, metric, detector, state, windowStart,
                windowStart, state.equals("open") ? "null" : "\"" + windowStart + "\"");
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int equals = pair.indexOf('=');
            query.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return query;
    }

    private static void answer(HttpExchange exchange, Answer answer) throws IOException {
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        try (var stream = exchange.getResponseBody()) {
            stream.write(body);
        }
    }
}
