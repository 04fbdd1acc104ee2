package org.bss.loadgen.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.bss.loadgen.platform.PlatformClient.TenantKey;
import org.bss.loadgen.report.Interval;
import org.bss.loadgen.report.Reads;
import org.bss.loadgen.report.Totals;
import org.bss.loadgen.traffic.Anomaly;
import org.bss.loadgen.traffic.EventMix;
import org.bss.loadgen.traffic.GeneratedEvent;
import org.bss.loadgen.traffic.Traffic;
import org.bss.loadgen.verify.AcceptedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The driver against a minimal keep-alive HTTP server. */
class DriverTest {

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path folder;

    @Test
    void aWarmUpAndTheMeasuredRunShareTheirConnections() throws Exception {
        try (KeepAliveServer server = new KeepAliveServer(request -> KeepAliveServer.answer(202, "{}"));
                AcceptedLog accepted = AcceptedLog.create(folder.resolve("accepted.tsv"))) {
            TenantKey tenant = new TenantKey("t1", "key");
            Driver.Settings settings = new Driver.Settings(server.uri(), 1, 4, Duration.ofSeconds(5));
            Totals warmUp;
            Totals measured;
            try (Driver driver = new Driver(settings, List.of(new Driver.Sender(tenant,
                    new Traffic("t1", EventMix.plan(), 1, Clock.systemUTC()))), accepted, QUIET)) {
                warmUp = driver.run(Scenario.Constant.steady(200, Duration.ofMillis(500)), "warm-up ");
                measured = driver.run(Scenario.Constant.steady(200, Duration.ofMillis(500)), "");
            }

            assertThat(warmUp.eventsAccepted()).isEqualTo(100);
            assertThat(measured.eventsAccepted()).isEqualTo(100);
            assertThat(measured.errors()).isZero();
            assertThat(measured.reads()).isEqualTo(Reads.NONE);
            assertThat(server.connections()).as("connections opened over both runs").isBetween(1, 4);
        }
    }

    @Test
    void readsAskForAcceptedCustomersAndAreCountedApartFromTheWrites() throws Exception {
        CustomerPlatform platform = new CustomerPlatform();
        Path acceptedFile = folder.resolve("accepted.tsv");
        Totals totals;
        try (KeepAliveServer server = new KeepAliveServer(platform);
                AcceptedLog accepted = AcceptedLog.create(acceptedFile)) {
            Driver.Settings settings = new Driver.Settings(server.uri(), 1, 4, Duration.ofSeconds(5), 30);
            List<Driver.Sender> senders = List.of(
                    new Driver.Sender(new TenantKey("t1", "key-1"), new Traffic("t1", EventMix.plan(), 1, Clock.systemUTC())),
                    new Driver.Sender(new TenantKey("t2", "key-2"), new Traffic("t2", EventMix.plan(), 2, Clock.systemUTC())));
            try (Driver driver = new Driver(settings, senders, accepted, QUIET)) {
                totals = driver.run(Scenario.Constant.steady(2_000, Duration.ofSeconds(1)), "");
            }
        }

        Reads reads = totals.reads();
        assertThat(totals.requests() + reads.sent()).as("each of the 2,000 scheduled requests reads or writes")
                .isEqualTo(2_000);
        assertThat(reads.sent()).isPositive().isLessThan(2_000 * 2 / 5);
        assertThat(reads.answered()).isEqualTo(reads.sent());
        assertThat(reads.statusCounts()).isEqualTo(platform.readStatuses());
        assertThat(reads.ok()).isPositive();
        assertThat(reads.notYet()).isPositive();
        assertThat(reads.failed()).isPositive();
        assertThat(platform.readsOfCustomersNotAcceptedForTheirKey()).isEmpty();

        assertThat(totals.requests()).isEqualTo(platform.writes());
        assertThat(totals.responses()).isEqualTo(platform.writes());
        assertThat(totals.statusCounts()).as("the writes' answers only").isEqualTo(platform.writeStatuses());
        assertThat(totals.errors()).as("refused customers").isPositive();
        assertThat(totals.eventsAccepted()).isEqualTo(platform.writeStatuses().get(202));
        assertThat(Files.readAllLines(acceptedFile)).as("what verify checks: accepted writes only")
                .hasSize((int) totals.eventsAccepted());
        assertThat(totals.intervals().stream().mapToLong(i -> i.reads().answered()).sum()).isEqualTo(reads.answered());
        assertThat(totals.intervals().stream().mapToLong(Interval::responses).sum()).isEqualTo(totals.responses());
    }

    @Test
    void anAnomalyInjectedIntoOneTenantLeavesTheOthersEventsAndRateAsTheyWere() throws Exception {
        Map<String, List<GeneratedEvent>> received = new ConcurrentHashMap<>();
        Instant start = Instant.parse("2025-11-07T10:30:00Z");
        Traffic injected = new Traffic("t1", EventMix.plan(), 1, new SteppingClock(start));
        injected.inject(Anomaly.ORDER_DROP, start.toEpochMilli(), start.toEpochMilli() + 3_600_000);
        Traffic other = new Traffic("t2", EventMix.plan(), 2, new SteppingClock(start));
        try (KeepAliveServer server = new KeepAliveServer(request -> {
                    received.computeIfAbsent(request.apiKey(), k -> new CopyOnWriteArrayList<>()).add(new GeneratedEvent(
                            "-", "-", "-", null, request.body()));
                    return KeepAliveServer.answer(202, "{}");
                });
                AcceptedLog accepted = AcceptedLog.create(folder.resolve("accepted.tsv"));
                Driver driver = new Driver(new Driver.Settings(server.uri(), 1, 1, Duration.ofSeconds(5)),
                        List.of(new Driver.Sender(new TenantKey("t1", "key-1"), injected),
                                new Driver.Sender(new TenantKey("t2", "key-2"), other)), accepted, QUIET)) {
            driver.run(Scenario.Constant.steady(400, Duration.ofMillis(500)), "");
        }

        Traffic asSeeded = new Traffic("t2", EventMix.plan(), 2, new SteppingClock(start));
        assertThat(received.get("key-2")).as("the other tenant's turn in the 200 requests, its events as its seed makes them")
                .hasSize(100).allSatisfy(event -> assertThat(new String(event.json(), StandardCharsets.UTF_8))
                        .isEqualTo(new String(asSeeded.next().json(), StandardCharsets.UTF_8)));
        assertThat(received.get("key-1")).as("the injected tenant, some of its orders dropped").hasSizeLessThan(100);
    }

