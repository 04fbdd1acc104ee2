package org.bss.bench.chaos.soak;

import java.util.List;
import java.util.Locale;

/**
 * The thresholds a soak is judged by. Over a 30-minute run: the first 5 minutes are a warm-up and the bytes per event
 * are compared with those at 10 minutes; a shorter run (a smoke test of the suite) scales both to a sixth and a third of
 * its length, the per-minute slopes and limits stay as they are.
 *
 * @param warmupSeconds        samples before this are not judged
 * @param referenceSeconds     when the bytes per event are taken as the reference
 * @param heapSlopeMbPerMinute heap after GC: the least-squares slope must stay under this
 * @param heapRiseMb           heap after GC: the last value at most this far above the first after the warm-up
 * @param rssSlopeMbPerMinute  resident memory: the slope over the later half of the window must stay under this
 * @param spreadShare          threads, descriptors, connections: at most this share of the window's first value above it...
 * @param spreadAbsolute       ...or at most this many
 * @param lagSlopePerMinute    each consumer group's lag: its slope at most this many records a minute
 * @param lagNearZero          each group's lag at the end, once the load has stopped, at most this many records
 * @param bytesPerEventDrift   PostgreSQL bytes per stored event at the end within this share of the reference
 */
record SoakRules(double warmupSeconds, double referenceSeconds, double heapSlopeMbPerMinute, double heapRiseMb,
        double rssSlopeMbPerMinute, double spreadShare, long spreadAbsolute, double lagSlopePerMinute, long lagNearZero,
        double bytesPerEventDrift) {

    static final double FULL_RUN_SECONDS = 30 * 60;
    static final SoakRules DEFAULT = new SoakRules(5 * 60, 10 * 60, 1, 64, 2, 0.10, 4, 1_000, 1_000, 0.15);

    /** The defaults for a run of at least 30 minutes; for a shorter one, warm-up and reference scaled to its length. */
    static SoakRules forRun(double seconds) {
        if (seconds >= FULL_RUN_SECONDS) {
            return DEFAULT;
        }
        return new SoakRules(seconds / 6, seconds / 3, DEFAULT.heapSlopeMbPerMinute, DEFAULT.heapRiseMb,
                DEFAULT.rssSlopeMbPerMinute, DEFAULT.spreadShare, DEFAULT.spreadAbsolute, DEFAULT.lagSlopePerMinute,
                DEFAULT.lagNearZero, DEFAULT.bytesPerEventDrift);
    }

    /** The rule in words, one line a check, as the report states it. */
    List<String> statements() {
        return List.of(
                f("Window: the samples taken under load from %s on (the first %s are a warm-up); a slope is the"
                        + " least-squares line through the window's samples.", clock(warmupSeconds), clock(warmupSeconds)),
                f("Heap after GC: slope < %s MB/min, and the last value at most %s MB above the window's first.",
                        num(heapSlopeMbPerMinute), num(heapRiseMb)),
                f("Resident memory (VmRSS): slope < %s MB/min over the later half of the window (caches with a bound,"
                        + " such as RocksDB's, fill at a falling rate and stop; a leak keeps its pace).",
                        num(rssSlopeMbPerMinute)),
                f("Threads, open file descriptors, TCP sockets, PostgreSQL connections: never more than %s %% (or %d)"
                        + " above the window's first sample (a count may fall: idle connections closed; a leak only"
                        + " rises).", num(spreadShare * 100), spreadAbsolute),
                f("Kafka lag, each consumer group: slope at most %s records/min over the window, and at most %s records at the"
                        + " last sample, taken once the load has stopped and every group is that close, or the drain time is over.",
                        num(lagSlopePerMinute), num(lagNearZero)),
                f("PostgreSQL bytes per stored event (tables, indexes and TOAST of the public schema grown since the first"
                        + " sample, over the events stored since): at the last sample within %s %% of the value at %s,"
                        + " so that the data grows with the events and nothing else.", num(bytesPerEventDrift * 100),
                        clock(referenceSeconds)));
    }

    /** Seconds as m:ss. */
    static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private static String num(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
