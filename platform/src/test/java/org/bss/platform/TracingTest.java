package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.bss.platform.tenancy.Tenants;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * One trace from the client's request to the consumers of its event: the ingest request's server span, and as its
 * children the store's, the projection's and the live stream's spans of the event. The event is read back with its
 * traceparent; an event that came with its own keeps it.
 *
 * <p>An application context of its own (every request sampled, spans kept in memory and exported by OTLP/HTTP to a
 * collector started here) on a topic of its own, with consumer groups of its own: the shared test context's
 * consumers never see these events, nor these its. Closed after the class, so that it does not go on consuming.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.tracing.sampling.probability=1.0",
        "management.opentelemetry.tracing.export.schedule-delay=50ms",
        "bss.roles=ingest,query,store,projection,stream",
        "bss.kafka.events-topic=bss.events.tracing",
        "bss.store.consumer-group=bss-store-tracing",
        "bss.projection.consumer-group=bss-projection-tracing"})
@Import(TracingTest.Spans.class)
@DirtiesContext
class TracingTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_SPAN = "00f067aa0ba902b7";
    private static final String EXEMPLAR_TRACE = "5cf92f3577b34da6a3ce929d0e0e4737";

    /** What the OTLP exporter sent: the bodies of its requests to /v1/traces (protobuf). */
    private static final List<byte[]> COLLECTED = new CopyOnWriteArrayList<>();
    private static final HttpServer COLLECTOR = collector();

    @DynamicPropertySource
    static void export(DynamicPropertyRegistry registry) {
        registry.add("management.opentelemetry.tracing.export.otlp.endpoint",
                () -> "http://localhost:" + COLLECTOR.getAddress().getPort() + "/v1/traces");
    }

    @TestConfiguration
    static class Spans {

        @Bean
        InMemorySpanExporter spans() {
            return InMemorySpanExporter.create();
        }
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    Tenants tenants;
    @Autowired
    InMemorySpanExporter spans;

    /** Prometheus before 2.43 refuses a whole scrape when a summary's _count carries an exemplar (a trace id). */
    @Test
    void theMetricsCarryNoTraceIdsEvenWhenEveryRequestIsSampled() throws Exception {
        String key = TestTenants.newTenantKey(tenants, "exemplars");
        ApiClient api = new ApiClient("http://localhost:" + port, key);
        for (int i = 0; i < 5; i++) {
            assertThat(api.postWithHeaders("/api/v1/events", "application/cloudevents+json",
                    customerCreated("exemplar-" + UUID.randomUUID()), "traceparent",
                    "00-" + EXEMPLAR_TRACE + "-" + CLIENT_SPAN + "-01").status()).isEqualTo(202);
        }
        await().atMost(WAIT).until(() -> server(EXEMPLAR_TRACE), Optional::isPresent);

        java.net.http.HttpResponse<String> scrape = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/actuator/prometheus"))
                        .header("Accept", "application/openmetrics-text;version=1.0.0").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(scrape.headers().firstValue("Content-Type").orElse("")).startsWith("application/openmetrics-text");
        assertThat(scrape.body()).contains("http_server_requests_seconds_count");
        assertThat(scrape.body().lines().filter(line -> line.contains(" # {")).toList()).isEmpty();
    }

    @Test
    void theRequestAndItsEventsConsumersAreOneTraceAndTheEventKeepsItsContext() throws Exception {
        String key = TestTenants.newTenantKey(tenants, "tracing");
        ApiClient api = new ApiClient("http://localhost:" + port, key);
        String id = "traced-" + UUID.randomUUID();
        try (LiveStream stream = LiveStream.open("http://localhost:" + port, key)) {
            ApiClient.Response accepted = api.postWithHeaders("/api/v1/events", "application/cloudevents+json",
                    customerCreated(id), "traceparent", "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01");
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);

            SpanData request = await().atMost(WAIT).until(() -> server(CLIENT_TRACE), Optional::isPresent).orElseThrow();
            assertThat(request.getParentSpanId()).isEqualTo(CLIENT_SPAN);
            assertThat(request.getName()).contains("/api/v1/events");
            for (String step : List.of("store event", "project event", "deliver event")) {
                SpanData consumer = await().atMost(WAIT).until(() -> span(step, id), Optional::isPresent).orElseThrow();
                assertThat(consumer.getTraceId()).as(step).isEqualTo(CLIENT_TRACE);
                assertThat(consumer.getParentSpanId()).as(step).isEqualTo(request.getSpanId());
                assertThat(consumer.getKind()).as(step).isEqualTo(SpanKind.CONSUMER);
                assertThat(consumer.getAttributes().get(AttributeKey.stringKey("bss.tenant"))).startsWith("tracing-");
            }
            await().atMost(WAIT).until(() -> stream.lines().stream().anyMatch(line -> line.contains(id)));
            byte[] traceId = HexFormat.of().parseHex(CLIENT_TRACE); // OTLP's protobuf holds the 16 bytes
            await().atMost(WAIT).until(() -> COLLECTED.stream().anyMatch(body -> contains(body, traceId)));

            JsonNode stored = stored(api, id);
            assertThat(stored.get("traceparent").asString())
                    .matches("00-" + CLIENT_TRACE + "-" + request.getSpanId() + "-0[13]");
            assertThat(stored.has("tracestate")).isFalse();
        }
    }

    @Test
    void anEventsOwnTraceparentIsKeptAndOnlyASampledOneIsContinued() {
        ApiClient api = new ApiClient("http://localhost:" + port, TestTenants.newTenantKey(tenants, "tracing-own"));
        String sampledOwn = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        String unsampledOwn = "00-" + "1".repeat(32) + "-" + "2".repeat(16) + "-00";
        String withOwn = "own-" + UUID.randomUUID();
        String withRequests = "request-" + UUID.randomUUID();
        String binary = "binary-" + UUID.randomUUID();
        String batch = "[" + customerCreated(withOwn).replace("\"specversion\"",
                "\"traceparent\":\"" + sampledOwn + "\",\"tracestate\":\"vendor=client\",\"specversion\"")
                + "," + customerCreated(withRequests) + "]";

        ApiClient.Response batchAnswer = api.postWithHeaders("/api/v1/events", "application/cloudevents-batch+json",
                batch, "traceparent", "00-" + "3".repeat(32) + "-" + "4".repeat(16) + "-01");
        ApiClient.Response binaryAnswer = api.postWithHeaders("/api/v1/events", "application/json",
                "{\"customer_id\":\"" + binary + "\"}", "ce-specversion", "1.0", "ce-id", binary, "ce-source", "/crm",
                "ce-type", "customer.created", "ce-traceparent", unsampledOwn,
                "traceparent", "00-" + "5".repeat(32) + "-" + "6".repeat(16) + "-01");

        assertThat(batchAnswer.status()).as(batchAnswer.toString()).isEqualTo(202);
        assertThat(binaryAnswer.status()).as(binaryAnswer.toString()).isEqualTo(202);
        assertThat(stored(api, withOwn).get("traceparent").asString()).isEqualTo(sampledOwn);
        assertThat(stored(api, withOwn).get("tracestate").asString()).isEqualTo("vendor=client");
        assertThat(stored(api, withRequests).get("traceparent").asString()).startsWith("00-" + "3".repeat(32) + "-");
        assertThat(stored(api, binary).get("traceparent").asString()).isEqualTo(unsampledOwn);
        SpanData own = await().atMost(WAIT).until(() -> span("store event", withOwn), Optional::isPresent).orElseThrow();
        assertThat(own.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(own.getParentSpanId()).isEqualTo("b7ad6b7169203331");
        assertThat(own.getSpanContext().getTraceState().get("vendor")).isEqualTo("client");
        // Stored (read back above) before its span could have ended: an unsampled event's consumers made none.
        await().atMost(WAIT).until(() -> span("project event", withRequests), Optional::isPresent);
        assertThat(spans.getFinishedSpanItems()).noneMatch(span -> binary.equals(eventId(span)));
        assertThat(spans.getFinishedSpanItems()).noneMatch(span -> span.getTraceId().equals("1".repeat(32)));
    }

    private static HttpServer collector() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            server.createContext("/v1/traces", exchange -> {
                if ("application/x-protobuf".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                    COLLECTED.add(exchange.getRequestBody().readAllBytes());
                }
                exchange.sendResponseHeaders(200, -1); // an empty ExportTraceServiceResponse: all accepted
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean contains(byte[] body, byte[] part) {
        for (int i = 0; i + part.length <= body.length; i++) {
            if (java.util.Arrays.equals(body, i, i + part.length, part, 0, part.length)) {
                return true;
            }
        }
        return false;
    }

    private static String customerCreated(String id) {
        return """
                {"specversion":"1.0","type":"customer.created","source":"/crm","id":"%s","subject":"customer/%s",\
                "datacontenttype":"application/json","data":{"customer_id":"%s","first_name":"Ana"}}""".formatted(id, id, id);
    }

    private static JsonNode stored(ApiClient api, String id) {
        return await().atMost(WAIT).until(() -> api.get("/api/v1/events?id=" + id).json().get("events"),
                events -> events.size() == 1).get(0);
    }

    private Optional<SpanData> server(String traceId) {
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getKind() == SpanKind.SERVER && span.getTraceId().equals(traceId)).findFirst();
    }

    private Optional<SpanData> span(String name, String eventId) {
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getName().equals(name) && eventId.equals(eventId(span))).findFirst();
    }

    private static String eventId(SpanData span) {
        return span.getAttributes().get(AttributeKey.stringKey("cloudevents.event_id"));
    }

    /** A Server-Sent Events subscriber of the tenant's live stream: the lines it received. */
    private record LiveStream(InputStream body, List<String> lines) implements AutoCloseable {

        static LiveStream open(String base, String key) throws IOException, InterruptedException {
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(base + "/api/v1/stream")).header("X-API-Key", key).header("Accept", "text/event-stream")
                    .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            LiveStream stream = new LiveStream(response.body(), new CopyOnWriteArrayList<>());
            Thread.ofVirtual().start(() -> {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        stream.lines().add(line);
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            await().atMost(WAIT).until(() -> stream.lines().contains(":ok")); // joined the fan-out: live from here
            return stream;
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }
}