    /** Moves on a millisecond each time it is read. */
    private static final class SteppingClock extends Clock {
        private long millis;

        SteppingClock(Instant start) {
            millis = start.toEpochMilli();
        }

        @Override
        public long millis() {
            return millis++;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    /**
     * Answers POST /api/v1/events 202, but 400 to a quarter of the customer.created events (by id); and
     * GET /api/v1/customers/{id} 200, 404 or 500, by id. Remembers what it answered.
     */
    private static final class CustomerPlatform implements Function<Request, byte[]> {
        private static final JsonMapper JSON = JsonMapper.builder().build();
        private final Map<String, String> keyOfAccepted = new ConcurrentHashMap<>();
        private final Set<String> misreads = ConcurrentHashMap.newKeySet();
        private final Map<Integer, Long> writeStatuses = new ConcurrentHashMap<>();
        private final Map<Integer, Long> readStatuses = new ConcurrentHashMap<>();

        @Override
        public byte[] apply(Request request) {
            if (request.method().equals("POST") && request.path().equals("/api/v1/events")) {
                int status = write(request);
                writeStatuses.merge(status, 1L, Long::sum);
                return KeepAliveServer.answer(status, "{}");
            }
            String prefix = "/api/v1/customers/";
            if (request.method().equals("GET") && request.path().startsWith(prefix)) {
                String id = request.path().substring(prefix.length());
                if (!request.apiKey().equals(keyOfAccepted.get(id))) {
                    misreads.add(id + " read with " + request.apiKey());
                }
                int status = switch (Math.floorMod(id.hashCode() >> 2, 3)) {
                    case 0 -> 200;
                    case 1 -> 404;
                    default -> 500;
                };
                readStatuses.merge(status, 1L, Long::sum);
                return KeepAliveServer.answer(status, status == 200 ? "{\"customer_id\":\"" + id + "\"}" : "{}");
            }
            return KeepAliveServer.answer(405, "{}");
        }

        private int write(Request request) {
            JsonNode event = JSON.readTree(request.body());
            if (!event.path("type").asString().equals("customer.created")) {
                return 202;
            }
            String id = event.path("data").path("customer_id").asString();
            if (Math.floorMod(id.hashCode(), 4) == 0) {
                return 400;
            }
            keyOfAccepted.put(id, request.apiKey()); // before the answer: the driver reads only what it saw accepted
            return 202;
        }

        long writes() {
            return writeStatuses.values().stream().mapToLong(Long::longValue).sum();
        }

        Map<Integer, Long> writeStatuses() {
            return new TreeMap<>(writeStatuses);
        }

        Map<Integer, Long> readStatuses() {
            return new TreeMap<>(readStatuses);
        }

        Set<String> readsOfCustomersNotAcceptedForTheirKey() {
            return misreads;
        }
    }

    /** A request as the server saw it. */
    private record Request(String method, String path, String apiKey, byte[] body) {
    }

    /** Accepts connections (counting them) and answers each request on them as told, keeping them open. */
    private static final class KeepAliveServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger connections = new AtomicInteger();
        private final Function<Request, byte[]> answers;

        KeepAliveServer(Function<Request, byte[]> answers) throws IOException {
            this.answers = answers;
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        connections.incrementAndGet();
                        Thread.ofVirtual().start(() -> serve(connection));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        static byte[] answer(int status, String json) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            String contentType = status >= 400 ? "application/problem+json" : "application/json";
            byte[] head = ("HTTP/1.1 " + status + " X\r\nContent-Type: " + contentType + "\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] answer = new byte[head.length + body.length];
            System.arraycopy(head, 0, answer, 0, head.length);
            System.arraycopy(body, 0, answer, head.length, body.length);
            return answer;
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        int connections() {
            return connections.get();
        }

        /** Reads a head and Content-Length bytes of body, answers; until the client closes. */
        private void serve(Socket connection) {
            try (connection; InputStream in = connection.getInputStream(); OutputStream out = connection.getOutputStream()) {
                StringBuilder head = new StringBuilder();
                int b;
                while ((b = in.read()) >= 0) {
                    head.append((char) b);
                    if (head.length() >= 4 && head.lastIndexOf("\r\n\r\n") == head.length() - 4) {
                        String[] lines = head.toString().split("\r\n");
                        String[] requestLine = lines[0].split(" ");
                        byte[] body = in.readNBytes(Integer.parseInt(header(lines, "content-length", "0")));
                        out.write(answers.apply(new Request(requestLine[0], requestLine[1], header(lines, "x-api-key", ""), body)));
                        out.flush();
                        head.setLength(0);
                    }
                }
            } catch (IOException closed) {
                // the client went away
            }
        }

        private static String header(String[] lines, String name, String otherwise) {
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return otherwise;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
