package org.bss.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

class RunRecorderTest {

    private static final long START = 1_000_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    /** HdrHistogram with 3 significant digits reports a value within 0.1% of the one recorded. */
    private static void assertMs(double actual, double expected) {
        assertThat(actual).isCloseTo(expected, within(expected * 0.001 + 0.001));
    }

    @Test
    void percentilesOfKnownLatencies() {
        RunRecorder recorder = new RunRecorder(START);
        for (int latency = 1; latency <= 100; latency++) {
            long due = START + latency * MS;
            recorder.sent(due, 1);
            recorder.completed(due, due + latency * MS, 202, 1);
        }

        Interval interval = recorder.tick(START + SECOND);
        Totals totals = recorder.totals();

        assertMs(interval.p50Ms(), 50);
        assertMs(interval.p90Ms(), 90);
        assertMs(interval.p99Ms(), 99);
        assertMs(interval.p999Ms(), 100);
        assertMs(interval.maxMs(), 100);
        assertMs(totals.p50Ms(), 50);
        assertMs(totals.p90Ms(), 90);
        assertMs(totals.p99Ms(), 99);
        assertMs(totals.p9999Ms(), 100);
        assertMs(totals.maxMs(), 100);
        assertMs(totals.meanMs(), 50.5);
        assertThat(totals.latencyDistribution()).first().satisfies(p -> {
            assertThat(p.percentile()).isZero();
            assertMs(p.ms(), 1);
        });
        assertThat(totals.latencyDistribution()).last().satisfies(p -> {
            assertThat(p.percentile()).isEqualTo(100);
            assertMs(p.ms(), 100);
        });
    }

    @Test
    void latencyIsCountedFromTheDueInstantNotFromTheSending() {
        RunRecorder recorder = new RunRecorder(START);
        recorder.sent(START, 1);
        recorder.completed(START, START + 2 * SECOND, 202, 1);

        recorder.tick(START + 3 * SECOND);

        assertMs(recorder.totals().maxMs(), 2_000);
        assertMs(recorder.totals().p50Ms(), 2_000);
    }

    @Test
    void latenciesOutsideTheHistogramAreClampedNotThrown() {
        RunRecorder recorder = new RunRecorder(START);
        recorder.completed(START, START + 2 * 3600 * SECOND, 0, 1);
        recorder.completed(START + SECOND, START, 202, 1);

        Totals totals = recorder.totals();

        assertThat(totals.responses()).isEqualTo(2);
        assertMs(totals.maxMs(), 3_600_000);
        assertThat(totals.latencyDistribution().get(0).ms()).isZero();
    }

    @Test
    void a207CountsOnlyTheEventsTheCallerSaysWereAccepted() {
        RunRecorder recorder = new RunRecorder(START);
        recorder.sent(START, 10);
        recorder.sent(START, 10);
        recorder.sent(START, 10);
        recorder.completed(START, START + MS, 207, 10, 7);
        recorder.completed(START, START + MS, 202, 10);
        recorder.completed(START, START + MS, 400, 10);

        Totals totals = recorder.totals();

        assertThat(totals.eventsSent()).isEqualTo(30);
        assertThat(totals.eventsAccepted()).isEqualTo(17);
        assertThat(totals.successes()).isEqualTo(2);
        assertThat(totals.errors()).isEqualTo(1);
    }

    @Test
    void statusCountsKeepTransportErrorsAsZero() {
        RunRecorder recorder = new RunRecorder(START);
        for (int i = 0; i < 5; i++) {
            recorder.sent(START, 1);
        }
        recorder.completed(START, START + MS, 202, 1);
        recorder.completed(START, START + MS, 202, 1);
        recorder.completed(START, START + MS, 429, 1);
        recorder.completed(START, START + 30 * SECOND, 0, 1);

        Interval interval = recorder.tick(START + SECOND);
        Totals totals = recorder.totals();

        assertThat(totals.statusCounts()).containsExactly(Map.entry(0, 1L), Map.entry(202, 2L), Map.entry(429, 1L));
        assertThat(interval.statusCounts()).isEqualTo(totals.statusCounts());
        assertThat(recorder.errors()).isEqualTo(2);
        assertThat(recorder.inFlight()).isEqualTo(1);
        assertThat(totals.errors()).isEqualTo(2);
        assertThat(totals.unanswered()).isEqualTo(1);
        assertThat(totals.errorRate()).isEqualTo(3 / 5.0);
        assertThat(totals.eventsAccepted()).isEqualTo(2);
    }

