package org.bss.bench.chaos.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The verdict of a 30-minute soak (a sample a minute, then one after the load) over healthy and leaking series. */
class SoakJudgementTest {

    private static final long MB = 1024 * 1024;

    /** A figure by minute of the run. */
    interface Figure {
        long at(int minute);
    }

    /** A run of 30 samples under load and one after it; every figure flat and healthy unless replaced. */
    static final class Run {
        Figure heapMb = m -> 400 + m % 3;
        Figure rssMb = m -> 2_600 + (m % 2) * 3;
        Figure threads = m -> 190 + m % 3;
        Figure fds = m -> 420 + m % 5;
        Figure tcp = m -> 170 + m % 4;
        Figure pg = m -> 12;
        Figure stored = m -> 200_000L * m;
        Figure pgBytes = m -> 20 * MB + 1_200 * stored.at(m);
        Figure storeLag = m -> 300 + (m % 4) * 100;
        Figure projectionLag = m -> 800 - (m % 3) * 200;
        long storeLagAfter = 0;

        List<SoakSample> samples() {
            List<SoakSample> samples = new ArrayList<>();
            for (int m = 0; m < 30; m++) {
                samples.add(sample(m, SoakSample.LOAD, Map.of("bss-store", storeLag.at(m), "bss-projection", projectionLag.at(m))));
            }
            samples.add(sample(31, SoakSample.AFTER, Map.of("bss-store", storeLagAfter, "bss-projection", 0L)));
            return samples;
        }

        private SoakSample sample(int m, String phase, Map<String, Long> lag) {
            return new SoakSample(m * 60.0, 1_700_000_000_000L + m * 60_000L, phase, heapMb.at(m) * MB, heapMb.at(m) * MB, 900, 400,
                    rssMb.at(m) * MB, (rssMb.at(m) - 200) * MB, threads.at(m), fds.at(m), tcp.at(m), tcp.at(m) - 10, pg.at(m),
                    pgBytes.at(m), pgBytes.at(m) / 3, Map.of("events", new SoakSample.TableSize(pgBytes.at(m), pgBytes.at(m) / 3)),
                    stored.at(m), stored.at(m), new TreeMap<>(lag), null, Map.of());
        }

        SoakJudgement.Verdict judge() {
            return SoakJudgement.judge(samples(), SoakRules.DEFAULT);
        }
    }

    @Test
    void aFlatSeriesPassesEveryCheck() {
        SoakJudgement.Verdict verdict = new Run().judge();

        Expect.isTrue(verdict.pass(), "a flat run passes: " + verdict.checks());
        Expect.equal(List.of("Heap after GC", "Resident memory (RSS)", "Threads", "Open file descriptors", "TCP sockets",
                "PostgreSQL connections", "Kafka lag: bss-projection", "Kafka lag: bss-store", "PostgreSQL bytes per stored event"),
                verdict.checks().stream().map(SoakJudgement.Check::subject).toList(), "one check a resource, one a consumer group");
        Expect.equal(25, verdict.windowSamples(), "minutes 5 to 29 are judged");
    }

    @Test
    void aHeapGrowingTwoMegabytesAMinuteFails() {
        Run run = new Run();
        run.heapMb = m -> 400 + 2L * m;

        SoakJudgement.Verdict verdict = run.judge();

        SoakJudgement.Check heap = check(verdict, "Heap after GC");
        Expect.isTrue(!heap.pass(), "a growing heap fails");
        Expect.contains(heap.figures(), "slope +2.00 MB/min", "the slope is shown");
        Expect.contains(heap.figures(), "+48 MB", "and the rise since the warm-up");
        Expect.equal(1L, verdict.failed(), "nothing else fails");
    }

    @Test
    void aHeapThatStepsUpOnceByMoreThan64MegabytesFails() {
        Run run = new Run();
        run.heapMb = m -> m < 28 ? 400 : 480;

        SoakJudgement.Check heap = check(run.judge(), "Heap after GC");

        Expect.isTrue(!heap.pass(), "80 MB more at the end than after the warm-up fails, whatever the slope");
        Expect.contains(heap.figures(), "+80 MB (limit +64)", "the rise is shown against its limit");
    }

    @Test
    void residentMemoryGrowingThreeMegabytesAMinuteFails() {
        Run run = new Run();
        run.rssMb = m -> 2_600 + 3L * m;

        SoakJudgement.Check rss = check(run.judge(), "Resident memory (RSS)");

        Expect.isTrue(!rss.pass(), "RSS rising 3 MB/min fails");
        Expect.contains(rss.figures(), "slope +3.00 MB/min from 17:00 on (limit 2.00", "the slope is shown against its limit");
    }

    @Test
    void residentMemoryThatRisesFastEarlyAndThenLevelsOffPasses() {
        Run run = new Run();
        run.rssMb = m -> 2_600 + Math.min(m, 15) * 4L;

        SoakJudgement.Check rss = check(run.judge(), "Resident memory (RSS)");

        Expect.isTrue(rss.pass(), "a cache that fills to its bound by 15:00 is no leak: " + rss.figures());
    }

    @Test
    void threadsThatKeepBeingStartedFail() {
        Run run = new Run();
        run.threads = m -> 190 + 3L * m;

        SoakJudgement.Check threads = check(run.judge(), "Threads");

        Expect.isTrue(!threads.pass(), "a thread leak fails");
        Expect.contains(threads.figures(), "205 at 5:00, min 205, max 277: rise 72", "the rise is shown");
    }

