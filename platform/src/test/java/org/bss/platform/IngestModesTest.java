package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The official CloudEvents Java SDK is the client, in binary and structured mode, and its Kafka deserializer
 * reads back from bss.events exactly the event that was sent.
 */
class IngestModesTest extends ApiTest {


    String key;
    ApiClient api;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void newTenant() {
        key = TestTenants.newTenantKey(tenants, "modes");
        api = client(key);
    }

    static CloudEvent orderPlaced(String id) {
        return CloudEventBuilder.v1()
                .withId(id)
                .withSource(URI.create("urn:event-source:simulator:v1"))
                .withType("order.placed")
                .withSubject("order/1c2b3a49")
                .withTime(OffsetDateTime.parse("2025-11-07T10:30:01Z"))
                .withDataContentType("application/json")
                .withExtension("channel", "web shop %1")
                .withData("""
                        {"order_id":"1c2b3a49","customer_id":"c-1","amount":249.99,"currency":"USD",\
                        "items":[{"product_id":"p-100","quantity":2,"price":99.99},{"product_id":"p-200","quantity":1,"price":50.01}],\
                        "payment_method":"card"}""".getBytes(StandardCharsets.UTF_8))
                .build();
    }

    private HttpResponse<String> send(Map<String, String> headers, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/events"))
                .header("X-API-Key", key)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> sendBinary(CloudEvent event) throws IOException, InterruptedException {
        Map<String, String> headers = new LinkedHashMap<>();
        AtomicReference<byte[]> body = new AtomicReference<>(new byte[0]);
        HttpMessageFactory.createWriter(headers::put, body::set).writeBinary(event);
        return send(headers, body.get());
    }

    private HttpResponse<String> sendStructured(CloudEvent event) throws IOException, InterruptedException {
        Map<String, String> headers = new LinkedHashMap<>();
        AtomicReference<byte[]> body = new AtomicReference<>(new byte[0]);
        HttpMessageFactory.createWriter(headers::put, body::set).writeStructured(event, JsonFormat.CONTENT_TYPE);
        return send(headers, body.get());
    }

    /** The event less what the platform adds: its tenant, and the trace context of the request that sent it. */
    private static CloudEvent withoutTenant(CloudEvent event) {
        assertThat(event.getExtension("traceparent")).asString().matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
        return CloudEventBuilder.v1(event).withoutExtension("tenantid").withoutExtension("traceparent").build();
    }

    @Test
    void binaryModeFromTheSdkIsReadBackFromKafkaByTheSdk() throws Exception {
        CloudEvent sent = orderPlaced("bin-" + UUID.randomUUID());
        try (TopicReader topic = new TopicReader(bootstrapServers, "bss.events")) {
            HttpResponse<String> response = sendBinary(sent);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            List<ConsumerRecord<String, CloudEvent>> records = topic.readUntil(e -> e.getId().equals(sent.getId()));
            CloudEvent received = records.getLast().value();
            assertThat(withoutTenant(received)).isEqualTo(sent);
            assertThat(received.getExtension("tenantid")).asString().startsWith("modes-");
            assertThat(records.getLast().key()).isEqualTo(received.getExtension("tenantid") + "/order/1c2b3a49");
        }
    }

    @Test
    void structuredModeFromTheSdkIsReadBackFromKafkaByTheSdk() throws Exception {
        CloudEvent sent = orderPlaced("str-" + UUID.randomUUID());
        try (TopicReader topic = new TopicReader(bootstrapServers, "bss.events")) {
            HttpResponse<String> response = sendStructured(sent);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            CloudEvent received = topic.readUntil(e -> e.getId().equals(sent.getId())).getLast().value();
            assertThat(withoutTenant(received)).isEqualTo(sent);
        }
    }

    @Test
    void binaryDataThatIsNotJsonIsKeptAsBytes() throws Exception {
        byte[] bytes = {0, 1, 2, (byte) 0xFF, '\n', '\\'};
        CloudEvent sent = CloudEventBuilder.v1().withId("raw-" + UUID.randomUUID()).withSource(URI.create("/meters/m-7"))
                .withType("acme.meter.raw").withDataContentType("application/octet-stream").withData(bytes).build();

        assertThat(sendBinary(sent).statusCode()).isEqualTo(202);

        JsonNode stored = await().atMost(Duration.ofSeconds(60)).until(() -> api.get(
                "/api/v1/events?source=%2Fmeters%2Fm-7&id=" + sent.getId()).json().get("events"), e -> e.size() == 1).get(0);
        assertThat(stored.get("datacontenttype").asString()).isEqualTo("application/octet-stream");
        assertThat(Base64.getDecoder().decode(stored.get("data_base64").asString())).isEqualTo(bytes);
    }

    @Test
    void plainJsonWithSpecversionIsStructuredAndBinaryHeadersArePercentDecoded() throws Exception {
        String id = "json-" + UUID.randomUUID();
        ApiClient.Response plain = api.post("/api/v1/events", "application/json; charset=utf-8", """
                {"specversion":"1.0","type":"acme.note","source":"/notes","id":"%s","data":{"text":"hi"}}""".formatted(id));
        assertThat(plain.status()).as(plain.toString()).isEqualTo(202);

        String binaryId = "enc-" + UUID.randomUUID();
        HttpResponse<String> binary = send(Map.of("ce-specversion", "1.0", "ce-id", binaryId, "ce-source", "/notes",
                "ce-type", "acme.note", "ce-note", "caf%C3%A9 %25 done", "Content-Type", "application/json"),
                "{\"text\":\"binary\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(binary.statusCode()).as(binary.body()).isEqualTo(202);

        JsonNode stored = await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/v1/events?source=%2Fnotes&id="
                + URLEncoder.encode(binaryId, StandardCharsets.UTF_8)).json().get("events"), e -> e.size() == 1).get(0);
        assertThat(stored.get("note").asString()).isEqualTo("café % done");
        assertThat(stored.get("data").get("text").asString()).isEqualTo("binary");
    }

