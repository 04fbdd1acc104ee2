package org.bss.loadgen.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.bss.loadgen.platform.PlatformClient.TenantKey;
import org.bss.loadgen.report.Interval;
import org.bss.loadgen.report.RunRecorder;
import org.bss.loadgen.report.Totals;
import org.bss.loadgen.traffic.GeneratedEvent;
import org.bss.loadgen.traffic.Traffic;
import org.bss.loadgen.verify.AcceptedLog;

/**
 * Sends the schedule's requests over {@code connections} keep-alive connections, each carrying one request at a time.
 * When every connection is busy, requests wait in a queue, and their latency still counts from when they were due.
 * Plain HTTP runs from one thread over non-blocking connections, kept open from one {@link #run} to the next (a
 * warm-up and the measured run share them, as a client in production keeps its connections); HTTPS from a thread
 * per connection.
 *
 * <p>A share of the requests may be reads of customers whose creation the platform accepted
 * ({@link ReadWriteSplit}); they take their place in the schedule like writes, and are recorded apart.
 */
public final class Driver implements AutoCloseable {

    /** The tenants the run sends as, each with its own stream of events. */
    public record Sender(TenantKey tenant, Traffic traffic) {
    }

    /**
     * How to send: the platform, events a request (1 = single-event mode), connections, per-request timeout, and
     * the percentage of requests that are reads instead of writes.
     */
    public record Settings(URI baseUri, int eventsPerRequest, int connections, Duration timeout, int readPercent) {
        public Settings {
            if (eventsPerRequest < 1 || connections < 1) {
                throw new IllegalArgumentException("events per request and connections must be at least 1");
            }
            if (readPercent < 0 || readPercent > 100) {
                throw new IllegalArgumentException("the share of reads must be 0 to 100 percent: " + readPercent);
            }
        }

        /** Writes only. */
        public Settings(URI baseUri, int eventsPerRequest, int connections, Duration timeout) {
            this(baseUri, eventsPerRequest, connections, timeout, 0);
        }

        /** The part of the rate's events that writes carry: reads take the place of the rest. */
        double writeShare() {
            return (100 - readPercent) / 100.0;
        }
    }

    /**
     * A tenant as the driver sends for it: its heads (with its credential's current header), and the customer.created
     * events the platform accepted that its stream has not been told of yet (answers arrive on other threads than the
     * one that owns the stream).
     */
    private record Lane(Sender sender, RequestHeads heads, Queue<GeneratedEvent> acceptedCustomers) {

        /** Tells the stream of the customers accepted since; only on the thread that makes requests. */
        void catchUp() {
            GeneratedEvent created;
            while ((created = acceptedCustomers.poll()) != null) {
                sender.traffic().customerAccepted(created);
            }
        }
    }

    /** A request: a write carries events (one at least), a read none. */
    private record Job(long due, Lane lane, byte[] head, List<GeneratedEvent> events, byte[] body) {

        boolean isRead() {
            return events.isEmpty();
        }
    }

    private static final Job END = new Job(0, null, null, List.of(), null);
    private static final byte[] NO_BODY = new byte[0];
    /** Reads follow the same pattern every run: which customers they name depends on the answers anyway. */
    private static final long READ_SEED = 0x7ead5L;

    private final Settings settings;
    private final List<Lane> lanes;
    private final ReadWriteSplit split;
    private final AcceptedLog accepted;
    private final SendListener listener;
    private final PrintStream progress;
    private final WriteFormat format;
    /** The tenant the next request is sent as (only the thread that makes requests touches it). */
    private int nextSender;
    /** Plain HTTP's event loop and connections, opened by the first run. */
    private Selector selector;
    private final List<NioConnection<Job>> connections = new ArrayList<>();

    public Driver(Settings settings, List<Sender> senders, AcceptedLog accepted, PrintStream progress) {
        this(settings, senders, accepted, SendListener.NONE, progress);
    }

    /** A driver that tells the listener of each write it sends and of its answer. */
    public Driver(Settings settings, List<Sender> senders, AcceptedLog accepted, SendListener listener, PrintStream progress) {
        this(settings, senders, accepted, listener, progress, new PlatformWrites(settings));
    }

    /** A driver whose writes take another format than the platform's (see {@link WriteFormat}). */
    public Driver(Settings settings, List<Sender> senders, AcceptedLog accepted, SendListener listener, PrintStream progress,
            WriteFormat format) {
        if (senders.isEmpty()) {
            throw new IllegalArgumentException("a run needs at least one tenant");
        }
        this.settings = settings;
        this.format = format;
        String customersPath = settings.baseUri().resolve(ReadHead.CUSTOMERS_PATH).getRawPath();
        this.lanes = senders.stream().map(s -> new Lane(s, new RequestHeads(s.tenant().credential(), format::head,
                        customersPath), new ConcurrentLinkedQueue<GeneratedEvent>()))
                .toList();
        this.split = new ReadWriteSplit(settings.readPercent(), READ_SEED);
        this.accepted = accepted;
        this.listener = listener;
        this.progress = progress;
    }

