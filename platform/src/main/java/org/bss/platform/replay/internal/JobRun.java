package org.bss.platform.replay.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bss.platform.bus.BusEvent;
import org.bss.platform.projection.ReadModelRebuilds;
import org.bss.platform.store.EventLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a job on this instance: from its stored position to the end of its selection (or, for a rebuild, to
 * the swap), a page at a time. After each page the position and counts are stored, in a transaction that also
 * checks the job is still this instance's to run; an interrupt (pause, cancel, shutdown) stops it at once.
 */
final class JobRun implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(JobRun.class);
    private static final long RATE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long YIELD_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final ReplayJob job;
    private final String owner;
    private final ReplayRunner.Parts parts;
    private final Pacer pacer;
    private final Map<String, EventLog.Position> positions;
    private final Deque<long[]> samples = new ArrayDeque<>();
    private final List<Sink.Refusal> refusals = new ArrayList<>();
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final boolean rebuild;
    private long read;
    private long delivered;
    private Long total;
    private long sentThisRun;
    private long slept;
    private long start;
    private boolean yielding;

    JobRun(ReplayJob job, String owner, ReplayRunner.Parts parts) {
        this.job = job;
        this.owner = owner;
        this.parts = parts;
        this.pacer = new Pacer(job.speed());
        this.positions = new HashMap<>(job.positions());
        this.rebuild = job.target() instanceof ReplayTarget.Rebuild;
        this.read = job.progress().read();
        this.delivered = job.progress().delivered();
        this.total = job.progress().total();
    }

    @Override
    public void run() {
        try {
            start = System.nanoTime();
            if (rebuild) {
                ReadModelRebuilds.Generation generation = parts.rebuilds().open(ReplayRunner.generationName(job.id()));
                try (Sink sink = new RebuildSink(parts.rebuilds(), generation)) {
                    rebuild(sink, generation);
                }
            } else {
                try (Sink sink = parts.sinks().open(job)) {
                    send(sink, List.of(job.tenantId()), job.createdAt(), Long.MAX_VALUE, true);
                }
            }
            parts.jobs().finish(job.id(), owner, ReplayJob.State.COMPLETED, null);
            log.info("Replay {} completed: {} events read, {} delivered", job.id(), read, delivered);
        } catch (Stopped | InterruptedException e) {
            stopped();
        } catch (Sink.DeliveryException e) {
            log.warn("Replay {} failed: {}", job.id(), e.getMessage());
            parts.jobs().finish(job.id(), owner, ReplayJob.State.FAILED, e.getMessage());
        } catch (RuntimeException e) {
            if (stopRequested.get() || Thread.currentThread().isInterrupted()) {
                stopped();
            } else {
                log.error("Replay {} failed", job.id(), e);
                parts.jobs().finish(job.id(), owner, ReplayJob.State.FAILED, String.valueOf(e.getMessage()));
            }
        }
    }

    /**
     * Stops the run at once, whatever it is doing (once: a second interrupt would cut short the database work that
     * records how far it got).
     */
    void stop(Thread thread) {
        if (stopRequested.compareAndSet(false, true)) {
            thread.interrupt();
        }
    }

    private void stopped() {
        Thread.interrupted(); // the pool would refuse a connection to an interrupted thread
        parts.jobs().stopped(job.id(), owner, positions, progress(), refusals);
    }

    /** The job is no longer this instance's to run: paused, cancelled, or taken up elsewhere. */
    private static final class Stopped extends Exception {
    }

    private void rebuild(Sink sink, ReadModelRebuilds.Generation generation)
            throws InterruptedException, Sink.DeliveryException, Stopped {
        long previous = Long.MAX_VALUE;
        while (true) {
            // Passes over what had arrived when each began, while each finds less than half of what the one before
            // found: then the swap, which holds the live projection while it folds the rest, has about one pass of
            // live traffic left to fold (less than a page when ingest is quiet).
            long before = read;
            send(sink, parts.events().tenants(), null, parts.events().horizon(), false);
            long found = read - before;
            boolean settled = found < parts.settings().pageSize() || found * 2 > previous;
            previous = found;
            if (settled && parts.rebuilds().swap(generation, live -> catchUp(generation, live))) {
                return;
            }
            if (found < parts.settings().pageSize()) {
                TimeUnit.MILLISECONDS.sleep(parts.settings().pollInterval().toMillis());
            }
        }
    }

    /**
     * With the live projection held at {@code live}: waits for the store to have every record before it, then folds
     * whatever the generation lacks. The store's transactions still running then hold only records from {@code live}
     * on, which the live projection folds after the swap, so the read here need not wait for them.
     */
    private boolean catchUp(ReadModelRebuilds.Generation generation, Map<Integer, Long> live) throws InterruptedException {
        long deadline = System.nanoTime() + parts.settings().swapWait().toNanos();
        while (!reached(parts.progress().stored(), live)) {
            if (System.nanoTime() > deadline) {
                log.info("Rebuild {}: the store has not reached the projection's positions within {}; trying again later",
                        job.id(), parts.settings().swapWait());
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        for (String tenant : parts.events().tenants()) {
            EventLog.Stored page;
            do {
                page = parts.events().scanCommitted(EventLog.Scan.all(tenant), positions.get(tenant), parts.settings().pageSize());
                if (!page.events().isEmpty()) {
                    List<ReadModelRebuilds.Unfoldable> unfoldable = parts.rebuilds().fold(generation, page.events());
                    unfoldable.forEach(u -> refusals.add(new Sink.Refusal(u.event(), u.cause())));
                    read += page.events().size();
                    delivered += page.events().size() - unfoldable.size();
                    positions.put(tenant, page.last());
                }
            } while (page.more());
        }
        // In the swap's transaction: the job is completed exactly when the swap commits, so a run taken up again
        // after a crash never builds a second, partial generation.
        if (!parts.jobs().checkpoint(job.id(), owner, positions, progress(), refusals)) {
            return false; // cancelled or paused meanwhile: no swap
        }
        parts.jobs().finish(job.id(), owner, ReplayJob.State.COMPLETED, null);
        return true;
    }

    private static boolean reached(Map<Integer, Long> stored, Map<Integer, Long> live) {
        return live.entrySet().stream().allMatch(p -> stored.getOrDefault(p.getKey(), 0L) >= p.getValue());
    }

    /**
     * Sends the selection of each tenant from its position to the end, or until its position's transaction reaches
     * {@code txLimit}, paced or not; {@code storedBefore} bounds arrival.
     */
    private void send(Sink sink, List<String> tenants, Instant storedBefore, long txLimit, boolean paced)
            throws InterruptedException, Sink.DeliveryException, Stopped {
        if (total == null) {
            long count = 0;
            for (String tenant : tenants) {
                count += parts.events().count(job.selection().scan(tenant, storedBefore));
            }
            total = count;
            start = System.nanoTime(); // the schedule starts with the first page, not with the count
        }
        for (String tenant : tenants) {
            EventLog.Scan scan = job.selection().scan(tenant, storedBefore);
            EventLog.Stored page;
            do {
                yieldToIngest();
                long began = System.nanoTime();
                slept = 0;
                page = parts.events().scan(scan, positions.get(tenant), parts.settings().pageSize());
                deliver(sink, tenant, page, paced);
                checkpoint();
                shareWithIngest(System.nanoTime() - began - slept);
            } while (page.more() && (page.last() == null || page.last().tx() < txLimit));
        }
    }

    /**
     * Delivers a page a chunk at a time (paced: each chunk once its first event is due, with the events due by
     * then), keeping the position and counts of what was delivered, so that a stop within the page keeps them.
     */
    private void deliver(Sink sink, String tenant, EventLog.Stored page, boolean paced)
            throws InterruptedException, Sink.DeliveryException {
        List<BusEvent> events = page.events();
        int limit = paced ? pacer.chunk(events.size()) : events.size();
        int i = 0;
        while (i < events.size()) {
            int j = i + 1;
            if (paced) {
                long wait = start + pacer.dueNanos(sentThisRun + i, timeOf(events.get(i))) - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                    slept += wait;
                }
                long now = System.nanoTime() - start;
                while (j < events.size() && j - i < limit && pacer.dueNanos(sentThisRun + j, timeOf(events.get(j))) <= now) {
                    j++;
                }
            } else {
                j = events.size();
            }
            List<Sink.Refusal> refused = sink.deliver(events.subList(i, j));
            refusals.addAll(refused);
            read += j - i;
            delivered += j - i - refused.size();
            sentThisRun += j - i;
            positions.put(tenant, page.positions().get(j - 1));
            i = j;
        }
    }

    private static Instant timeOf(BusEvent event) {
        if (event.event().time() != null) {
            try {
                return Instant.parse(event.event().time());
            } catch (DateTimeParseException e) {
                // the store answers times in UTC; anything else falls back to the accept instant
            }
        }
        return event.receivedAt();
    }

    /**
     * While events arrive, a job works at most {@code bss.replay.share} of the time: after a page that took
     * {@code work}, it pauses for work × (1 − share) / share.
     */
    private void shareWithIngest(long work) throws InterruptedException {
        double share = parts.settings().share();
        if (share >= 1 || work <= 0) {
            return;
        }
        double arriving;
        try {
            arriving = parts.progress().arriving();
        } catch (RuntimeException e) {
            arriving = 1; // unknown: assume live traffic
        }
        if (arriving > 0) {
            TimeUnit.NANOSECONDS.sleep((long) (work * (1 - share) / share));
        }
    }

    /** Live ingest comes first: while the store is behind by more than the setting, the job waits. */
    private void yieldToIngest() throws InterruptedException, Stopped {
        while (behind()) {
            if (!yielding) {
                yielding = true;
                checkpoint();
            }
            TimeUnit.NANOSECONDS.sleep(YIELD_NANOS);
        }
        if (yielding) {
            yielding = false;
            checkpoint();
        }
    }

    private boolean behind() {
        try {
            return parts.progress().backlog() > parts.settings().yieldBacklog();
        } catch (RuntimeException e) {
            log.warn("Replay {} waits: the store's progress is unknown ({})", job.id(), e.getMessage());
            return true;
        }
    }

    private void checkpoint() throws Stopped {
        if (!parts.jobs().checkpoint(job.id(), owner, positions, progress(), refusals)) {
            throw new Stopped();
        }
        refusals.clear();
    }

    private ReplayJob.Progress progress() {
        long now = System.nanoTime();
        samples.addLast(new long[] {now, delivered});
        while (samples.size() > 2 && now - samples.peekFirst()[0] > RATE_WINDOW_NANOS) {
            samples.removeFirst();
        }
        long[] first = samples.peekFirst();
        Double rate = now - first[0] < TimeUnit.MILLISECONDS.toNanos(100) ? null
                : (delivered - first[1]) * 1e9 / (now - first[0]);
        return new ReplayJob.Progress(read, delivered, 0, total, rate, yielding);
    }
}
