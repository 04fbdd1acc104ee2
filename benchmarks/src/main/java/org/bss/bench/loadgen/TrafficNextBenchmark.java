package org.bss.bench.loadgen;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.bss.loadgen.traffic.EventMix;
import org.bss.loadgen.traffic.GeneratedEvent;
import org.bss.loadgen.traffic.Traffic;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The load generator's CPU per event: {@link Traffic#next()} as a run calls it, with the plan's mix and the
 * system clock, so one call draws a type, lets its story pick what the event is about from the working set,
 * and writes the event's CloudEvents JSON. The working set fills up during warm-up, as it does in a run.
 *
 * <p>JMH's score is wall time, which on a busy machine includes the time the thread waits for a core. So each
 * iteration also prints the benchmark thread's own CPU time per event ({@code cpu: ... ns/event}, from
 * {@link ThreadMXBean#getCurrentThreadCpuTime()}; garbage collection runs on other threads and is not in it).
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar TrafficNextBenchmark -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class TrafficNextBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Traffic traffic;
    private long events;
    private long cpuAtStart;

    @Setup(Level.Trial)
    public void start() {
        traffic = new Traffic("bench", EventMix.plan(), 1, Clock.systemUTC());
    }

    // Thread-scoped state: JMH runs these on the benchmark thread itself, right around the iteration's calls.
    @Setup(Level.Iteration)
    public void iterationStarts() {
        events = 0;
        cpuAtStart = THREADS.getCurrentThreadCpuTime();
    }

    @TearDown(Level.Iteration)
    public void iterationEnds() {
        long cpu = THREADS.getCurrentThreadCpuTime() - cpuAtStart;
        System.out.printf("cpu: %.1f ns/event over %,d events%n", (double) cpu / events, events);
    }

    @Benchmark
    public GeneratedEvent next() {
        events++;
        return traffic.next();
    }
}