    @Test
    void eachIntervalCountsOnlyWhatHappenedInItAndItsRate() {
        RunRecorder recorder = new RunRecorder(START);
        recorder.target(100);
        for (int i = 0; i < 100; i++) {
            recorder.sent(START + i * 10 * MS, 1);
            recorder.completed(START + i * 10 * MS, START + i * 10 * MS + 5 * MS, 202, 1);
        }
        Interval first = recorder.tick(START + SECOND);

        recorder.target(200);
        recorder.target(300);
        for (int i = 0; i < 50; i++) {
            long due = START + SECOND + i * 10 * MS;
            recorder.sent(due, 2);
            recorder.completed(due, due + 20 * MS, i < 10 ? 503 : 202, 2);
        }
        Interval second = recorder.tick(START + SECOND + SECOND / 2);
        Interval empty = recorder.tick(START + 2 * SECOND + SECOND / 2);

        assertThat(first.startSeconds()).isZero();
        assertThat(first.seconds()).isEqualTo(1.0);
        assertThat(first.targetPerSecond()).isEqualTo(100);
        assertThat(first.requestsSent()).isEqualTo(100);
        assertThat(first.achievedPerSecond()).isEqualTo(100);
        assertMs(first.p99Ms(), 5);

        assertThat(second.startSeconds()).isEqualTo(1.0);
        assertThat(second.seconds()).isEqualTo(0.5);
        assertThat(second.targetPerSecond()).isEqualTo(250);
        assertThat(second.requestsSent()).isEqualTo(50);
        assertThat(second.eventsSent()).isEqualTo(100);
        assertThat(second.responses()).isEqualTo(50);
        assertThat(second.eventsAccepted()).isEqualTo(80);
        assertThat(second.achievedPerSecond()).isEqualTo(160);
        assertThat(second.statusCounts()).containsExactly(Map.entry(202, 40L), Map.entry(503, 10L));
        assertThat(second.errors()).isEqualTo(10);
        assertMs(second.p50Ms(), 20);
        assertMs(second.cumulativeP50Ms(), 5);
        assertMs(second.cumulativeP99Ms(), 20);

        assertThat(empty.responses()).isZero();
        assertThat(empty.statusCounts()).isEmpty();
        assertThat(empty.p99Ms()).isZero();
        assertThat(empty.targetPerSecond()).as("the last target holds").isEqualTo(300);

        Totals totals = recorder.totals();
        assertThat(totals.intervals()).containsExactly(first, second, empty);
        assertThat(totals.durationSeconds()).isEqualTo(2.5);
        assertThat(totals.achievedPerSecond()).isEqualTo(180 / 2.5);
        assertThat(totals.meanTargetPerSecond()).isEqualTo((100 * 1.0 + 250 * 0.5 + 300 * 1.0) / 2.5);
    }

    /** Ten seconds of a request every 100 ms, each leaving as late as the given lateness of its due instant. */
    private static Totals tenSeconds(LongUnaryOperator latenessOfDue) {
        RunRecorder recorder = new RunRecorder(START, Duration.ofSeconds(10));
        for (int i = 0; i < 100; i++) {
            long due = START + i * 100 * MS;
            recorder.sent(due, 1);
            long left = due + latenessOfDue.applyAsLong(due - START);
            recorder.departed(due, left);
            recorder.completed(due, left + MS, 202, 1);
        }
        return recorder.totals();
    }

    @Test
    void aRunThatFellBehindAndStayedBehindEndsBehindItsScheduleByTheLeastLatenessOfItsLastSecond() {
        Totals totals = tenSeconds(due -> due / 2);

        assertThat(totals.scheduledSeconds()).isEqualTo(10);
        assertThat(totals.behindSeconds()).as("the request due at 9 s left 4.5 s late").isEqualTo(4.5);
        assertThat(totals.pace().windowSeconds()).isEqualTo(14.5);
        assertThat(totals.pace().askedPerSecond()).isEqualTo(10);
        assertThat(totals.pace().share()).isEqualTo(10 / 14.5);
    }

