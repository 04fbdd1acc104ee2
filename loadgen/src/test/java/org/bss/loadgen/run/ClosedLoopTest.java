package org.bss.loadgen.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClosedLoopTest {

    private static final byte[] EVENT = "{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"/s\",\"type\":\"order.placed\"}"
            .getBytes(StandardCharsets.UTF_8);

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private volatile int status = 202;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                        + exchange.getRequestHeaders().getFirst("Content-Type") + " " + new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            byte[] answer = "{\"status\":\"accepted\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI events() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/events");
    }

    @Test
    void aPostLoopSendsItsBodyAgainAndAgainAndCountsTheExpectedStatusAsAnswered() {
        ClosedLoop.Result result = ClosedLoop.run(events(), ClosedLoop.Request.post("application/cloudevents+json", EVENT, 202), 2,
                Duration.ZERO, Duration.ofMillis(500));

        assertThat(result.okPerSecond()).isPositive();
        assertThat(result.failed()).isZero();
        assertThat(requests).isNotEmpty().allSatisfy(request -> assertThat(request)
                .isEqualTo("POST /api/v1/events application/cloudevents+json " + new String(EVENT, StandardCharsets.UTF_8)));
    }

    @Test
    void answersWithAnotherStatusAreCountedAsFailedNotAnswered() {
        status = 200;

        ClosedLoop.Result result = ClosedLoop.run(events(), ClosedLoop.Request.post("application/cloudevents+json", EVENT, 202), 2,
                Duration.ZERO, Duration.ofMillis(500));

        assertThat(result.okPerSecond()).isZero();
        assertThat(result.failed()).isPositive();
    }

    @Test
    void aGetLoopSendsNoBodyAndCounts200AsAnswered() {
        status = 200;

        ClosedLoop.Result result = ClosedLoop.run(events(), 1, Duration.ZERO, Duration.ofMillis(300));

        assertThat(result.okPerSecond()).isPositive();
        assertThat(result.failed()).isZero();
        assertThat(requests).isNotEmpty().allSatisfy(request -> assertThat(request).isEqualTo("GET /api/v1/events null "));
    }
}
