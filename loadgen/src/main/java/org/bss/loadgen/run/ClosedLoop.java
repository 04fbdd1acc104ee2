package org.bss.loadgen.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * A closed loop of requests (GET, or POST with one body) from one thread over non-blocking keep-alive connections, with the same
 * connections as {@link Driver}: each connection sends its next request as soon as the last one is answered. What
 * the HTTP stack answers at most, measured by a client that costs as little as the load generator does.
 */
public final class ClosedLoop {

    /** Answers with the expected status per second after the warm-up, those that were not 200 or failed, and latency. */
    public record Result(long okPerSecond, long failed, double p50Ms, double p99Ms) {
    }

    /** What each connection sends again and again, and the status that counts as answered. */
    public record Request(String method, String contentType, byte[] body, int okStatus) {

        public static Request get() {
            return new Request("GET", null, new byte[0], 200);
        }

        public static Request post(String contentType, byte[] body, int okStatus) {
            return new Request("POST", contentType, body, okStatus);
        }

        byte[] head(URI uri) {
            return (method + " " + uri.getRawPath() + " HTTP/1.1\r\nAccept: application/json\r\n"
                    + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")).getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    private ClosedLoop() {
    }

    /** GET, answered 200. Plain HTTP only. */
    public static Result run(URI uri, int connections, Duration warmup, Duration duration) {
        return run(uri, Request.get(), connections, warmup, duration);
    }

    /** Plain HTTP only. */
    public static Result run(URI uri, Request request, int connections, Duration warmup, Duration duration) {
        byte[] head = request.head(uri);
        byte[] body = request.body();
        InetSocketAddress address = new InetSocketAddress(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 80);
        Histogram latencies = new Histogram(3_600_000_000L, 3);
        long ok = 0;
        long failed = 0;
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + duration.toNanos();
        try (Selector selector = Selector.open()) {
            List<NioConnection<Boolean>> all = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                NioConnection<Boolean> connection = new NioConnection<>(address, selector);
                all.add(connection);
                connection.start(Boolean.TRUE, head, body, System.nanoTime());
            }
            while (System.nanoTime() < end) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    @SuppressWarnings("unchecked")
                    NioConnection<Boolean> connection = (NioConnection<Boolean>) key.attachment();
                    if (!key.isValid() || !connection.busy()) {
                        continue;
                    }
                    long sent = connection.startedNanos;
                    int status;
                    try {
                        Http1Answer.Parsed answer = connection.ready(key);
                        if (answer == null) {
                            continue;
                        }
                        status = answer.status();
                    } catch (IOException e) {
                        connection.fail();
                        status = 0;
                    }
                    long now = System.nanoTime();
                    if (sent >= measureFrom && now < end) {
                        latencies.recordValue(Math.max(0, (now - sent) / 1000));
                        if (status == request.okStatus()) {
                            ok++;
                        } else {
                            failed++;
                        }
                    }
                    connection.start(Boolean.TRUE, head, body, now);
                }
                selector.selectedKeys().clear();
            }
            all.forEach(NioConnection::close);
        } catch (IOException e) {
            throw new UncheckedIOException("the closed loop against " + uri + " failed", e);
        }
        double seconds = duration.toNanos() / 1e9;
        return new Result(Math.round(ok / seconds), failed, latencies.getValueAtPercentile(50) / 1000.0,
                latencies.getValueAtPercentile(99) / 1000.0);
    }

}
