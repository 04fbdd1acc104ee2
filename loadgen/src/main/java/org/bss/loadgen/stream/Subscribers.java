package org.bss.loadgen.stream;

import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bss.loadgen.platform.PlatformClient.PlatformException;
import org.bss.loadgen.report.Deliveries;
import org.bss.loadgen.run.Converters;

/**
 * The run's stream subscribers, spread over its tenants in turn, every one read by one thread over non-blocking
 * connections: the load generator shares a small machine with the platform, and a thread per subscriber would cost
 * a hand-off and a wake-up for each of tens of thousands of deliveries a second.
 *
 * <p>{@link #open} returns once every subscriber is live (its ":ok" read), so that each must get every event of its
 * tenant accepted afterwards that matches the filter. A connection that ends during the run is opened again after a
 * second with {@code Last-Event-ID}, the position of the last event read. {@link #settle} waits for the last
 * deliveries, closes everything and counts.
 */
public final class Subscribers implements AutoCloseable {

    /** How to subscribe: the platform (plain HTTP), how many subscribers, their filter, how long each may take to go live. */
    public record Settings(URI baseUri, int count, StreamFilter filter, Duration openTimeout) {
        public Settings {
            if (count < 1) {
                throw new IllegalArgumentException("--subscribers must be at least 1 to open any");
            }
            if (!"http".equalsIgnoreCase(baseUri.getScheme())) {
                throw new IllegalArgumentException("--subscribers needs a plain http --url; " + baseUri + " is not");
            }
        }
    }

    static final String STREAM_PATH = "/api/v1/stream";
    /** Subscriptions being opened at once: a thousand connects at once would overflow a server's accept backlog. */
    private static final int OPENING_AT_ONCE = 64;
    private static final long RECONNECT_DELAY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long TIMERS_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Settings settings;
    private final String pathAndQuery;
    private final String hostHeader;
    private final InetSocketAddress address;
    private final Tally tally;
    private final List<Subscriber> subscribers = new ArrayList<>();
    private final Selector selector;
    private final Thread loop;
    private volatile boolean stopping;
    /** Why the subscribers cannot go on: one could not be opened, or the loop broke. */
    private volatile String failure;

    private Subscribers(Settings settings, Ledger ledger) throws IOException {
        this.settings = settings;
        URI base = settings.baseUri();
        String query = ledger.filter().query();
        this.pathAndQuery = base.resolve(STREAM_PATH).getRawPath() + (query.isEmpty() ? "" : "?" + query);
        int port = base.getPort() > 0 ? base.getPort() : 80;
        this.hostHeader = base.getHost() + ":" + port;
        this.address = new InetSocketAddress(base.getHost(), port);
        this.tally = new Tally(ledger);
        List<Ledger.Book> books = ledger.books();
        for (int i = 0; i < settings.count(); i++) {
            subscribers.add(new Subscriber(i + 1, books.get(i % books.size()), tally));
        }
        this.selector = Selector.open();
        this.loop = Thread.ofPlatform().daemon().name("loadgen-stream").unstarted(this::run);
    }

    /**
     * Opens every subscription and waits until each is live, showing progress each second.
     *
     * @throws PlatformException naming the subscriber and what went wrong, when one cannot be opened
     */
    public static Subscribers open(Settings settings, Ledger ledger, PrintStream progress) throws IOException, InterruptedException {
        Subscribers subscribers = new Subscribers(settings, ledger);
        try {
            subscribers.loop.start();
            subscribers.awaitLive(progress);
            return subscribers;
        } catch (RuntimeException | InterruptedException e) {
            subscribers.close();
            throw e;
        }
    }

    private void awaitLive(PrintStream progress) throws InterruptedException {
        int count = subscribers.size();
        long lastShown = System.nanoTime();
        while (tally.live < count && failure == null) {
            Thread.sleep(50);
            if (System.nanoTime() - lastShown >= TimeUnit.SECONDS.toNanos(1)) {
                progress.printf("stream: %,d of %,d subscribers live%n", tally.live, count);
                lastShown = System.nanoTime();
            }
        }
        if (failure != null) {
            throw new PlatformException(failure);
        }
        progress.printf("stream: %,d subscribers live over %d tenants: GET %s%n", count,
                Math.min(count, tally.ledger.books().size()), pathAndQuery);
    }

    /**
     * Waits until every subscriber got every event it must, or nothing new arrived for {@code settle}, showing
     * progress each second; then closes the subscriptions and counts. Call once the load has ended and every
     * request was answered.
     */
    public Deliveries settle(Duration settle, PrintStream progress) throws InterruptedException {
        long start = System.nanoTime();
        long lastFrames = -1;
        long lastChange = start;
        String settled;
        while (true) {
            long now = System.nanoTime();
            Waiting waiting = waiting();
            if (waiting.missing() == 0) {
                settled = "every expected event delivered, " + seconds(now - start) + " after the load ended";
                break;
            }
            progress.printf("stream: delivered %,d of %,d expected events; missing so far %,d, at %,d of %,d subscribers%n",
                    waiting.expected() - waiting.missing(), waiting.expected(), waiting.missing(), waiting.subscribers(),
                    subscribers.size());
            if (failure != null) {
                settled = "stopped waiting: " + failure;
                break;
            }
            long frames = tally.frames;
            if (frames != lastFrames) {
                lastFrames = frames;
                lastChange = now;
            } else if (now - lastChange > settle.toNanos()) {
                settled = "nothing new delivered for " + Converters.text(settle) + ": stopped waiting";
                progress.println("stream: " + settled);
                break;
            }
            Thread.sleep(1000);
        }
        close();
        return tally.count(subscribers, "GET " + pathAndQuery, settled);
    }

