package org.bss.bench.chaos.soak;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the sampler reads /proc, jcmd, Prometheus text and the consumer groups' lag, and writes its soak.json. */
class SampleParsingTest {

    @Test
    void procStatusGivesResidentMemoryAndThreads() {
        String status = """
                Name:\tjava
                Umask:\t0022
                State:\tS (sleeping)
                Pid:\t4242
                VmPeak:\t 9876544 kB
                VmRSS:\t 2621440 kB
                RssAnon:\t 2516582 kB
                RssFile:\t  104858 kB
                RssShmem:\t       0 kB
                Threads:\t187
                SigQ:\t0/94837
                """;

        ProcessProbe.Status parsed = ProcessProbe.Status.parse(status);

        Expect.equal(2_621_440L * 1024, parsed.rssBytes(), "VmRSS in bytes");
        Expect.equal(2_516_582L * 1024, parsed.rssAnonBytes(), "RssAnon in bytes");
        Expect.equal(187L, parsed.threads(), "threads");
    }

    @Test
    void cpuPerEventIsTheCpuBetweenTwoSamplesOverTheEventsStoredBetweenThem() {
        SoakSample before = cpuSample(1_000, 10.0);
        SoakSample after = cpuSample(61_000, 16.0);

        Expect.near(100, after.cpuMicrosPerEvent(before, SoakSample.PLATFORM), 1e-9, "6 s over 60,000 events");
        Expect.isTrue(Double.isNaN(after.cpuMicrosPerEvent(before, SoakSample.POSTGRESQL)), "PostgreSQL not sampled: unknown");
        Expect.isTrue(Double.isNaN(before.cpuMicrosPerEvent(before, SoakSample.PLATFORM)), "no event in between: unknown");
    }

    @Test
    void theCpuPerEventSeriesTakesEachSampleAgainstTheOneBefore() {
        List<SoakSample> samples = List.of(cpuSample(1_000, 10.0), cpuSample(61_000, 16.0), cpuSample(121_000, 19.0),
                cpuSample(121_000, 19.0));

        double[] perEvent = SoakHtml.cpuPerEvent(SoakSample.PLATFORM).apply(samples);

        Expect.equal(4, perEvent.length, "a value a sample");
        Expect.isTrue(Double.isNaN(perEvent[0]), "none before the first");
        Expect.near(100, perEvent[1], 1e-9, "6 s over 60,000 events");
        Expect.near(50, perEvent[2], 1e-9, "3 s over 60,000 events");
        Expect.isTrue(Double.isNaN(perEvent[3]), "an equal sample after: no event in between");
    }

    private static SoakSample cpuSample(long stored, double platformCpu) {
        return new SoakSample(0, 0, SoakSample.LOAD, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, Map.of(), -1, stored,
                Map.of(), null, Map.of(SoakSample.PLATFORM, platformCpu));
    }

    @Test
    void onlyTheProcessOwnTcpSocketsAreCounted() {
        String tcp = """
                  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
                   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1 0000 100 0 0 10 0
                   1: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 1002 1 0000 20 4 30 10 -1
                   2: 0100007F:1F90 0100007F:D432 08 00000000:00000000 00:00000000 00000000     0        0 1003 1 0000 20 4 30 10 -1
                   3: 0100007F:2382 0100007F:D433 01 00000000:00000000 00:00000000 00000000     0        0 2001 1 0000 20 4 30 10 -1
                """;
        String tcp6 = """
                  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
                   0: 00000000000000000000000000000000:2383 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1004 1 0000 100 0 0 10 0
                """;

        ProcessProbe.Tcp counted = ProcessProbe.Tcp.count(Set.of(1001L, 1002L, 1003L, 1004L, 9999L), tcp, tcp6);

        Expect.equal(4L, counted.sockets(), "two listening, one established, one in CLOSE_WAIT; another process' socket left out");
        Expect.equal(1L, counted.established(), "one established");
    }

    @Test
    void g1HeapAfterAFullCollectionLeavesTheYoungRegionsOut() {
        String info = """
                7810:
                garbage-first heap   total reserved 2097152K, committed 2097152K, used 412000K [0x0000000080000000, 0x0000000100000000)
                 region size 1024K, 12 young (12288K), 0 survivors (0K)
                """;

        Expect.equal((412_000L - 12_288) * 1024, HeapInfo.afterFullGc(info), "used less the regions allocated since the GC");
    }

    @Test
    void serialAndParallelHeapAfterAFullCollectionIsTheOldGeneration() {
        String serial = """
                7890:
                DefNew     total 116224K, used 5000K [0x00000000e0000000, 0x00000000e7e10000, 0x00000000eaaa0000)
                 eden space 103360K,   4% used [0x00000000e0000000, 0x00000000e0000000, 0x00000000e64f0000)
                Tenured    total 258048K, used 54282K [0x00000000eaaa0000, 0x00000000fa6a0000, 0x0000000100000000)
                 the  space 258048K,  21% used [0x00000000eaaa0000, 0x00000000edfa29e0, 0x00000000fa6a0000)
                """;
        String parallel = """
                7964:
                PSYoungGen      total 113152K, used 3000K [0x00000000f5580000, 0x00000000fd380000, 0x0000000100000000)
                 eden space 97280K, 3% used [0x00000000f5580000,0x00000000f5580000,0x00000000fb480000)
                ParOldGen       total 258048K, used 54154K [0x00000000e0000000, 0x00000000efc00000, 0x00000000f5580000)
                """;

        Expect.equal(54_282L * 1024, HeapInfo.afterFullGc(serial), "Serial: Tenured");
        Expect.equal(54_154L * 1024, HeapInfo.afterFullGc(parallel), "Parallel: ParOldGen");
    }

