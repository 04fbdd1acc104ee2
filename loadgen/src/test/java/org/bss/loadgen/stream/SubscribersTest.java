package org.bss.loadgen.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.bss.loadgen.platform.PlatformClient.PlatformException;
import org.bss.loadgen.platform.PlatformClient.TenantKey;
import org.bss.loadgen.report.Deliveries;
import org.bss.loadgen.report.RunRecorder;
import org.bss.loadgen.report.RunReport;
import org.bss.loadgen.traffic.GeneratedEvent;
import org.junit.jupiter.api.Test;

/** Subscribers against a minimal Server-Sent Events server on a socket. */
class SubscribersTest {

    private static final TenantKey A = new TenantKey("lg-a", "key-a");
    private static final TenantKey B = new TenantKey("lg-b", "key-b");
    private static final StreamFilter PLACED = StreamFilter.parse("type=order.placed");
    private static final String STREAM_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream;charset=UTF-8\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n";

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final PrintStream progress = new PrintStream(console, true, StandardCharsets.UTF_8);

    @Test
    void eachSubscriberAsksWithItsTenantsKeyAndTheQueryWaitsForOkAndCountsWhatItReads() throws Exception {
        long okAfterMillis = 300;
        try (SseServer server = new SseServer((request, stream) -> {
            stream.head(STREAM_HEAD);
            sleep(okAfterMillis);
            stream.chunk(":ok\n\n");
        })) {
            Ledger ledger = new Ledger(List.of(A, B), PLACED);
            long opening = System.nanoTime();
            Deliveries deliveries;
            try (Subscribers subscribers = Subscribers.open(settings(server, 3, Duration.ofSeconds(5)), ledger, progress)) {
                assertThat((System.nanoTime() - opening) / 1_000_000).as("open waits for ':ok'")
                        .isGreaterThanOrEqualTo(okAfterMillis);
                assertThat(server.requests()).hasSize(3).allSatisfy(request -> {
                    assertThat(request.line()).isEqualTo("GET /api/v1/stream?type=order.placed HTTP/1.1");
                    assertThat(request.header("accept")).isEqualTo("text/event-stream");
                    assertThat(request.header("last-event-id")).isNull();
                });
                assertThat(server.requests()).extracting(r -> r.header("x-api-key"))
                        .as("spread over the tenants in turn").containsExactlyInAnyOrder("key-a", "key-b", "key-a");

                GeneratedEvent a1 = event(A, "a1");
                GeneratedEvent a2 = event(A, "a2");
                GeneratedEvent b1 = event(B, "b1");
                GeneratedEvent a3 = event(A, "a3");
                sent(ledger, A, a1, 202);
                sent(ledger, A, a2, 202);
                sent(ledger, B, b1, 202);
                sent(ledger, A, a3, 503);
                server.publish("key-a", frame("1-1", a1) + ": heartbeat\r\n\r\n" + frame("1-2", a2) + frame("1-2", a2)
                        + frame("9-9", b1));
                server.publish("key-b", frame("2-1", b1));

                deliveries = subscribers.settle(Duration.ofSeconds(5), progress);
            }

            assertThat(deliveries.subscribers()).containsExactly(
                    new Deliveries.Subscriber(1, "lg-a", 2, 2, 1, 1, 0, 0, 0),
                    new Deliveries.Subscriber(2, "lg-b", 1, 1, 0, 0, 0, 0, 0),
                    new Deliveries.Subscriber(3, "lg-a", 2, 2, 1, 1, 0, 0, 0));
            assertThat(deliveries.latency().count()).isEqualTo(5);
            assertThat(deliveries.settled()).startsWith("every expected event delivered, ");
            String text = new RunReport("r", Map.of(), Map.of(), new RunRecorder(0).totals(), null, deliveries, null, List.of())
                    .text();
            assertThat(text).contains("subscribers  3 over 2 tenants, each with its tenant's key: "
                    + "GET /api/v1/stream?type=order.placed\n", "delivered    5 (100.00%)\n", "missed       0 ",
                    "duplicates   2 ", "unexpected   2 ")
                    .containsPattern("deliveries +p50 +p99 +p99.9 +max\n  [- ]+\n +5 ");
            assertThat(console.toString()).contains("stream: 3 subscribers live over 2 tenants: GET /api/v1/stream?type=order.placed");
        }
    }

