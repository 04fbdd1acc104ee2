package org.bss.platform.replay.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.bss.model.envelope.BatchEntry;
import org.bss.model.envelope.BinaryMode;
import org.bss.model.envelope.CloudEvent;
import org.bss.model.envelope.StructuredFormat;
import org.bss.platform.bus.BusEvent;
import org.bss.platform.replay.WebhookSignature;
import org.bss.platform.replay.internal.ReplayTarget.WebhookMode;
import org.bss.platform.replay.internal.Sink.DeliveryException;
import org.bss.platform.replay.internal.Sink.Refusal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class WebhookSinkTest {

    private static final String SECRET = "s3cret-of-the-job";
    private static final String TENANT = "acme";
    private static final UUID JOB = UUID.randomUUID();
    private static final WebhookSettings FAST = new WebhookSettings(Duration.ofSeconds(2), Duration.ofSeconds(10), 8,
            Duration.ofMillis(1), Duration.ofSeconds(2));
    private static final HttpClient CLIENT = WebhookSink.client(FAST);

    private Receiver receiver;

    @BeforeEach
    void start() throws IOException {
        receiver = new Receiver(SECRET);
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @AfterAll
    static void closeClient() {
        CLIENT.shutdownNow();
    }

    @Test
    void binaryModeSendsEachEventInOrderAsTheIngestReadsIt() throws Exception {
        List<BusEvent> events = events(5);

        List<Refusal> refusals = sink(WebhookMode.BINARY, 1, FAST).deliver(events);

        assertThat(refusals).isEmpty();
        assertThat(receiver.requests).hasSize(5).allSatisfy(request -> {
            assertThat(request.signed()).isTrue();
            assertThat(request.headers().getFirst("BSS-Replay-Id")).isEqualTo(JOB.toString());
            assertThat(request.headers().getFirst("ce-replayid")).isEqualTo(JOB.toString());
            assertThat(request.headers().getFirst("ce-tenantid")).isEqualTo(TENANT);
            assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/json");
        });
        assertThat(receiver.events()).containsExactlyElementsOf(sent(events));
    }

    @Test
    void binaryModePercentEncodesHeaderValues() throws Exception {
        CloudEvent special = new CloudEvent("1.0", "id 1%", "/shops/zürich", "com.example.order.placed",
                "Zürich \"Süd\" 100% € ok", "2026-01-02T03:04:05Z", "text/plain; charset=utf-8", null,
                Map.of("tenantid", TENANT, "note", "a,b;c=d\té"), "grüezi".getBytes(StandardCharsets.UTF_8));
        BusEvent event = new BusEvent(TENANT, UUID.randomUUID(), Instant.now(), special);

        assertThat(sink(WebhookMode.BINARY, 1, FAST).deliver(List.of(event))).isEmpty();

        Headers headers = receiver.requests.getFirst().headers();
        assertThat(headers.getFirst("ce-subject")).isEqualTo("Z%C3%BCrich%20%22S%C3%BCd%22%20100%25%20%E2%82%AC%20ok");
        assertThat(headers.getFirst("ce-id")).isEqualTo("id%201%25");
        assertThat(headers.getFirst("ce-note")).isEqualTo("a,b;c=d%09%C3%A9");
        assertThat(headers.getFirst("ce-source")).isEqualTo("/shops/z%C3%BCrich");
        assertThat(receiver.requests.getFirst().signed()).isTrue();
        assertThat(receiver.events()).containsExactly(sent(List.of(event)).getFirst());
    }

    @Test
    void batchModeSendsStructuredEventsInBatchesOfTheBatchSize() throws Exception {
        List<BusEvent> events = new ArrayList<>(events(6));
        events.add(new BusEvent(TENANT, UUID.randomUUID(), Instant.now(), new CloudEvent("1.0", "bin", "/test",
                "com.example.blob.stored", null, null, "application/octet-stream", null, Map.of("tenantid", TENANT),
                new byte[] {0, 1, (byte) 0xFF})));

        assertThat(sink(WebhookMode.BATCH, 3, FAST).deliver(events)).isEmpty();

        assertThat(receiver.requests).hasSize(3).allSatisfy(request -> {
            assertThat(request.signed()).isTrue();
            assertThat(request.headers().getFirst("Content-Type")).isEqualTo(StructuredFormat.BATCH_MEDIA_TYPE);
            assertThat(request.headers().getFirst("BSS-Replay-Id")).isEqualTo(JOB.toString());
        });
        assertThat(receiver.requests).extracting(request -> request.events().size()).containsExactly(3, 3, 1);
        assertThat(receiver.events()).containsExactlyElementsOf(sent(events));

        JsonNode first = JsonMapper.shared().readTree(receiver.requests.getFirst().body()).get(0);
        assertThat(first.get("data").get("n").asInt()).isZero();
        assertThat(first.get("replayid").asString()).isEqualTo(JOB.toString());
        JsonNode binary = JsonMapper.shared().readTree(receiver.requests.getLast().body()).get(0);
        assertThat(binary.has("data")).isFalse();
        assertThat(binary.get("data_base64").asString()).isEqualTo("AAH/");
    }

    @Test
    void serverErrorsAreRetriedAndNoEventIsLost() throws Exception {
        List<BusEvent> events = events(10);
        receiver.failNext.set(4); // answered 500 after the receiver has seen them: a lost acknowledgement

        assertThat(sink(WebhookMode.BINARY, 1, FAST).deliver(events)).isEmpty();

        assertThat(receiver.requests).hasSize(14);
        Set<String> firstSeen = new LinkedHashSet<>();
        receiver.events().forEach(event -> firstSeen.add(event.id()));
        assertThat(firstSeen).containsExactlyElementsOf(events.stream().map(e -> e.event().id()).toList());
    }

    @Test
    void serverErrorsInBatchModeAreRetried() throws Exception {
        List<BusEvent> events = events(5);
        receiver.failNext.set(2);

        assertThat(sink(WebhookMode.BATCH, 2, FAST).deliver(events)).isEmpty();

        assertThat(receiver.accepted()).containsExactlyElementsOf(sent(events));
    }

    @Test
    void tooManyRequestsWaitsForRetryAfter() throws Exception {
        receiver.tooManyNext.set(1);

        assertThat(sink(WebhookMode.BINARY, 1, FAST).deliver(events(1))).isEmpty();

        assertThat(receiver.requests).hasSize(2);
        // a lower bound only: the retry came no sooner than Retry-After said (the test's backoff is 1 ms)
        assertThat(Duration.ofNanos(receiver.requests.get(1).nanos() - receiver.requests.get(0).nanos()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aTimedOutRequestIsRetried() throws Exception {
        receiver.hangNext.set(1);
        var settings = new WebhookSettings(Duration.ofSeconds(2), Duration.ofMillis(300), 8, Duration.ofMillis(1),
                Duration.ofSeconds(2));

        assertThat(sink(WebhookMode.BINARY, 1, settings).deliver(events(1))).isEmpty();

        assertThat(receiver.requests).hasSize(2);
        assertThat(receiver.accepted()).hasSize(1);
    }

    @Test
    void aClientErrorRefusesThatEventAndTheOthersAreDelivered() throws Exception {
        List<BusEvent> events = events(5);
        receiver.badIds.add("e-2");

        List<Refusal> refusals = sink(WebhookMode.BINARY, 1, FAST).deliver(events);

        assertThat(refusals).containsExactly(new Refusal(events.get(2), "HTTP 400: bad event e-2"));
        assertThat(receiver.accepted()).extracting(CloudEvent::id).containsExactly("e-0", "e-1", "e-3", "e-4");
        assertThat(receiver.requests).hasSize(5);
    }

    @Test
    void aClientErrorInBatchModeRefusesTheEventsOfThatRequest() throws Exception {
        List<BusEvent> events = events(5);
        receiver.badIds.add("e-2");

        List<Refusal> refusals = sink(WebhookMode.BATCH, 2, FAST).deliver(events);

        assertThat(refusals).containsExactly(new Refusal(events.get(2), "HTTP 400: bad event e-2"),
                new Refusal(events.get(3), "HTTP 400: bad event e-2"));
        assertThat(receiver.accepted()).extracting(CloudEvent::id).containsExactly("e-0", "e-1", "e-4");
    }

    @Test
    void aRedirectIsARefusal() throws Exception {
        receiver.redirect = true;

        List<Refusal> refusals = sink(WebhookMode.BINARY, 1, FAST).deliver(events(1));

        assertThat(refusals).singleElement().extracting(Refusal::cause).asString().startsWith("HTTP 307");
        assertThat(receiver.requests).hasSize(1);
    }

    @Test
    void exhaustedRetriesFailTheDelivery() {
        receiver.failNext.set(100);
        var settings = new WebhookSettings(Duration.ofSeconds(2), Duration.ofSeconds(10), 3, Duration.ofMillis(1),
                Duration.ofMillis(5));

        assertThatThrownBy(() -> sink(WebhookMode.BINARY, 1, settings).deliver(events(2)))
                .isInstanceOf(DeliveryException.class).hasMessageContaining("3 attempts").hasMessageContaining("HTTP 500");
        assertThat(receiver.requests).hasSize(3);
    }

    @Test
    void anUnreachableWebhookFailsTheDelivery() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        var target = new ReplayTarget.Webhook(URI.create("http://127.0.0.1:" + closedPort + "/hook"), WebhookMode.BINARY,
                1, SECRET);
        var settings = new WebhookSettings(Duration.ofSeconds(2), Duration.ofSeconds(10), 3, Duration.ofMillis(1),
                Duration.ofMillis(5));

        assertThatThrownBy(() -> new WebhookSink(JOB, target, settings, CLIENT).deliver(events(1)))
                .isInstanceOf(DeliveryException.class).hasCauseInstanceOf(IOException.class);
    }

    @Test
    void aWrongSecretFailsVerification() throws Exception {
        var target = new ReplayTarget.Webhook(receiver.url(), WebhookMode.BINARY, 1, "not-the-secret");

        List<Refusal> refusals = new WebhookSink(JOB, target, FAST, CLIENT).deliver(events(2));

        assertThat(receiver.requests).hasSize(2).noneMatch(Received::signed);
        assertThat(refusals).extracting(Refusal::cause).containsOnly("HTTP 401: bad signature");
    }

    @Test
    void theVerifierRefusesOldTamperedOrMisattributedSignatures() {
        byte[] body = "{\"n\":1}".getBytes(StandardCharsets.UTF_8);
        Instant now = Instant.parse("2026-01-02T03:04:05Z");
        Duration tolerance = Duration.ofMinutes(5);
        String header = WebhookSignature.sign(SECRET, now.minusSeconds(60), "e-1", body);

        assertThat(header).matches("t=\\d+,v1=[0-9a-f]{64}");
        assertThat(WebhookSignature.verify(SECRET, header, "e-1", body, tolerance, now)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, header, "e-1", body, tolerance, now.plusSeconds(300))).isFalse();
        assertThat(WebhookSignature.verify(SECRET, header, "e-2", body, tolerance, now)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, header, null, body, tolerance, now)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, header, "e-1", "{\"n\":2}".getBytes(StandardCharsets.UTF_8),
                tolerance, now)).isFalse();
        assertThat(WebhookSignature.verify("other", header, "e-1", body, tolerance, now)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, "v1=" + header.substring(header.indexOf("v1=") + 3), "e-1", body,
                tolerance, now)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, null, "e-1", body, tolerance, now)).isFalse();
    }

    @Test
    void anInterruptDuringAHangingRequestStopsTheDelivery() {
        receiver.hangNext.set(1);
        var job = new Job(sink(WebhookMode.BINARY, 1, FAST), events(3));

        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.requests.size() == 1);
        job.thread.interrupt();

        await().atMost(Duration.ofSeconds(5)).until(() -> !job.thread.isAlive());
        assertThat(job.outcome.get()).isInstanceOf(InterruptedException.class);
        assertThat(receiver.requests).hasSize(1);
    }

    @Test
    void anInterruptDuringBackoffStopsTheDelivery() {
        receiver.failNext.set(100);
        var slow = new WebhookSettings(Duration.ofSeconds(2), Duration.ofSeconds(10), 8, Duration.ofMinutes(1),
                Duration.ofMinutes(1));
        var job = new Job(sink(WebhookMode.BINARY, 1, slow), events(3));

        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.answered.get() == 1
                && job.thread.getState() == Thread.State.TIMED_WAITING);
        job.thread.interrupt();

        await().atMost(Duration.ofSeconds(5)).until(() -> !job.thread.isAlive());
        assertThat(job.outcome.get()).isInstanceOf(InterruptedException.class);
        assertThat(receiver.requests).hasSize(1);
    }

    @Test
    void anInterruptBeforeDeliveryStartsSendsNothing() {
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> sink(WebhookMode.BINARY, 1, FAST).deliver(events(1)))
                .isInstanceOf(InterruptedException.class);
        assertThat(receiver.requests).isEmpty();
    }

    private WebhookSink sink(WebhookMode mode, int batchSize, WebhookSettings settings) {
        return new WebhookSink(JOB, new ReplayTarget.Webhook(receiver.url(), mode, batchSize, SECRET), settings, CLIENT);
    }

    private static List<BusEvent> events(int count) {
        return IntStream.range(0, count).mapToObj(i -> new BusEvent(TENANT, UUID.randomUUID(), Instant.now(),
                new CloudEvent("1.0", "e-" + i, "/test", "com.example.thing.happened", "customer-" + i % 2,
                        "2026-01-02T03:04:0" + i % 10 + "Z", "application/json", null, Map.of("tenantid", TENANT),
                        ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)))).toList();
    }

    /** The events as the webhook should see them: marked with the job. */
    private static List<CloudEvent> sent(List<BusEvent> events) {
        return events.stream().map(e -> e.event().withExtension("replayid", JOB.toString())).toList();
    }

    /** A replay job's thread: delivers once, keeps what deliver threw (or an error if it returned). */
    private static final class Job {
        final AtomicReference<Throwable> outcome = new AtomicReference<>();
        final Thread thread;

        Job(WebhookSink sink, List<BusEvent> events) {
            thread = Thread.ofPlatform().name("replay-job").start(() -> {
                try {
                    sink.deliver(events);
                    outcome.set(new AssertionError("deliver returned"));
                } catch (Throwable e) {
                    outcome.set(e);
                }
            });
        }
    }

    record Received(Headers headers, byte[] body, long nanos, boolean signed, int status) {

        boolean batch() {
            return StructuredFormat.BATCH_MEDIA_TYPE.equals(headers.getFirst("Content-Type"));
        }

        List<CloudEvent> events() {
            if (batch()) {
                return StructuredFormat.readBatch(body, Integer.MAX_VALUE).stream()
                        .map(entry -> ((BatchEntry.Read) entry).event()).toList();
            }
            return List.of(BinaryMode.read(headers.keySet(), headers::getFirst, headers.getFirst("Content-Type"), body));
        }
    }

    /**
     * A webhook: verifies each request's signature (401 when it does not hold), records it, and answers as told:
     * hang, 429, 500, 400 for certain event ids, a redirect, else 200.
     */
    static final class Receiver implements AutoCloseable {
        final List<Received> requests = new CopyOnWriteArrayList<>();
        final AtomicInteger answered = new AtomicInteger();
        final AtomicInteger hangNext = new AtomicInteger();
        final AtomicInteger tooManyNext = new AtomicInteger();
        final AtomicInteger failNext = new AtomicInteger();
        final Set<String> badIds = ConcurrentHashMap.newKeySet();
        volatile boolean redirect;

        private final String secret;
        private final CountDownLatch release = new CountDownLatch(1);
        private final ExecutorService executor = Executors.newCachedThreadPool();
        private final HttpServer server;

        Receiver(String secret) throws IOException {
            this.secret = secret;
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/hook", this::handle);
            server.setExecutor(executor);
            server.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        }

        /** Every event of every request, in the order received. */
        List<CloudEvent> events() {
            return requests.stream().flatMap(request -> request.events().stream()).toList();
        }

        /** The events of the requests answered 2xx. */
        List<CloudEvent> accepted() {
            return requests.stream().filter(request -> request.status() / 100 == 2)
                    .flatMap(request -> request.events().stream()).toList();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                long nanos = System.nanoTime();
                byte[] body = exchange.getRequestBody().readAllBytes();
                Headers headers = exchange.getRequestHeaders();
                boolean batch = StructuredFormat.BATCH_MEDIA_TYPE.equals(headers.getFirst("Content-Type"));
                boolean signed = WebhookSignature.verify(secret, headers.getFirst(WebhookSignature.HEADER),
                        batch ? null : headers.getFirst("ce-id"), body);
                if (decrement(hangNext)) {
                    requests.add(new Received(headers, body, nanos, signed, 0));
                    release.await();
                    return;
                }
                Received request = new Received(headers, body, nanos, signed, 0);
                int status;
                String answer = "";
                if (!signed) {
                    status = 401;
                    answer = "bad signature";
                } else if (redirect) {
                    status = 307;
                    exchange.getResponseHeaders().set("Location", "/elsewhere");
                } else if (decrement(tooManyNext)) {
                    status = 429;
                    exchange.getResponseHeaders().set("Retry-After", "1");
                } else if (decrement(failNext)) {
                    status = 500;
                    answer = "boom";
                } else {
                    String bad = request.events().stream().map(CloudEvent::id).filter(badIds::contains).findFirst()
                            .orElse(null);
                    status = bad == null ? 200 : 400;
                    answer = bad == null ? "" : "bad event " + bad;
                }
                requests.add(new Received(headers, body, nanos, signed, status));
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
                exchange.getResponseBody().write(bytes);
                answered.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static boolean decrement(AtomicInteger counter) {
            return counter.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        }

        @Override
        public void close() {
            release.countDown();
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
