package org.bss.loadgen.fuzz;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends a pass's requests over {@code connections} connections at a time, each request on a fresh connection, and
 * judges every answer. Slow clients run beside the others, so that their pauses hold no connection of the pass. A
 * line of progress every 1,000 requests.
 */
final class FuzzPass {

    static final int PROGRESS_EVERY = 1000;

    /**
     * @param timeout     how long to wait for an answer after the whole request was sent
     * @param slowTimeout how long a slow client waits for the server to answer or close its connection
     */
    record Settings(InetSocketAddress address, int connections, Duration timeout, Duration slowTimeout) {
        Settings {
            if (connections < 1) {
                throw new IllegalArgumentException("--connections must be at least 1");
            }
        }
    }

    /** The counts, the findings, and how long the pass took. */
    record Result(Tally tally, Findings findings, long millis) {
    }

    private FuzzPass() {
    }

    static Result run(FuzzCases cases, Settings settings, PrintStream console) {
        Tally tally = new Tally(FuzzCases.familyNames());
        Findings findings = new Findings();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        long started = System.nanoTime();
        Runnable progress = () -> {
            int n = done.incrementAndGet();
            if (n % PROGRESS_EVERY == 0 || n == cases.size()) {
                console.println(progressLine(n, cases.size(), tally, started));
            }
        };
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        try (ExecutorService slow = Executors.newVirtualThreadPerTaskExecutor()) {
            try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < settings.connections(); c++) {
                    workers.submit(guarded(failure, () -> {
                        for (int index = next.getAndIncrement(); index < cases.size() && failure.get() == null; index = next.getAndIncrement()) {
                            FuzzRequest request = cases.request(index);
                            if (request.pace() instanceof FuzzRequest.Pace.Trickle) {
                                int slowIndex = index;
                                slow.submit(guarded(failure, () -> {
                                    send(slowIndex, request, cases.target(), settings.address(), settings.slowTimeout(), tally, findings);
                                    progress.run();
                                }));
                            } else {
                                send(index, request, cases.target(), settings.address(), settings.timeout(), tally, findings);
                                progress.run();
                            }
                        }
                    }));
                }
            }
            // closing the slow clients' executor waits for them
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return new Result(tally, findings, (System.nanoTime() - started) / 1_000_000);
    }

    /** The task, keeping the first failure of any task so that the pass stops and reports it. */
    private static Runnable guarded(AtomicReference<RuntimeException> failure, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        };
    }

    private static void send(int index, FuzzRequest request, FuzzTarget target, InetSocketAddress address, Duration timeout, Tally tally,
            Findings findings) {
        // The families make no acceptable request; this is the last line of defence should one ever do.
        if (Guard.couldBeAccepted(request.bytes(), target)) {
            tally.withheld(request.family());
            return;
        }
        Exchange.Received received = Exchange.run(request, address, timeout);
        Verdict verdict = Verdict.of(received, timeout);
        tally.add(request.family(), request.name(), verdict.outcome(), received.millis());
        if (verdict.outcome().finding()) {
            findings.add(index, request, verdict, received);
        }
    }

    static String progressLine(int done, int of, Tally tally, long startedNanos) {
        return String.format(Locale.ROOT, "fuzz: %,d of %,d in %ds: %,d refused with a problem, %,d batch answers, %,d closed, %,d findings%s",
                done, of, (System.nanoTime() - startedNanos) / 1_000_000_000L, tally.count(Outcome.PROBLEM), tally.count(Outcome.BATCH_REFUSED),
                tally.count(Outcome.CLOSED), tally.findings(), tally.withheld() == 0 ? "" : String.format(Locale.ROOT, ", %,d withheld", tally.withheld()));
    }
}