    @Test
    void jsonDataThatIsNotUtf8IsRefusedNotDeadLettered() throws Exception {
        HttpResponse<String> response = send(Map.of("ce-specversion", "1.0", "ce-id", "utf16-" + UUID.randomUUID(),
                "ce-source", "/notes", "ce-type", "acme.note", "Content-Type", "application/json"),
                "{\"text\":\"hi\"}".getBytes(StandardCharsets.UTF_16LE));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("\"pointer\":\"/data\"");
    }

    @Test
    void aSourceThatJavaNetUriRefusesButRfc3986AllowsIsAcceptedAndStored() {
        String id = "urn-" + UUID.randomUUID();
        ApiClient.Response accepted = api.postEvent(
                "{\"specversion\":\"1.0\",\"type\":\"acme.note\",\"source\":\"urn:\",\"id\":\"" + id
                        + "\",\"data\":{\"text\":\"x\"}}");

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> api.get("/api/v1/events?source=urn%3A&id=" + id).json().get("events").size() == 1);
    }

    @Test
    void binaryModeNamesTheBadHeader() throws Exception {
        HttpResponse<String> response = send(Map.of("ce-specversion", "1.0", "ce-id", "x", "ce-source", "/s",
                "ce-type", "acme.note", "ce-time", "not-a-time", "Content-Type", "application/json"), "{}".getBytes());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"pointer\":\"/time\"");
    }

    @Test
    void unsupportedMediaTypesAnd404And405AreProblems() {
        ApiClient.Response xml = api.post("/api/v1/events", "application/cloudevents+xml", "<event/>");
        assertThat(xml.status()).isEqualTo(415);
        assertThat(xml.contentType()).startsWith("application/problem+json");
        ApiClient.Response none = api.post("/api/v1/events", null, "{}");
        assertThat(none.status()).isEqualTo(415);

        ApiClient.Response missing = api.get("/api/v1/nothing-here");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        ApiClient.Response method = api.delete("/api/v1/events");
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.contentType()).startsWith("application/problem+json");
    }
}