    @Test
    void aCountThatFallsOnceAndStaysPasses() {
        Run run = new Run();
        run.tcp = m -> m < 9 ? 240 : 203;

        SoakJudgement.Check tcp = check(run.judge(), "TCP sockets");

        Expect.isTrue(tcp.pass(), "idle connections closed are no leak: " + tcp.figures());
    }

    @Test
    void connectionsLeftInCloseWaitFail() {
        Run run = new Run();
        run.tcp = m -> 170 + 5L * m;

        Expect.isTrue(!check(run.judge(), "TCP sockets").pass(), "sockets piling up fail");
    }

    @Test
    void aSmallCountMayMoveByFour() {
        Run run = new Run();
        run.pg = m -> 2 + m % 5;

        SoakJudgement.Check pg = check(run.judge(), "PostgreSQL connections");

        Expect.isTrue(pg.pass(), "2 to 6 connections: 10 % of the first is less than one, but 4 are allowed");
        Expect.contains(pg.figures(), "rise 4 (allowed 4.0)", "the allowance is shown");
    }

    @Test
    void aLagThatBuildsUpInTheWarmUpAndDrainsPasses() {
        Run run = new Run();
        run.storeLag = m -> m < 5 ? 300_000 - 60_000L * m : Math.max(200, 5_000 - 2_000L * (m - 5));

        SoakJudgement.Verdict verdict = run.judge();

        SoakJudgement.Check store = check(verdict, "Kafka lag: bss-store");
        Expect.isTrue(store.pass(), "a lag that drains passes: " + store.figures());
        Expect.contains(store.figures(), "0 at 31:00 (after the load)", "the lag after the load is shown");
        Expect.isTrue(verdict.pass(), "and the run passes");
    }

    @Test
    void aLagThatKeepsGrowingFails() {
        Run run = new Run();
        run.storeLag = m -> 2_000L * m;

        SoakJudgement.Check store = check(run.judge(), "Kafka lag: bss-store");

        Expect.isTrue(!store.pass(), "a lag growing 2,000 records a minute fails");
        Expect.contains(store.figures(), "slope +2,000 records/min", "the slope is shown");
    }

    @Test
    void aLagStillHighOnceTheLoadHasStoppedFails() {
        Run run = new Run();
        run.storeLagAfter = 50_000;

        SoakJudgement.Check store = check(run.judge(), "Kafka lag: bss-store");

        Expect.isTrue(!store.pass(), "a group that has not caught up after the load fails");
        Expect.contains(store.figures(), "50,000 at 31:00 (after the load)", "the lag left is shown");
        Expect.isTrue(check(run.judge(), "Kafka lag: bss-projection").pass(), "the other group is judged on its own");
    }

    @Test
    void dataGrowingFasterThanTheEventsFails() {
        Run run = new Run();
        run.pgBytes = m -> 20 * MB + (long) (1_200 * run.stored.at(m) * (1 + m / 20.0));

        SoakJudgement.Check bytes = check(run.judge(), "PostgreSQL bytes per stored event");

        Expect.isTrue(!bytes.pass(), "bytes per event growing with time fails");
        Expect.contains(bytes.figures(), "1,800 B/event at 10:00", "the reference is the sample at 10 minutes");
        Expect.contains(bytes.figures(), "+70.0 %", "the drift is shown");
    }

    @Test
    void dataGrowingWithTheEventsPasses() {
        SoakJudgement.Check bytes = check(new Run().judge(), "PostgreSQL bytes per stored event");

        Expect.isTrue(bytes.pass(), "a constant 1,200 bytes an event passes");
        Expect.contains(bytes.figures(), "1,200 B/event at 10:00", "the baseline of the empty schema is not counted");
    }

    @Test
    void aRunStoppedDuringTheWarmUpIsNotPassed() {
        List<SoakSample> samples = new Run().samples().subList(0, 4);

        SoakJudgement.Verdict verdict = SoakJudgement.judge(samples, SoakRules.DEFAULT);

        Expect.isTrue(!verdict.pass(), "nothing judged is no pass");
        Expect.contains(check(verdict, "Threads").figures(), "0 samples in the window, at least 3 needed", "it says why");
    }

    @Test
    void theSlopeOfAStraightLineIsItsGradient() {
        Expect.near(2, SoakJudgement.slope(new double[] {0, 1, 2, 3}, new double[] {5, 7, 9, 11}), 1e-12, "slope");
        Expect.near(-0.5, SoakJudgement.slope(new double[] {0, 2, 4}, new double[] {3, 2, 1}), 1e-12, "slope");
        Expect.isTrue(Double.isNaN(SoakJudgement.slope(new double[] {1}, new double[] {1})), "one point has no slope");
    }

    @Test
    void aShortRunScalesItsWarmUpAndReference() {
        SoakRules fourMinutes = SoakRules.forRun(240);

        Expect.near(40, fourMinutes.warmupSeconds(), 1e-9, "a sixth of the run is warm-up");
        Expect.near(80, fourMinutes.referenceSeconds(), 1e-9, "a third is the reference");
        Expect.near(1, fourMinutes.heapSlopeMbPerMinute(), 1e-9, "limits stay");
        Expect.equal(SoakRules.DEFAULT, SoakRules.forRun(1800), "30 minutes: the defaults");
        Expect.equal(SoakRules.DEFAULT, SoakRules.forRun(7200), "longer: the defaults too");
    }

    private static SoakJudgement.Check check(SoakJudgement.Verdict verdict, String subject) {
        return verdict.checks().stream().filter(c -> c.subject().equals(subject)).findFirst()
                .orElseThrow(() -> new AssertionError("no check of " + subject + " in " + verdict.checks()));
    }
}
