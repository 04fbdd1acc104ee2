package org.bss.loadgen.run;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
 * Sends the schedule's requests. One dispatching thread waits for each request's due instant, builds its events and
 * queues it; {@code connections} threads, each with its own keep-alive connection, send them. When every connection
 * is busy requests wait in the queue, and their latency still counts from when they were due.
 */
public final class Driver {

    /** The tenants the run sends as, each with its own stream of events. */
    public record Sender(TenantKey tenant, Traffic traffic) {
    }

    /** How to send: the platform, events a request (1 = single-event mode), connections, per-request timeout. */
    public record Settings(URI baseUri, int eventsPerRequest, int connections, Duration timeout) {
        public Settings {
            if (eventsPerRequest < 1 || connections < 1) {
                throw new IllegalArgumentException("events per request and connections must be at least 1");
            }
        }
    }

    private record Job(long due, Sender sender, byte[] head, List<GeneratedEvent> events, byte[] body) {
    }

    private static final Job END = new Job(0, null, null, List.of(), null);
    private static final String EVENTS_PATH = "/api/v1/events";

    private final Settings settings;
    private final List<Sender> senders;
    private final List<byte[]> heads;
    private final AcceptedLog accepted;
    private final PrintStream progress;

    public Driver(Settings settings, List<Sender> senders, AcceptedLog accepted, PrintStream progress) {
        if (senders.isEmpty()) {
            throw new IllegalArgumentException("a run needs at least one tenant");
        }
        this.settings = settings;
        this.senders = List.copyOf(senders);
        String contentType = settings.eventsPerRequest() == 1 ? "application/cloudevents+json" : "application/cloudevents-batch+json";
        String path = settings.baseUri().resolve(EVENTS_PATH).getRawPath();
        this.heads = this.senders.stream().map(s -> Http1Connection.head(path, s.tenant().apiKey(), contentType)).toList();
        this.accepted = accepted;
        this.progress = progress;
    }

    /** Runs a scenario to its end and waits for the answers still in flight; label prefixes the progress lines. */
    public Totals run(Scenario scenario, String label) throws InterruptedException {
        ArrivalSchedule schedule = new ArrivalSchedule(scenario, settings.eventsPerRequest());
        long start = System.nanoTime();
        RunRecorder recorder = new RunRecorder(start);
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
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("loadgen-progress").unstarted(r));
        recorder.target(scenario.rateAt(0));
        ticker.scheduleAtFixedRate(() -> {
            double elapsed = (System.nanoTime() - start) / 1e9;
            Interval interval = recorder.tick(System.nanoTime());
            recorder.target(scenario.rateAt(elapsed));
            progress.println(label + interval.progressLine(recorder.errors(), recorder.inFlight()));
        }, 1, 1, TimeUnit.SECONDS);
        try {
            int next = 0;
            int n = settings.eventsPerRequest();
            while (schedule.hasNext()) {
                long due = start + schedule.next();
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                Sender sender = senders.get(next);
                byte[] head = heads.get(next);
                next = next + 1 == senders.size() ? 0 : next + 1;
                List<GeneratedEvent> events = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    events.add(sender.traffic().next());
                }
                byte[] body = n == 1 ? events.getFirst().json() : Traffic.batchBody(events);
                recorder.sent(due, n);
                queue.put(new Job(due, sender, head, events, body));
            }
            for (int c = 0; c < settings.connections(); c++) {
                queue.put(END);
            }
            if (!workersDone.await(settings.timeout().toSeconds() + 5, TimeUnit.SECONDS)) {
                progress.println(label + "answers still missing after the request timeout; counted as errors");
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

    private void send(Http1Connection connection, Job job, RunRecorder recorder) {
        int n = job.events().size();
        int status;
        byte[] answer = null;
        try {
            Http1Connection.Answer response = connection.post(job.head(), job.body());
            status = response.status();
            answer = response.body();
        } catch (IOException | RuntimeException e) {
            status = 0;
        }
        long done = System.nanoTime();
        List<GeneratedEvent> acceptedEvents = switch (status) {
            case 202 -> job.events();
            case 207 -> BatchAnswer.acceptedIndexes(answer, n).stream().map(job.events()::get).toList();
            default -> List.of();
        };
        for (GeneratedEvent event : acceptedEvents) {
            accepted.accepted(job.sender().tenant().tenantId(), event.source(), event.id());
        }
        recorder.completed(job.due(), done, status, n, acceptedEvents.size());
    }
}