    /** Expected events not delivered yet, and at how many subscribers. */
    private record Waiting(long expected, long missing, int subscribers) {
    }

    private Waiting waiting() {
        long expected = 0;
        long missing = 0;
        int waiting = 0;
        for (Subscriber subscriber : subscribers) {
            IndexSet accepted = subscriber.book.accepted();
            long lacking = accepted.size() - subscriber.got(accepted);
            expected += accepted.size();
            missing += lacking;
            waiting += lacking > 0 ? 1 : 0;
        }
        return new Waiting(expected, missing, waiting);
    }

    /** Closes every subscription and stops the loop; a second call does nothing. */
    @Override
    public void close() {
        stopping = true;
        selector.wakeup();
        if (loop.isAlive()) {
            try {
                loop.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            closeAll();
        }
    }

    // The event loop, on its own thread.

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        ArrayDeque<Subscriber> unopened = new ArrayDeque<>(subscribers);
        int started = 0;
        long nextTimers = System.nanoTime();
        try {
            while (!stopping) {
                long now = System.nanoTime();
                // Opening a few at a time; the load starts only once all are live.
                while (!unopened.isEmpty() && failure == null && started - tally.live < OPENING_AT_ONCE) {
                    connect(unopened.poll(), now);
                    started++;
                }
                selector.select(TimeUnit.NANOSECONDS.toMillis(TIMERS_NANOS));
                now = System.nanoTime();
                for (SelectionKey key : selector.selectedKeys()) {
                    SseConnection connection = (SseConnection) key.attachment();
                    Subscriber subscriber = (Subscriber) connection.handler();
                    try {
                        connection.ready(buffer, now);
                    } catch (IOException | RuntimeException e) {
                        ended(subscriber, e, now);
                    }
                }
                selector.selectedKeys().clear();
                if (now - nextTimers >= 0) {
                    timers(now);
                    nextTimers = now + TIMERS_NANOS;
                }
            }
        } catch (IOException | RuntimeException e) {
            failure = "the subscribers' event loop failed: " + e;
        } finally {
            closeAll();
        }
    }

    private void connect(Subscriber subscriber, long now) {
        subscriber.attemptNanos = now;
        subscriber.reconnectAtNanos = 0;
        try {
            subscriber.connection = SseConnection.open(address, selector,
                    SseConnection.request(pathAndQuery, hostHeader, subscriber.book.tenant.credential().header(), subscriber.resumeFrom),
                    subscriber);
        } catch (IOException e) {
            ended(subscriber, e, now);
        }
    }

    /** Subscriptions not live in time end; those that ended during the run are opened again when due. */
    private void timers(long now) {
        long timeout = settings.openTimeout().toNanos();
        for (Subscriber s : subscribers) {
            if (s.connection != null && !s.live && now - s.attemptNanos > timeout) {
                ended(s, new TimeoutException("no ':ok' within " + Converters.text(settings.openTimeout())
                        + ": the subscription did not go live"), now);
            } else if (s.connection == null && s.everLive && s.reconnectAtNanos != 0 && now - s.reconnectAtNanos >= 0) {
                s.reconnects++;
                tally.reconnects++;
                connect(s, now);
            }
        }
    }

    /**
     * A subscription ended: fatal for one never live (the run cannot start without it), else opened again after a
     * second.
     */
    private void ended(Subscriber subscriber, Exception why, long now) {
        if (subscriber.connection != null) {
            subscriber.connection.close();
            subscriber.connection = null;
        }
        subscriber.live = false;
        if (!subscriber.everLive) {
            if (failure == null) {
                failure = subscriber + ": GET " + pathAndQuery + " " + describe(why);
            }
        } else {
            subscriber.reconnectAtNanos = now + RECONNECT_DELAY_NANOS;
        }
    }

    private String describe(Exception why) {
        if (why instanceof SseConnection.Refused refused) {
            return refused.getMessage() + switch (refused.status) {
                case 400 -> " (the platform refused the filter, --subscribe-query)";
                case 401, 403 -> " (the tenant's key was refused: does it have events:read?)";
                case 404 -> " (does this platform serve the live stream?)";
                case 429 -> " (too many subscriptions for the tenant: fewer --subscribers, or more --tenants)";
                default -> "";
            };
        }
        if (why instanceof EOFException) {
            return why.getMessage() + " before ':ok'";
        }
        String message = why.getMessage() == null ? why.toString() : why.getMessage();
        return switch (why) {
            case TimeoutException timeout -> message;
            case ConnectException refused -> "cannot connect to " + hostHeader + ": " + message;
            default -> "failed: " + message;
        };
    }

    private void closeAll() {
        for (Subscriber s : subscribers) {
            if (s.connection != null) {
                s.connection.close();
                s.connection = null;
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