    @Test
    void aStreamCutOffAsTooSlowIsResumedAfterTheLastEventRead() throws Exception {
        GeneratedEvent a1 = event(A, "a1");
        GeneratedEvent a2 = event(A, "a2");
        GeneratedEvent a3 = event(A, "a3");
        try (SseServer server = new SseServer((request, stream) -> {
            stream.head(STREAM_HEAD);
            stream.chunk(":ok\n\n");
            if (request.header("last-event-id") == null) {
                stream.await();
                stream.chunk(frame("5-1", a1) + frame("5-2", a2));
                stream.chunk("event: stream.overflow\nid: 5-9\ndata: {\"specversion\":\"1.0\",\"id\":\"o1\","
                        + "\"source\":\"/stream\",\"type\":\"stream.overflow\",\"data\":{\"position\":\"5-9\"}}\n\n");
                stream.chunk("0\r\n\r\n");
            } else {
                stream.chunk(frame("5-3", a3));
            }
        })) {
            Ledger ledger = new Ledger(List.of(A), StreamFilter.ALL);
            Deliveries deliveries;
            try (Subscribers subscribers = Subscribers.open(settings(server, 1, Duration.ofSeconds(5)), ledger, progress)) {
                sent(ledger, A, a1, 202);
                sent(ledger, A, a2, 202);
                sent(ledger, A, a3, 202);
                server.release();
                deliveries = subscribers.settle(Duration.ofSeconds(10), progress);
            }

            assertThat(server.requests()).hasSize(2);
            assertThat(server.requests().get(1).header("last-event-id")).as("the last event's, not the overflow's")
                    .isEqualTo("5-2");
            assertThat(server.requests().get(1).line()).isEqualTo("GET /api/v1/stream HTTP/1.1");
            assertThat(deliveries.subscribers()).containsExactly(new Deliveries.Subscriber(1, "lg-a", 3, 3, 0, 0, 0, 1, 1));
            assertThat(console.toString()).contains("stream: delivered 2 of 3 expected events; missing so far 1, at 1 of 1 subscribers");
        }
    }

    @Test
    void aRefusedSubscriptionStopsTheRunNamingTheSubscriberAndTheAnswer() throws Exception {
        String problem = "{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429,\"detail\":\"at most 1 subscription\"}";
        try (SseServer server = new SseServer((request, stream) -> {
            if (request.header("x-api-key").equals("key-b")) {
                stream.head("HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/problem+json\r\nContent-Length: "
                        + problem.length() + "\r\n\r\n" + problem);
            } else {
                stream.head(STREAM_HEAD);
                stream.chunk(":ok\n\n");
            }
        })) {
            assertThatThrownBy(() -> Subscribers.open(settings(server, 2, Duration.ofSeconds(5)),
                    new Ledger(List.of(A, B), PLACED), progress))
                    .isInstanceOf(PlatformException.class)
                    .hasMessage("subscriber 2 (lg-b): GET /api/v1/stream?type=order.placed answered 429: " + problem
                            + " (too many subscriptions for the tenant: fewer --subscribers, or more --tenants)");
        }
    }

    @Test
    void aSubscriptionThatDoesNotGoLiveInTimeStopsTheRun() throws Exception {
        try (SseServer server = new SseServer((request, stream) -> stream.head(STREAM_HEAD))) {
            assertThatThrownBy(() -> Subscribers.open(settings(server, 1, Duration.ofMillis(500)),
                    new Ledger(List.of(A), PLACED), progress))
                    .isInstanceOf(PlatformException.class)
                    .hasMessage("subscriber 1 (lg-a): GET /api/v1/stream?type=order.placed no ':ok' within 500ms: "
                            + "the subscription did not go live");
        }
    }