    @Test
    void aPauseJustBeforeTheEndThatSomeRequestsOfTheLastSecondMissedCostsNothing() {
        Totals totals = tenSeconds(due -> due >= 9_700 * MS ? 400 * MS : 0);

        assertThat(totals.behindSeconds()).isZero();
        assertThat(totals.pace().share()).isEqualTo(1);
    }

    @Test
    void aShortRunsLastStretchIsItsLastTenth() {
        RunRecorder recorder = new RunRecorder(START, Duration.ofMillis(500));
        recorder.departed(START + 440 * MS, START + 440 * MS);
        recorder.departed(START + 450 * MS, START + 700 * MS);
        recorder.departed(START + 490 * MS, START + 800 * MS);

        assertThat(recorder.totals().behindSeconds()).isEqualTo(0.25);
    }

    @Test
    void withoutARequestDueInTheLastStretchTheLastToLeaveSaysHowFarBehindTheRunEnded() {
        RunRecorder recorder = new RunRecorder(START, Duration.ofSeconds(10));
        recorder.departed(START, START);
        recorder.departed(START + 5 * SECOND, START + 11 * SECOND + 500 * MS);

        assertThat(recorder.totals().behindSeconds()).isEqualTo(1.5);
        assertThat(new RunRecorder(START, Duration.ofSeconds(10)).totals().behindSeconds()).as("nothing sent").isZero();
        assertThat(new RunRecorder(START).totals().pace().known()).as("no schedule").isFalse();
    }

    @Test
    void totalsTakenBetweenTicksLoseNothingFromTheNextInterval() {
        RunRecorder recorder = new RunRecorder(START);
        recorder.completed(START, START + 3 * MS, 202, 1);

        assertThat(recorder.totals().responses()).isEqualTo(1);
        Interval interval = recorder.tick(START + SECOND);

        assertThat(interval.responses()).isEqualTo(1);
        assertMs(interval.p50Ms(), 3);
        assertThat(recorder.latencyHistogramMicros().getTotalCount()).isEqualTo(1);
    }

    @Test
    void progressLineShowsTheIntervalAndTheErrorsSoFar() {
        RunRecorder recorder = new RunRecorder(START);
        recorder.target(6_667);
        for (int i = 0; i < 6_667; i++) {
            recorder.sent(START, 1);
        }
        for (int i = 0; i < 6_650; i++) {
            recorder.completed(START, START + 2 * MS, 202, 1);
        }
        recorder.completed(START, START + 2 * MS, 429, 1);
        recorder.completed(START, START + 2 * MS, 429, 1);
        recorder.completed(START, START + 2 * MS, 0, 1);

        String line = recorder.tick(START + SECOND).progressLine(57, recorder.inFlight());

        assertThat(line).startsWith("    1s  target 6,667/s  achieved 6,650/s  sent 6,667  in flight 14  ")
                .contains("errors 3 (io:1 429:2), 57 in all")
                .contains("p50 2.0 ms")
                .contains("(so far 2.0 / 2.0 ms)");
        assertThat(recorder.tick(START + 2 * SECOND).progressLine(3)).contains("errors 0, 3 in all", "no responses")
                .doesNotContain("in flight");
    }

    @Test
    void progressLineShowsRequestsWhenTheyCarryBatches() {
        RunRecorder recorder = new RunRecorder(START);
        recorder.sent(START, 100);
        recorder.completed(START, START + MS, 202, 100);

        assertThat(recorder.tick(START + SECOND).progressLine(0)).contains("sent 100 (1 req)  errors 0  p50");
    }

