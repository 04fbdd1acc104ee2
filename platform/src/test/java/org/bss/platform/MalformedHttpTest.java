package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * Malformed requests sent as raw bytes over a socket, the way a broken or hostile client sends them: each is answered
 * with a 4xx {@code application/problem+json} whose {@code status} is the HTTP status, and nothing of it is stored.
 */
@ExtendWith(OutputCaptureExtension.class)
class MalformedHttpTest extends ApiTest {

    private String key;

    @BeforeEach
    void newTenant() {
        key = TestTenants.newTenantKey(tenants, "raw");
    }

    private String post(String contentType, String body, String... headers) {
        StringBuilder request = new StringBuilder("POST /api/v1/events HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + key + "\r\n");
        if (contentType != null) {
            request.append("Content-Type: ").append(contentType).append("\r\n");
        }
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return request.append("Content-Length: ").append(bytes.length).append("\r\nConnection: close\r\n\r\n")
                .append(new String(bytes, StandardCharsets.ISO_8859_1)).toString();
    }

    private static String event(String id, String type) {
        return """
                {"specversion":"1.0","id":"%s","source":"/billing","type":"%s","time":"2025-11-07T10:30:00Z",\
                "data":{"amount":10,"currency":"EUR","customer_id":"c-1"}}""".formatted(id, type);
    }

    @Test
    void aTypeHoldingU0000IsRefusedOnItsEnvelopeNotAnsweredAsAnOutage() throws IOException {
        RawHttp.Answer structured = RawHttp.exchange(port,
                post("application/cloudevents+json", event("nul-1", "\\u0000customer.created")));
        RawHttp.Answer binary = RawHttp.exchange(port, post("application/json", "{\"amount\":1}",
                "ce-specversion: 1.0", "ce-id: nul-2", "ce-source: /billing", "ce-type: a%00b"));

        for (RawHttp.Answer answer : java.util.List.of(structured, binary)) {
            answer.assertProblem(400);
            assertThat(answer.headers()).doesNotContainKey("retry-after");
            assertThat(answer.json().path("type").asString()).isEqualTo("urn:bss:problem:invalid-event");
            assertThat(answer.json().path("errors").get(0).path("pointer").asString()).isEqualTo("/type");
        }
        assertThat(client(key).get("/api/v1/events").json().path("events")).isEmpty();
    }

    @Test
    void inABatchOnlyTheMemberWhoseTypeHoldsU0000IsRefused() throws IOException {
        String batch = "[" + event("ok-1", "payment.created") + "," + event("nul-1", "payment\\u0000created") + ","
                + event("ok-2", "payment.created") + "]";

        RawHttp.Answer answer = RawHttp.exchange(port, post("application/cloudevents-batch+json", batch));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(207);
        JsonNode results = answer.json().path("results");
        assertThat(results.get(0).path("status").asString()).isEqualTo("accepted");
        assertThat(results.get(1).path("status").asString()).isEqualTo("rejected");
        assertThat(results.get(1).path("error").path("status").asInt()).isEqualTo(400);
        assertThat(results.get(1).path("error").path("errors").get(0).path("pointer").asString()).isEqualTo("/type");
        assertThat(results.get(2).path("status").asString()).isEqualTo("accepted");
    }

    @Test
    void aQueryParameterWithBadPercentEncodingIsAMalformedRequest() throws IOException {
        for (String query : java.util.List.of("type=%zz", "after=%zz", "limit=%zz", "source=%")) {
            RawHttp.Answer answer = RawHttp.exchange(port, "GET /api/v1/events?" + query + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "X-API-Key: " + key + "\r\nConnection: close\r\n\r\n");

            answer.assertProblem(400);
            assertThat(answer.json().path("type").asString()).as(query).isEqualTo("urn:bss:problem:malformed-request");
        }
    }

    @Test
    void aCeHeaderHoldingAByteTheFirewallRefusesIsAMalformedRequest() throws IOException {
        RawHttp.Answer answer = RawHttp.exchange(port, post("application/json", "{\"amount\":1}",
                "ce-specversion: 1.0", "ce-id: c1-1", "ce-source: /billing", "ce-type: a\u0085b"));

        answer.assertProblem(400);
        assertThat(answer.json().path("type").asString()).isEqualTo("urn:bss:problem:malformed-request");
        assertThat(client(key).get("/api/v1/events").json().path("events")).isEmpty();
    }

    @Test
    void aKeyTheFirewallRefusesIsNotQuotedInTheAnswer() throws IOException {
        String mangled = key.substring(0, 8) + "\u0085" + key.substring(8);

        RawHttp.Answer answer = RawHttp.exchange(port, post("application/cloudevents+json", event("fw-2", "payment.created"))
                .replace("X-API-Key: " + key, "X-API-Key: " + mangled));

        answer.assertProblem(400);
        assertThat(answer.body()).doesNotContain(key.substring(8));
    }

    @Test
    void aBodyWhoseFramingIsBrokenIsAMalformedRequestAndNoErrorOfThePlatform(CapturedOutput output) throws IOException {
        String event = event("framing-1", "payment.created");
        String head = "POST /api/v1/events HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + key
                + "\r\nContent-Type: application/cloudevents+json\r\n";
        RawHttp.Answer brokenChunkSize = RawHttp.exchange(port, head + "Transfer-Encoding: chunked\r\n\r\nzz\r\n" + event + "\r\n0\r\n\r\n");
        RawHttp.Answer chunkLargerThanItsData = RawHttp.exchange(port, head + "Transfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(event.length() + 100) + "\r\n" + event + "\r\n0\r\n\r\n");
        RawHttp.Answer shorterThanItsLength = RawHttp.exchange(port, head + "Content-Length: " + (event.length() + 50)
                + "\r\n\r\n" + event);

        for (RawHttp.Answer answer : java.util.List.of(brokenChunkSize, chunkLargerThanItsData, shorterThanItsLength)) {
            answer.assertProblem(400);
        }
        assertThat(output.getOut()).doesNotContain("Unexpected error");
        assertThat(client(key).get("/api/v1/events").json().path("events")).isEmpty();
    }

    @Test
    void aRequestTheFirewallRefusesIsAMalformedRequest() throws IOException {
        for (String requestLine : java.util.List.of("BREW /api/v1/events", "P0ST /api/v1/events", "post /api/v1/events",
                "POST /api/v1//events", "POST /api/v1/./events")) {
            RawHttp.Answer answer = RawHttp.exchange(port, post("application/cloudevents+json", event("fw-1", "payment.created"))
                    .replaceFirst("POST /api/v1/events", requestLine));

            answer.assertProblem(400);
            assertThat(answer.json().path("type").asString()).as(requestLine).isEqualTo("urn:bss:problem:malformed-request");
        }
        assertThat(client(key).get("/api/v1/events").json().path("events")).isEmpty();
    }

    @Test
    void traceIsNotAllowed() throws IOException {
        RawHttp.Answer answer = RawHttp.exchange(port, "TRACE /api/v1/events HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + key
                + "\r\nConnection: close\r\n\r\n");

        answer.assertProblem(405);
        assertThat(answer.body()).doesNotContain(key);
    }

    @Test
    void theErrorPathAskedForDirectlyIsNotFound() throws IOException {
        for (String method : java.util.List.of("GET", "POST")) {
            RawHttp.Answer answer = RawHttp.exchange(port, method + " /error HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + key
                    + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");

            answer.assertProblem(404);
            assertThat(answer.json().path("type").asString()).isEqualTo("urn:bss:problem:not-found");
        }
    }

    /** Requests Tomcat refuses before the application sees them, each by the request's head. */
    @Test
    void requestsTomcatRefusesBeforeTheApplicationAreProblems() throws IOException {
        String event = event("tomcat-1", "payment.created");
        String body = "\r\n\r\n" + event;
        String start = "POST /api/v1/events HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + key + "\r\nContent-Type: application/cloudevents+json\r\n";
        String length = "Content-Length: " + event.length();
        java.util.Map<String, String> requests = new java.util.LinkedHashMap<>();
        requests.put("two Content-Length headers", start + length + "\r\n" + "Content-Length: 3" + body);
        requests.put("negative Content-Length", start + "Content-Length: -1" + body);
        requests.put("huge Content-Length", start + "Content-Length: 99999999999999999999999" + body);
        requests.put("Content-Length not a number", start + "Content-Length: ten" + body);
        requests.put("over 100 headers", start + length + "\r\n" + "X-Many: 1\r\n".repeat(120) + body.substring(2));
        requests.put("a head over 8 KiB", start + length + "\r\nX-Long: " + "v".repeat(9000) + body);
        requests.put("control character in a header", start + length + "\r\nX-Control: a\u0001b" + body);
        requests.put("bare CR in a header", start + length + "\r\nX-Cr: a\rb" + body);
        requests.put("no Host", start.replace("Host: localhost\r\n", "") + length + body);
        requests.put("two Host headers", start + "Host: other\r\n" + length + body);
        requests.put("method PO ST", start.replace("POST /", "PO ST /") + length + body);
        requests.put("%00 in the path", start.replace("/api/v1/events", "/api/v1/events%00") + length + body);
        requests.put("path *", start.replace("/api/v1/events", "*") + length + body);
        requests.put("space in the path", start.replace("/api/v1/events", "/api/v1/ev ents") + length + body);
        requests.put("Transfer-Encoding xchunked", start + "Transfer-Encoding: xchunked" + body);
        requests.put("Transfer-Encoding gzip, chunked", start + "Transfer-Encoding: gzip, chunked\r\n\r\n"
                + Integer.toHexString(event.length()) + "\r\n" + event + "\r\n0\r\n\r\n");
        requests.put("CONNECT", start.replace("POST /api/v1/events", "CONNECT localhost:443") + length + body);
        requests.put("version HTTP/1", start.replace("HTTP/1.1", "HTTP/1") + length + body);
        requests.put("version HTTP/1.12", start.replace("HTTP/1.1", "HTTP/1.12") + length + body);
        requests.put("version HTTP/2.0", start.replace("HTTP/1.1", "HTTP/2.0") + length + body);

        for (var request : requests.entrySet()) {
            RawHttp.Answer answer = RawHttp.exchange(port, request.getValue());

            assertThat(answer.status()).as(request.getKey() + ": " + answer).isEqualTo(400);
            answer.assertProblem(400);
            assertThat(answer.json().path("type").asString()).as(request.getKey()).isEqualTo("urn:bss:problem:malformed-request");
        }
        assertThat(client(key).get("/api/v1/events").json().path("events")).isEmpty();
    }

    @Test
    void anHttp09RequestIsClosedWithoutAnAnswerForNoneCouldSayWhatWentWrong() throws IOException {
        for (String request : java.util.List.of("LOST /api/v1/events\r\n", "GET /api/v1/events\r\n")) {
            RawHttp.Answer answer = RawHttp.exchange(port, request);

            assertThat(answer.status()).as(request).isZero();
            assertThat(answer.body()).as(request).isEmpty();
        }
    }

    /**
     * Tomcat hands a connection's processor to the next connection; one whose last request was HTTP/0.9 answered the
     * next unreadable request line without a status line, unless the platform clears that.
     */
    @Test
    void aRequestLineTomcatCannotReadAfterAnHttp09RequestIsStillAnsweredWithAStatusLine() throws IOException {
        String tail = " HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + key + "\r\nContent-Length: 2\r\n\r\n{}";
        java.util.List<String> unreadable = java.util.List.of("POST\u0000 /api/v1/events" + tail,
                "POST /api/v1/events?a=" + "x".repeat(70_000) + tail, "PO{ST /api/v1/events" + tail);

        for (int round = 0; round < 10; round++) {
            for (String request : unreadable) {
                RawHttp.exchange(port, "GET /api/v1/events\r\n");

                RawHttp.Answer answer = RawHttp.exchange(port, request);

                assertThat(answer.status()).as(request.substring(0, 12) + ": " + answer).isEqualTo(400);
                answer.assertProblem(400);
            }
        }
    }
}
