package org.bss.loadgen.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bss.loadgen.platform.PlatformClient;
import org.bss.loadgen.platform.PlatformClient.TenantKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verification while the platform restarts: a 503 between two pages of the store is waited out, and the pages read
 * before it are neither read again nor counted twice.
 */
class StoreCheckTest {

    @TempDir
    Path dir;
    HttpServer server;

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aPlatformThatCannotAnswerForAMomentIsAskedAgainFromWhereItStopped() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/events", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            int call = asked.incrementAndGet();
            if (call == 2) {
                answer(exchange, 503, "{\"status\":503,\"title\":\"Database unavailable\"}");
            } else if (!query.contains("after=")) {
                answer(exchange, 200, "{\"events\":[{\"id\":\"e-1\"}],\"next\":\"c-1\",\"more\":true}");
            } else {
                answer(exchange, 200, "{\"events\":[{\"id\":\"e-2\"}],\"next\":\"c-2\",\"more\":false}");
            }
        });
        server.start();
        Path accepted = dir.resolve("accepted.tsv");
        try (AcceptedLog log = AcceptedLog.create(accepted)) {
            log.accepted("t-1", "/loadgen", "e-1");
            log.accepted("t-1", "/loadgen", "e-2");
        }
        PlatformClient client = new PlatformClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                HttpClient.newHttpClient());

        Verification.Result result = new StoreCheck(client, new PrintStream(OutputStream.nullOutputStream()))
                .verify(List.of(new TenantKey("t-1", "k")), accepted, Duration.ofSeconds(30));

        assertThat(result.accepted()).isEqualTo(2);
        assertThat(result.stored()).isEqualTo(2);
        assertThat(result.missing()).isZero();
        assertThat(result.duplicated()).isZero();
        assertThat(asked).as("the first page, the 503, then the second page").hasValue(3);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
