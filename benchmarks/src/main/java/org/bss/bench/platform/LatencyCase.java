package org.bss.bench.platform;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.bss.bench.ProcCpu;

/**
 * One kind of read measured: each answer's latency (microseconds, HdrHistogram, 3 significant digits), answers
 * that were not 200, and the CPU the platform's JVM and PostgreSQL spent while they ran.
 */
final class LatencyCase {

    /** CPU consumed so far: the platform's JVM and PostgreSQL (postmaster and backends), in clock ticks. */
    record Cpu(long wallNanos, long platformTicks, long postgresTicks) {
        static Cpu now(long platformPid, long postmasterPid) {
            return new Cpu(System.nanoTime(), platformPid > 0 ? Machine.processTicks(platformPid) : 0,
                    postmasterPid > 0 ? Machine.postgresTicks(postmasterPid) : 0);
        }
    }

    /** What the platform's JVM and PostgreSQL spend with no request at all, in clock ticks a second. */
    record Idle(double platformTicksPerSecond, double postgresTicksPerSecond) {
        static final Idle UNKNOWN = new Idle(0, 0);

        static Idle between(Cpu from, Cpu to) {
            double seconds = (to.wallNanos() - from.wallNanos()) / 1e9;
            return new Idle((to.platformTicks() - from.platformTicks()) / seconds,
                    (to.postgresTicks() - from.postgresTicks()) / seconds);
        }
    }

    final String name;
    final String description;
    private final Histogram micros = new Histogram(TimeUnit.MINUTES.toMicros(30), 3);
    private long failed;
    private String firstFailure;
    private Cpu from;
    private Cpu to;
    private Instant startedAt;
    private Instant endedAt;

    LatencyCase(String name, String description) {
        this.name = name;
        this.description = description;
    }

    void started(Cpu cpu) {
        from = cpu;
        startedAt = Instant.now();
    }

    void ended(Cpu cpu) {
        to = cpu;
        endedAt = Instant.now();
    }

    void record(AsOfClient.Answer answer) {
        if (answer.status() != 200) {
            failed++;
            if (firstFailure == null) {
                firstFailure = answer.status() + " " + answer.text();
            }
            return;
        }
        micros.recordValue(Math.max(1, TimeUnit.NANOSECONDS.toMicros(answer.nanos())));
    }

    long reads() {
        return micros.getTotalCount();
    }

    double percentileMs(double percentile) {
        return micros.getValueAtPercentile(percentile) / 1000.0;
    }

    double meanMs() {
        return micros.getMean() / 1000.0;
    }

    double maxMs() {
        return micros.getMaxValue() / 1000.0;
    }

    /**
     * Reads, failures, latency in ms (p50, p90, p99, p99.9, max, mean), CPU per read in ms: all the processes spent
     * while the reads ran, and that less what they spend idle.
     */
    Map<String, Object> figures(Idle idle) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", name);
        f.put("description", description);
        f.put("reads", reads());
        f.put("notOk", failed);
        if (startedAt != null && endedAt != null) {
            f.put("startedAt", startedAt.toString());
            f.put("endedAt", endedAt.toString());
        }
        if (firstFailure != null) {
            f.put("firstNotOk", firstFailure.length() > 300 ? firstFailure.substring(0, 300) : firstFailure);
        }
        Map<String, Object> ms = new LinkedHashMap<>();
        ms.put("p50", percentileMs(50));
        ms.put("p90", percentileMs(90));
        ms.put("p99", percentileMs(99));
        ms.put("p999", percentileMs(99.9));
        ms.put("max", maxMs());
        ms.put("mean", Machine.round(micros.getMean() / 1000.0, 3));
        f.put("latencyMs", ms);
        if (from != null && to != null && reads() > 0) {
            double seconds = (to.wallNanos() - from.wallNanos()) / 1e9;
            double tick = 1000.0 / ProcCpu.ticksPerSecond();
            Map<String, Object> cpu = new LinkedHashMap<>();
            cpu.put("seconds", Machine.round(seconds, 2));
            cpu.put("platformJvmMsPerRead", Machine.round((to.platformTicks() - from.platformTicks()) * tick / reads(), 3));
            cpu.put("postgresMsPerRead", Machine.round((to.postgresTicks() - from.postgresTicks()) * tick / reads(), 3));
            cpu.put("platformJvmMsPerReadLessIdle", Machine.round(Math.max(0,
                    (to.platformTicks() - from.platformTicks() - idle.platformTicksPerSecond() * seconds)) * tick / reads(), 3));
            cpu.put("postgresMsPerReadLessIdle", Machine.round(Math.max(0,
                    (to.postgresTicks() - from.postgresTicks() - idle.postgresTicksPerSecond() * seconds)) * tick / reads(), 3));
            cpu.put("resolutionMs", tick);
            f.put("cpu", cpu);
        }
        return f;
    }
}
