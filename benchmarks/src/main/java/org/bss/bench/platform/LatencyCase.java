package org.bss.bench.platform;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

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

    final String name;
    final String description;
    private final Histogram micros = new Histogram(TimeUnit.MINUTES.toMicros(30), 3);
    private long failed;
    private String firstFailure;
    private Cpu from;
    private Cpu to;

    LatencyCase(String name, String description) {
        this.name = name;
        this.description = description;
    }

    void started(Cpu cpu) {
        from = cpu;
    }

    void ended(Cpu cpu) {
        to = cpu;
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

    double maxMs() {
        return micros.getMaxValue() / 1000.0;
    }

    /** Reads, failures, latency in ms (p50, p90, p99, p99.9, max, mean), CPU per read in ms. */
    Map<String, Object> figures() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", name);
        f.put("description", description);
        f.put("reads", reads());
        f.put("notOk", failed);
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
            double tick = 1000.0 / Machine.ticksPerSecond();
            Map<String, Object> cpu = new LinkedHashMap<>();
            cpu.put("seconds", Machine.round(seconds, 2));
            cpu.put("platformJvmMsPerRead", Machine.round((to.platformTicks() - from.platformTicks()) * tick / reads(), 3));
            cpu.put("postgresMsPerRead", Machine.round((to.postgresTicks() - from.postgresTicks()) * tick / reads(), 3));
            cpu.put("resolutionMs", tick);
            f.put("cpu", cpu);
        }
        return f;
    }
}
