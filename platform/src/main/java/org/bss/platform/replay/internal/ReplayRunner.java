package org.bss.platform.replay.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.projection.ReadModelRebuilds;
import org.bss.platform.replay.ReplayProperties;
import org.bss.platform.store.EventLog;
import org.bss.platform.store.StoreProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs replay jobs on this instance: every poll it renews the leases of the jobs it holds, stops those that were
 * paused or cancelled meanwhile (through any instance), and takes up running jobs nobody holds, up to
 * {@code bss.replay.workers} at once, each on a thread of its own. A job left by a crashed instance is taken up
 * once its lease has run out; one left by an instance that stopped cleanly, at once.
 */
@Component
@ConditionalOnRole(Role.REPLAY)
class ReplayRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReplayRunner.class);

    /** What a run needs. */
    record Parts(ReplayJobs jobs, EventLog events, StoreProgress progress, Sinks sinks, ReadModelRebuilds rebuilds,
                 ReplayProperties settings) {
    }

    private final Parts parts;
    private final String owner;
    private final Map<UUID, Running> running = new ConcurrentHashMap<>();

    private record Running(JobRun run, Thread thread) {
        void stop() {
            run.stop(thread);
        }
    }
    private volatile ScheduledExecutorService poller;

    ReplayRunner(ReplayJobs jobs, EventLog events, StoreProgress progress, Sinks sinks, ReadModelRebuilds rebuilds,
            ReplayProperties settings) {
        this.parts = new Parts(jobs, events, progress, sinks, rebuilds, settings);
        this.owner = host() + "/" + UUID.randomUUID();
    }

    /** A rebuild job's generation is named for the job, so that a resumed run finds it again. */
    static String generationName(UUID jobId) {
        return jobId.toString().replace("-", "");
    }

    @Override
    public void start() {
        poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("replay-poller").daemon().factory());
        long every = parts.settings().pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::poll, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService current = poller;
        poller = null;
        if (current != null) {
            current.shutdownNow();
        }
        running.values().forEach(Running::stop);
        for (Running run : running.values()) {
            try {
                run.thread().join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return poller != null;
    }

    /** Stops this instance's run of the job, if it has one, and waits up to {@code wait} for it to end. */
    boolean stopHere(UUID id, Duration wait) throws InterruptedException {
        Running run = running.get(id);
        if (run == null) {
            return true;
        }
        run.stop();
        run.thread().join(wait.toMillis());
        return !run.thread().isAlive();
    }

    /** Looks for work now rather than at the next poll (a job was created or resumed here). */
    void wake() {
        ScheduledExecutorService current = poller;
        if (current != null) {
            current.execute(this::poll);
        }
    }

    private void poll() {
        try {
            if (!running.isEmpty()) {
                parts.jobs().renew(owner, parts.settings().lease());
                Map<UUID, ReplayJob.State> held = parts.jobs().held(owner);
                running.forEach((id, run) -> {
                    if (held.get(id) != ReplayJob.State.RUNNING) {
                        run.stop();
                    }
                });
            }
            while (running.size() < parts.settings().workers()) {
                Optional<ReplayJob> claimed = parts.jobs().claim(owner, parts.settings().lease());
                if (claimed.isEmpty()) {
                    return;
                }
                start(claimed.get());
            }
        } catch (RuntimeException e) {
            log.warn("Replay jobs could not be polled: {}", e.getMessage());
        }
    }

    private void start(ReplayJob job) {
        log.info("Replay {} taken up by {} at {} events read", job.id(), owner, job.progress().read());
        JobRun run = new JobRun(job, owner, parts);
        Thread thread = Thread.ofPlatform().name("replay-" + job.id()).unstarted(() -> {
            try {
                run.run();
            } catch (RuntimeException | Error e) {
                log.error("Replay {} stopped without recording it; it is taken up again once its lease runs out", job.id(), e);
            } finally {
                running.remove(job.id());
            }
        });
        running.put(job.id(), new Running(run, thread));
        thread.start();
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