    @Test
    void zgcHeapIsItsWholeHeapAndNonsenseIsUnknown() {
        Expect.equal(68L * 1024 * 1024, HeapInfo.afterFullGc("8055:\n ZHeap            used 68M, capacity 378M, max capacity 512M\n"),
                "ZGC: the heap used");
        Expect.equal(-1L, HeapInfo.afterFullGc("4242:\nCould not attach\n"), "not understood: unknown");
    }

    @Test
    void prometheusValuesSumTheirLabelSets() {
        String text = """
                # HELP bss_store_events_total Events written to PostgreSQL
                # TYPE bss_store_events_total counter
                bss_store_events_total 1234567.0
                bss_store_events_created 1.7E9
                # TYPE jvm_gc_live_data_size_bytes gauge
                jvm_gc_live_data_size_bytes{application="bss",note="a } in a label"} 3.0E8 # {trace_id="abc"} 1.0
                jvm_gc_live_data_size_bytes{application="other"} 1.0E8
                """;

        Expect.equal(1_234_567L, PlatformProbe.value(text, PlatformProbe.STORED), "a counter without labels; _created left out");
        Expect.equal(400_000_000L, PlatformProbe.value(text, PlatformProbe.LIVE_DATA), "both label sets, exemplar ignored");
        Expect.equal(-1L, PlatformProbe.value(text, "bss_missing_total"), "absent: unknown");
    }

    @Test
    void thePauseOfTheCollectionsJcmdAskedFor() {
        String text = """
                jvm_gc_pause_seconds_count{action="end of major GC",application="bss-platform",cause="Diagnostic Command",gc="G1 Old Generation"} 12
                jvm_gc_pause_seconds_sum{action="end of major GC",application="bss-platform",cause="Diagnostic Command",gc="G1 Old Generation"} 9.23
                jvm_gc_pause_seconds_sum{action="end of minor GC",application="bss-platform",cause="G1 Evacuation Pause",gc="G1 Young Generation"} 12.027
                """;

        Expect.near(9.23, PlatformProbe.sum(text, PlatformProbe.GC_PAUSE_SUM, PlatformProbe.FORCED), 1e-9,
                "only the forced collections' pauses");
        Expect.isTrue(Double.isNaN(PlatformProbe.sum(text, PlatformProbe.GC_PAUSE_SUM, "cause=\"System.gc()\"")),
                "none of another cause");
    }

    @Test
    void theLagOfEachConsumerGroup() {
        String json = """
                {"at":"2025-01-01T00:00:00Z","groups":[
                  {"group":"bss-store","state":"STABLE","members":2,"lag":120,"partitions":[]},
                  {"group":"bss-projection","state":"STABLE","members":1,"lag":0,"partitions":[]}]}
                """;

        Expect.equal(Map.of("bss-store", 120L, "bss-projection", 0L), PlatformProbe.lagByGroup(json), "lag by group");
    }

    @Test
    void durationsOnTheCommandLine() {
        Expect.near(60, SoakSampler.seconds("60s"), 0, "seconds");
        Expect.near(1800, SoakSampler.seconds("30m"), 0, "minutes");
        Expect.near(3600, SoakSampler.seconds("1h"), 0, "hours");
        Expect.near(0.5, SoakSampler.seconds("500ms"), 0, "milliseconds");
        Expect.near(20, SoakSampler.seconds("20"), 0, "plain seconds");
    }

    @Test
    void soakJsonReadsBackWhatWasWritten() throws Exception {
        SoakSample sample = new SoakSample(60.0, 1_700_000_060_000L, SoakSample.LOAD, 400L << 20, 390L << 20, 1_812, 640, 2_600L << 20,
                2_500L << 20, 187, 420, 170, 160, 12, 900L << 20, 300L << 20,
                Map.of("events", new SoakSample.TableSize(800L << 20, 250L << 20)), 750_000, 1_000_000,
                Map.of("bss-store", 120L), "3,333/s, errors 0, p99 4.1 ms",
                Map.of(SoakSample.PLATFORM, 812.5, SoakSample.POSTGRESQL, 143.25));
        Path file = Files.createTempDirectory("soak").resolve("soak.json");
        try {
            new SoakRun(Map.of("forSeconds", 1800.0, "everySeconds", 60.0), List.of(sample)).write(file);

            SoakRun read = SoakRun.read(file);

            Expect.equal(List.of(sample), read.samples(), "the sample");
            Expect.near(1800, read.plannedSeconds(), 0, "the planned length");
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.getParent());
        }
    }

    @Test
    void theReportTableTakesASampleAStepAndTheOneAfterTheLoad() {
        List<SoakSample> samples = new java.util.ArrayList<>(new SoakJudgementTest.Run().samples());

        List<SoakSample> picked = SoakReport.every(samples, 300);

        Expect.equal(List.of(0.0, 300.0, 600.0, 900.0, 1200.0, 1500.0, 1740.0, 1860.0),
                picked.stream().map(SoakSample::elapsedSeconds).toList(), "every 5 minutes, the last under load, the one after");
    }
}
