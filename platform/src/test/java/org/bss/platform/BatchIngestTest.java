package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Batch mode answers per event; size limits answer 413. */
class BatchIngestTest extends ApiTest {

    static final String BATCH = "application/cloudevents-batch+json";

    ApiClient api;

    @BeforeEach
    void newTenant() {
        api = newTenantClient("batch");
    }

    static String payment(String id, String amount) {
        return """
                {"specversion":"1.0","type":"payment.created","id":"%s","source":"/billing","time":"2025-11-07T10:30:00Z",
                 "data":{"amount":%s,"currency":"EUR","customer_id":"c-9"}}""".formatted(id, amount);
    }

    static String batch(List<String> events) {
        return "[" + String.join(",", events) + "]";
    }

    @Test
    void aBatchOfValidEventsIsAllAccepted() {
        List<String> events = IntStream.range(0, 50).mapToObj(i -> payment("b-" + i, "10.00")).toList();

        ApiClient.Response response = api.post("/api/v1/events", BATCH, batch(events));

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        JsonNode body = response.json();
        assertThat(body.get("accepted").asInt()).isEqualTo(50);
        assertThat(body.get("rejected").asInt()).isZero();
        assertThat(body.get("results").valueStream().map(r -> r.get("status").asString())).containsOnly("accepted");
        assertThat(body.get("results").get(7).get("index").asInt()).isEqualTo(7);
        assertThat(body.get("results").get(7).get("id").asString()).isEqualTo("b-7");
    }

    @Test
    void aMixedBatchIs207AndNamesEachRejectedField() {
        String events = batch(List.of(
                payment("ok-1", "1.00"),
                payment("bad-amount", "-5"),
                "{\"specversion\":\"1.0\",\"type\":\"payment.created\",\"source\":\"/billing\"}",
                payment("ok-2", "2.00").replace("\"time\":\"2025-11-07T10:30:00Z\"", "\"time\":\"soon\"")));

        ApiClient.Response response = api.post("/api/v1/events", BATCH, events);

        assertThat(response.status()).as(response.toString()).isEqualTo(207);
        JsonNode results = response.json().get("results");
        assertThat(response.json().get("accepted").asInt()).isEqualTo(1);
        assertThat(response.json().get("rejected").asInt()).isEqualTo(3);
        assertThat(results.get(0).get("status").asString()).isEqualTo("accepted");
        assertThat(pointers(results.get(1))).containsExactly("/data/amount");
        assertThat(pointers(results.get(2))).containsExactly("/id");
        assertThat(pointers(results.get(3))).containsExactly("/time");
        assertThat(results.get(1).get("error").get("status").asInt()).isEqualTo(400);
    }

    @Test
    void aBatchWithNothingValidIs400() {
        ApiClient.Response response = api.post("/api/v1/events", BATCH, batch(List.of(payment("x", "0"), "{}")));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("accepted").asInt()).isZero();
        assertThat(response.json().get("results")).hasSize(2);
    }

    @Test
    void aBatchThatIsNotAnArrayOfObjectsIs400Problem() {
        for (String body : new String[] {"{}", "[1]", "[", "[] []", "[{\"id\":\"1\"},]", "[]"}) {
            ApiClient.Response response = api.post("/api/v1/events", BATCH, body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.contentType()).as(body).startsWith("application/problem+json");
        }
    }

    @Test
    void tooManyEventsOrTooManyBytesIs413() {
        List<String> many = IntStream.range(0, 1001).mapToObj(i -> payment("m-" + i, "1")).toList();
        ApiClient.Response tooMany = api.post("/api/v1/events", BATCH, batch(many));
        assertThat(tooMany.status()).isEqualTo(413);
        assertThat(tooMany.contentType()).startsWith("application/problem+json");
        assertThat(tooMany.json().get("detail").asString()).contains("1001").contains("1000");

        String padding = "x".repeat(200 * 1024);
        List<String> heavy = new ArrayList<>();
        for (int i = 0; i < 27; i++) {
            heavy.add(payment("h-" + i, "1").replace("\"customer_id\":\"c-9\"", "\"customer_id\":\"c-9\",\"note\":\"" + padding + "\""));
        }
        ApiClient.Response tooBig = api.post("/api/v1/events", BATCH, batch(heavy));
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(tooBig.json().get("detail").asString()).contains("5 MiB");
    }

    @Test
    void anEventOverTheEventLimitIs413AloneOrInABatch() {
        String huge = payment("huge", "1").replace("\"customer_id\":\"c-9\"",
                "\"customer_id\":\"c-9\",\"note\":\"" + "y".repeat(260 * 1024) + "\"");

        ApiClient.Response single = api.postEvent(huge);
        assertThat(single.status()).isEqualTo(413);
        assertThat(single.json().get("detail").asString()).contains("256 KiB");

        ApiClient.Response inBatch = api.post("/api/v1/events", BATCH, batch(List.of(payment("small", "1"), huge)));
        assertThat(inBatch.status()).isEqualTo(207);
        assertThat(inBatch.json().get("results").get(1).get("error").get("status").asInt()).isEqualTo(413);
    }

    private static List<String> pointers(JsonNode result) {
        assertThat(result.get("status").asString()).isEqualTo("rejected");
        return result.get("error").get("errors").valueStream().map(e -> e.get("pointer").asString())
                .collect(Collectors.toList());
    }
}