    @Test
    void readsAreCountedByOutcomeAndKeptOutOfTheWritesFigures() {
        RunRecorder recorder = new RunRecorder(START);
        recorder.sent(START, 1);
        recorder.completed(START, START + 2 * MS, 202, 1);
        for (int i = 1; i <= 10; i++) {
            long due = START + i * MS;
            recorder.readSent(due);
            int status = i <= 6 ? 200 : i <= 8 ? 404 : i == 9 ? 503 : 0;
            recorder.readCompleted(due, due + i * 10 * MS, status);
        }
        recorder.readSent(START);

        Interval interval = recorder.tick(START + SECOND);
        Totals totals = recorder.totals();

        assertThat(totals.requests()).isEqualTo(1);
        assertThat(totals.responses()).isEqualTo(1);
        assertThat(totals.statusCounts()).containsExactly(Map.entry(202, 1L));
        assertMs(totals.maxMs(), 2);
        assertThat(totals.latencyDistribution()).last().satisfies(p -> assertMs(p.ms(), 2));
        Reads reads = totals.reads();
        assertThat(reads.sent()).isEqualTo(11);
        assertThat(reads.answered()).isEqualTo(10);
        assertThat(reads.ok()).isEqualTo(6);
        assertThat(reads.notYet()).isEqualTo(2);
        assertThat(reads.failed()).isEqualTo(2);
        assertThat(reads.failures()).containsExactly(Map.entry(0, 1L), Map.entry(503, 1L));
        assertMs(reads.p50Ms(), 50);
        assertMs(reads.p90Ms(), 90);
        assertMs(reads.maxMs(), 100);
        assertThat(totals.readsPerSecond()).isEqualTo(10);
        assertThat(interval.reads()).isEqualTo(reads);
        assertThat(recorder.errors()).isZero();
        assertThat(recorder.inFlight()).as("a read awaits its answer").isEqualTo(1);

        Interval quiet = recorder.tick(START + 2 * SECOND);
        assertThat(quiet.reads()).isEqualTo(Reads.NONE);
        assertThat(recorder.totals().reads()).isEqualTo(reads);
    }

    @Test
    void progressLineShowsTheReadsWhenThereAreAny() {
        RunRecorder recorder = new RunRecorder(START);
        recorder.sent(START, 1);
        recorder.completed(START, START + MS, 202, 1);
        assertThat(recorder.tick(START + SECOND).progressLine(0)).doesNotContain("reads");

        for (int i = 0; i < 4; i++) {
            recorder.readSent(START + SECOND);
        }
        recorder.readCompleted(START + SECOND, START + SECOND + 3 * MS, 200);
        recorder.readCompleted(START + SECOND, START + SECOND + 3 * MS, 404);
        recorder.readCompleted(START + SECOND, START + SECOND + 3 * MS, 500);

        assertThat(recorder.tick(START + 2 * SECOND).progressLine(0))
                .endsWith("  reads 4: 1 ok, 1 not yet, 1 failed, p99 3.0 ms");
    }

    @Test
    void concurrentRecordingLosesNothing() throws InterruptedException {
        RunRecorder recorder = new RunRecorder(START);
        int threads = 4;
        int perThread = 50_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int status = t == 0 ? 503 : 202;
            workers.add(Thread.ofPlatform().start(() -> {
                awaitQuietly(go);
                for (int i = 0; i < perThread; i++) {
                    long due = START + i * 1_000L;
                    recorder.sent(due, 3);
                    recorder.completed(due, due + (i % 1000 + 1) * 1_000L, status, 3);
                }
            }));
        }
        AtomicBoolean running = new AtomicBoolean(true);
        go.countDown();
        long now = START;
        int ticks = 0;
        while (running.get()) {
            now += SECOND;
            recorder.tick(now);
            ticks++;
            running.set(workers.stream().anyMatch(Thread::isAlive) || ticks < 3);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        recorder.tick(now + SECOND);

        Totals totals = recorder.totals();
        long expected = (long) threads * perThread;
        assertThat(totals.requests()).isEqualTo(expected);
        assertThat(totals.responses()).isEqualTo(expected);
        assertThat(totals.eventsSent()).isEqualTo(3 * expected);
        assertThat(totals.eventsAccepted()).isEqualTo(3L * (threads - 1) * perThread);
        assertThat(totals.statusCounts())
                .containsExactly(Map.entry(202, 3L * perThread), Map.entry(503, (long) perThread));
        assertThat(totals.intervals().stream().mapToLong(Interval::responses).sum()).isEqualTo(expected);
        assertThat(totals.intervals().stream().mapToLong(Interval::eventsAccepted).sum())
                .isEqualTo(totals.eventsAccepted());
        assertThat(totals.intervals().stream().mapToLong(i -> i.statusCounts().getOrDefault(503, 0L)).sum())
                .isEqualTo(perThread);
        assertThat(recorder.latencyHistogramMicros().getTotalCount()).isEqualTo(expected);
        assertMs(totals.maxMs(), 1);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
