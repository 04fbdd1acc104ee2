package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.bss.platform.tenancy.Scope;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code POST /api/v1/events} with a plain credential is answered before the security filter chain and MVC: the
 * caller sees what the chain would answer, and whatever the edge does not recognise is answered by the chain.
 */
class IngestEdgeTest extends ApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Those Spring Security's default header writers write. */
    private static final List<String> SECURITY_HEADERS = List.of("X-Content-Type-Options", "X-XSS-Protection",
            "Cache-Control", "Pragma", "Expires", "X-Frame-Options", "Strict-Transport-Security");

    @Autowired
    MeterRegistry meters;

    private static String event(String id) {
        return """
                {"specversion":"1.0","type":"acme.edge","source":"/edge","id":"%s","data":{"n":1}}""".formatted(id);
    }

    private HttpResponse<String> post(String key, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/events"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/cloudevents+json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private double ingestRequests(int status) {
        Timer timer = meters.find("http.server.requests").tag("uri", "/api/v1/events").tag("method", "POST")
                .tag("status", Integer.toString(status)).timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void anEventWithAPlainKeyIsAcceptedWithTheChainsHeadersAndCountedUnderItsPath() throws Exception {
        String key = TestTenants.newTenantKey(tenants, "edge");
        double before = ingestRequests(202);

        HttpResponse<String> answer = post(key, event("edge-1"));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(answer.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(answer.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        await().atMost(Duration.ofSeconds(30)).until(() -> ingestRequests(202) >= before + 1);
        // A cross-origin request is answered by the chain.
        HttpResponse<String> byTheChain = post(key, event("edge-1c"), "Origin", "https://elsewhere.example");
        assertThat(byTheChain.statusCode()).as(byTheChain.body()).isEqualTo(202);
        for (String name : SECURITY_HEADERS) {
            assertThat(answer.headers().allValues(name)).as(name).isEqualTo(byTheChain.headers().allValues(name));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> client(key).get("/api/v1/events?id=edge-1").json()
                .get("events").size() == 1);
    }

    @Test
    void whatTheEdgeDoesNotRecogniseIsAnsweredByTheChainAndNothingIsStored() throws Exception {
        String readOnly = TestTenants.newTenantKey(tenants, "edge-ro", Scope.EVENTS_READ);
        String writer = TestTenants.newTenantKey(tenants, "edge-w");

        HttpResponse<String> noScope = post(readOnly, event("edge-2"));
        assertThat(noScope.statusCode()).isEqualTo(403);
        assertThat(noScope.body()).contains("urn:bss:problem:forbidden");

        HttpResponse<String> unknownKey = post("bss_notAKeyThatWasEverIssuedAtAll0123456789abc", event("edge-3"));
        assertThat(unknownKey.statusCode()).isEqualTo(401);
        assertThat(unknownKey.headers().firstValue("WWW-Authenticate")).isPresent();

        HttpResponse<String> none = post(null, event("edge-4"));
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        HttpResponse<String> actingAs = post(writer, event("edge-5"), "BSS-Tenant", "someone-else");
        assertThat(actingAs.statusCode()).isEqualTo(403);
        assertThat(actingAs.body()).contains("BSS-Tenant");

        // No CORS rule covers ingest: a cross-origin request is the chain's to answer, as a same-origin one.
        HttpResponse<String> crossOrigin = post(writer, event("edge-6"), "Origin", "https://elsewhere.example");
        assertThat(crossOrigin.statusCode()).isEqualTo(202);
        assertThat(crossOrigin.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        assertThat(post(writer, event("edge-7")).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> client(writer).get("/api/v1/events?id=edge-7").json()
                .get("events").size() == 1);
        assertThat(client(writer).get("/api/v1/events").json().get("events")).extracting(e -> e.get("id").asString())
                .containsExactlyInAnyOrder("edge-6", "edge-7");
        assertThat(client(readOnly).get("/api/v1/events").json().get("events")).isEmpty();
    }
}