    @Test
    void noServerIsReportedAsSuch() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + port);
        assertThatThrownBy(() -> Subscribers.open(new Subscribers.Settings(nowhere, 1, PLACED, Duration.ofSeconds(5)),
                new Ledger(List.of(A), PLACED), progress))
                .isInstanceOf(PlatformException.class)
                .hasMessageStartingWith("subscriber 1 (lg-a): GET /api/v1/stream?type=order.placed cannot connect to 127.0.0.1:" + port);
    }

    private static Subscribers.Settings settings(SseServer server, int count, Duration timeout) {
        return new Subscribers.Settings(server.uri(), count, PLACED, timeout);
    }

    private static GeneratedEvent event(TenantKey tenant, String id) {
        String source = "/tenants/" + tenant.tenantId() + "/orders";
        String json = "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"" + source
                + "\",\"type\":\"order.placed\",\"data\":{\"order_id\":\"o-" + id + "\"}}";
        return new GeneratedEvent(id, source, "order.placed", "cus_1", json.getBytes(StandardCharsets.UTF_8));
    }

    private static void sent(Ledger ledger, TenantKey tenant, GeneratedEvent event, int status) {
        ledger.sending(tenant, List.of(event), System.nanoTime());
        ledger.answered(tenant, List.of(event), status, status == 202 ? List.of(event) : List.of());
    }

    private static String frame(String position, GeneratedEvent event) {
        return "id: " + position + "\r\nevent: " + event.type() + "\r\ndata: " + new String(event.json(), StandardCharsets.UTF_8)
                + "\r\n\r\n";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A request as the server read it. */
    record Request(String line, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name);
        }
    }

    /** One connection's answer, written as the test says. */
    static final class Stream {
        private final OutputStream out;
        private final SseServer server;

        Stream(OutputStream out, SseServer server) {
            this.out = out;
            this.server = server;
        }

        synchronized void head(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Writes the text as two chunks, cut in its middle, each flushed on its own. */
        synchronized void chunk(String text) throws IOException {
            if (text.startsWith("0\r\n")) {
                head(text);
                return;
            }
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            int half = bytes.length / 2;
            for (int[] part : new int[][] {{0, half}, {half, bytes.length}}) {
                out.write((Integer.toHexString(part[1] - part[0]) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes, part[0], part[1] - part[0]);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        }

        /** Waits until the test releases the server's streams. */
        void await() throws InterruptedException {
            server.released.await();
        }
    }

    /** Accepts connections, reads each request's head, records it and hands the connection to the test's answer. */
    static final class SseServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Request> requests = new CopyOnWriteArrayList<>();
        private final Map<String, List<Stream>> streamsByKey = new ConcurrentHashMap<>();
        private final List<Socket> connections = new CopyOnWriteArrayList<>();
        final CountDownLatch released = new CountDownLatch(1);

        interface Answer {
            void answer(Request request, Stream stream) throws Exception;
        }

        SseServer(Answer answer) throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        connections.add(connection);
                        Thread.ofVirtual().start(() -> serve(connection, answer));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        private void serve(Socket connection, Answer answer) {
            try {
                InputStream in = connection.getInputStream();
                StringBuilder head = new StringBuilder();
                int b;
                while ((b = in.read()) >= 0 && !(head.append((char) b).toString().endsWith("\r\n\r\n"))) {
                    // reading the head
                }
                String[] lines = head.toString().split("\r\n");
                Map<String, String> headers = new HashMap<>();
                for (int i = 1; i < lines.length; i++) {
                    int colon = lines[i].indexOf(':');
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
                }
                Request request = new Request(lines[0], headers);
                Stream stream = new Stream(connection.getOutputStream(), this);
                requests.add(request);
                streamsByKey.computeIfAbsent(headers.get("x-api-key"), k -> new CopyOnWriteArrayList<>()).add(stream);
                answer.answer(request, stream);
            } catch (Exception e) {
                // the client went away
            }
        }

        /** Writes frames to every stream opened with this key. */
        void publish(String apiKey, String frames) throws IOException {
            for (Stream stream : streamsByKey.getOrDefault(apiKey, List.of())) {
                stream.chunk(frames);
            }
        }

        void release() {
            released.countDown();
        }

        List<Request> requests() {
            return new ArrayList<>(requests);
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            released.countDown();
            socket.close();
            for (Socket connection : connections) {
                connection.close();
            }
        }
    }
}