    /** Runs a scenario to its end and waits for the answers still in flight; label prefixes the progress lines. */
    public Totals run(Scenario scenario, String label) throws InterruptedException {
        ArrivalSchedule schedule = new ArrivalSchedule(scenario, settings.eventsPerRequest());
        long start = System.nanoTime();
        RunRecorder recorder = new RunRecorder(start, scenario.duration());
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("loadgen-progress").unstarted(r));
        recorder.target(scenario.rateAt(0) * settings.writeShare());
        ticker.scheduleAtFixedRate(() -> {
            double elapsed = (System.nanoTime() - start) / 1e9;
            Interval interval = recorder.tick(System.nanoTime());
            recorder.target(scenario.rateAt(elapsed) * settings.writeShare());
            progress.println(label + interval.progressLine(recorder.errors(), recorder.inFlight()));
        }, 1, 1, TimeUnit.SECONDS);
        try {
            if ("http".equalsIgnoreCase(settings.baseUri().getScheme())) {
                sendFromOneThread(schedule, start, recorder);
            } else {
                sendFromThreads(schedule, start, recorder, label);
            }
        } finally {
            ticker.shutdownNow();
        }
        Interval last = recorder.tick(System.nanoTime());
        if (last.responses() > 0 || last.requestsSent() > 0) {
            progress.println(label + last.progressLine(recorder.errors(), recorder.inFlight()));
        }
        return recorder.totals();
    }

    /**
     * Plain HTTP: one thread sends every request and reads every answer over non-blocking connections. A thread per
     * connection cost the machine a thread hand-off and wake-up per request, about as much CPU as the platform's
     * own work for an event; the load generator shares the machine with what it measures.
     */
    private void sendFromOneThread(ArrivalSchedule schedule, long start, RunRecorder recorder)
            throws InterruptedException {
        long timeoutNanos = settings.timeout().toNanos();
        InetSocketAddress address = new InetSocketAddress(settings.baseUri().getHost(),
                settings.baseUri().getPort() > 0 ? settings.baseUri().getPort() : 80);
        try {
            if (selector == null) {
                selector = Selector.open();
                for (int c = 0; c < settings.connections(); c++) {
                    connections.add(new NioConnection<>(address, selector));
                }
            }
            ArrayDeque<NioConnection<Job>> idle = new ArrayDeque<>(connections);
            long nextDue = schedule.hasNext() ? start + schedule.next() : -1;
            long nextTimeoutCheck = System.nanoTime();
            int busy = 0;
            while (nextDue >= 0 || busy > 0) {
                long now = System.nanoTime();
                // A request is built only when a connection can take it: behind schedule, nothing piles up in memory
                // (a backlog of built requests made the generator's own GC pauses long), and its latency still
                // counts from when it was due.
                while (nextDue >= 0 && nextDue <= now && !idle.isEmpty()) {
                    Job job = job(nextDue, recorder);
                    nextDue = schedule.hasNext() ? start + schedule.next() : -1;
                    if (job == null) {
                        continue;
                    }
                    NioConnection<Job> connection = idle.poll();
                    try {
                        sending(job, recorder);
                        connection.start(job, job.head(), job.body(), now);
                        busy++;
                    } catch (IOException e) {
                        connection.fail();
                        complete(job, 0, null, System.nanoTime(), recorder);
                        idle.add(connection);
                    }
                }
                if (now >= nextTimeoutCheck) {
                    for (NioConnection<Job> connection : connections) {
                        if (connection.busy() && now - connection.startedNanos > timeoutNanos) {
                            Job job = connection.job;
                            connection.fail();
                            busy--;
                            complete(job, 0, null, now, recorder);
                            idle.add(connection);
                        }
                    }
                    nextTimeoutCheck = now + TimeUnit.MILLISECONDS.toNanos(100);
                }
                // Wake up by the next due instant (at millisecond granularity: a request may leave up to 1 ms late,
                // and its latency counts from when it was due) or when an answer arrives.
                long waitNanos = nextDue < 0 || idle.isEmpty() ? TimeUnit.MILLISECONDS.toNanos(100) : nextDue - now;
                if (waitNanos <= 0) {
                    selector.selectNow();
                } else {
                    selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos)));
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    @SuppressWarnings("unchecked")
                    NioConnection<Job> connection = (NioConnection<Job>) key.attachment();
                    if (!key.isValid() || !connection.busy()) {
                        continue;
                    }
                    Job job = connection.job;
                    try {
                        Http1Answer.Parsed answer = connection.ready(key);
                        if (answer != null) {
                            busy--;
                            complete(job, answer.status(), answer.body(), System.nanoTime(), recorder);
                            idle.add(connection);
                        }
                    } catch (IOException | RuntimeException e) {
                        connection.fail();
                        busy--;
                        complete(job, 0, null, System.nanoTime(), recorder);
                        idle.add(connection);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the load generator's selector failed", e);
        }
    }

    /** Closes plain HTTP's connections. */
    @Override
    public void close() {
        connections.forEach(NioConnection::close);
        connections.clear();
        if (selector != null) {
            try {
                selector.close();
            } catch (IOException e) {
                // nothing left to release
            }
            selector = null;
        }
    }

    /** HTTPS: a thread per connection, each blocking on its own answer, fed from one dispatching thread. */
    private void sendFromThreads(ArrivalSchedule schedule, long start, RunRecorder recorder, String label)
            throws InterruptedException {
        BlockingQueue<Job> queue = new ArrayBlockingQueue<>(settings.connections() * 256);
        CountDownLatch workersDone = new CountDownLatch(settings.connections());
        for (int c = 0; c < settings.connections(); c++) {
            Thread.ofPlatform().daemon().name("loadgen-connection-" + c).start(() -> {
                try (Http1Connection connection = new Http1Connection(settings.baseUri(), settings.timeout())) {
                    Job job;
                    while ((job = queue.take()) != END) {
                        send(connection, job, recorder);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    workersDone.countDown();
                }
            });
        }
        while (schedule.hasNext()) {
            long due = start + schedule.next();
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            Job job = job(due, recorder);
            if (job != null) {
                queue.put(job);
            }
        }
        for (int c = 0; c < settings.connections(); c++) {
            queue.put(END);
        }
        if (!workersDone.await(settings.timeout().toSeconds() + 5, TimeUnit.SECONDS)) {
            progress.println(label + "answers still missing after the request timeout; counted as errors");
        }
    }

    /**
     * The request due at this instant: the next tenant in turn, a read of one of its customers or its next events;
     * null when an anomaly injected into the tenant's stream leaves it nothing to send. The slot stays the tenant's
     * all the same, so the other tenants go on at their own rates.
     */
    private Job job(long due, RunRecorder recorder) {
        Lane lane = lanes.get(nextSender);
        nextSender = nextSender + 1 == lanes.size() ? 0 : nextSender + 1;
        Traffic traffic = lane.sender().traffic();
        if (split.reads()) {
            lane.catchUp();
            String customer = split.nextRead(traffic);
            if (customer != null) {
                if (traffic.silent()) {
                    return null;
                }
                recorder.readSent(due);
                return new Job(due, lane, lane.heads().read().forCustomer(customer), List.of(), NO_BODY);
            }
        }
        int n = settings.eventsPerRequest();
        List<GeneratedEvent> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            GeneratedEvent event = traffic.next();
            if (event != null) {
                events.add(event);
            }
        }
        if (events.isEmpty()) {
            return null;
        }
        byte[] body = format.body(lane.sender().tenant().tenantId(), events);
        recorder.sent(due, events.size());
        return new Job(due, lane, lane.heads().write(), events, body);
    }

    private void send(Http1Connection connection, Job job, RunRecorder recorder) {
        int status;
        byte[] answer = null;
        try {
            sending(job, recorder);
            Http1Connection.Answer response = connection.send(job.head(), job.body());
            status = response.status();
            answer = response.body();
        } catch (IOException | RuntimeException e) {
            status = 0;
        }
        complete(job, status, answer, System.nanoTime(), recorder);
    }

    private void sending(Job job, RunRecorder recorder) {
        long now = System.nanoTime();
        recorder.departed(job.due(), now);
        if (!job.isRead()) {
            listener.sending(job.lane().sender().tenant(), job.events(), now);
        }
    }

    /**
     * Records an answer (status 0: none). Of a write, logs the events it accepted, and hands its accepted
     * customer.created events on to be read; a read is only counted.
     */
    private void complete(Job job, int status, byte[] answer, long done, RunRecorder recorder) {
        if (job.isRead()) {
            recorder.readCompleted(job.due(), done, status);
            return;
        }
        int n = job.events().size();
        WriteFormat.Outcome outcome = format.outcome(status, answer, job.events());
        List<GeneratedEvent> acceptedEvents = outcome.accepted();
        listener.answered(job.lane().sender().tenant(), job.events(), outcome.status(), acceptedEvents);
        for (GeneratedEvent event : acceptedEvents) {
            accepted.accepted(job.lane().sender().tenant().tenantId(), event.source(), event.id());
            if (split.reads() && Traffic.createsCustomer(event)) {
                job.lane().acceptedCustomers().add(event);
            }
        }
        recorder.completed(job.due(), done, outcome.status(), n, acceptedEvents.size());
    }
}
