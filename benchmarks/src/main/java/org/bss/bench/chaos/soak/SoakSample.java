package org.bss.bench.chaos.soak;

import java.util.Map;

/**
 * One reading of the soak: what would show a leak in the platform's process, its PostgreSQL and its Kafka consumers,
 * at one instant of the run. A figure that could not be read is -1 (a map, empty).
 *
 * @param elapsedSeconds    since the first sample
 * @param epochMillis       when it was taken
 * @param phase             {@link #LOAD} while the load runs, {@link #AFTER} once it has ended and the lag drained
 * @param heapAfterGcBytes  heap in use right after a full collection (see {@link HeapInfo})
 * @param gcLiveDataBytes   the platform's own jvm.gc.live.data.size meter, for comparison
 * @param gcRunMillis       how long jcmd GC.run took, attaching to the JVM included; -1 when no collection was forced
 * @param gcPauseMillis     the pause of that collection, from the platform's jvm.gc.pause meter; -1 when unknown
 * @param rssBytes          VmRSS of the platform's JVM (which also runs the embedded Kafka broker)
 * @param rssAnonBytes      its anonymous part (RssAnon): the heap, thread stacks, native allocations; not mapped files
 * @param threads           threads of the JVM
 * @param openFds           open file descriptors of the JVM
 * @param tcpSockets        TCP sockets among those descriptors, in any state (listening, established, closing)
 * @param tcpEstablished    of which established
 * @param pgConnections     client connections to the platform's PostgreSQL, the sampler's own left out
 * @param pgTotalBytes      tables, their indexes and TOAST, summed over the public schema
 * @param pgIndexBytes      of which indexes
 * @param tables            per table of the public schema (a partitioned table with its partitions)
 * @param eventsRowEstimate the events table's row count as the planner estimates it (reltuples)
 * @param eventsStored      events stored so far (the bss.store.events counter)
 * @param lagByGroup        Kafka lag (records) of each consumer group
 * @param loadgen           the load generator's last progress figures, when its log was given
 * @param cpuSeconds        CPU (user and system) used since it started, by {@link #PLATFORM} (the JVM) and by
 *                          {@link #POSTGRESQL} (the postmaster and every backend, those that ended included)
 */
record SoakSample(double elapsedSeconds, long epochMillis, String phase, long heapAfterGcBytes, long gcLiveDataBytes,
        long gcRunMillis, long gcPauseMillis, long rssBytes, long rssAnonBytes, long threads, long openFds, long tcpSockets,
        long tcpEstablished, long pgConnections, long pgTotalBytes, long pgIndexBytes, Map<String, TableSize> tables,
        long eventsRowEstimate, long eventsStored, Map<String, Long> lagByGroup, String loadgen, Map<String, Double> cpuSeconds) {

    static final String LOAD = "load";
    static final String AFTER = "after";
    static final String PLATFORM = "platform";
    static final String POSTGRESQL = "postgresql";

    public SoakSample {
        cpuSeconds = cpuSeconds == null ? Map.of() : cpuSeconds;
    }

    /** Bytes of one table: with its indexes and TOAST, and the indexes alone. */
    record TableSize(long totalBytes, long indexBytes) {
    }

    /**
     * Microseconds of a process' CPU per event stored between an earlier sample and this one; NaN when either is
     * unknown or no event was stored in between.
     */
    double cpuMicrosPerEvent(SoakSample earlier, String process) {
        Double now = cpuSeconds.get(process);
        Double before = earlier.cpuSeconds().get(process);
        long events = eventsStored - earlier.eventsStored();
        return now == null || before == null || earlier.eventsStored() < 0 || events <= 0 ? Double.NaN
                : (now - before) * 1e6 / events;
    }

    double minutes() {
        return elapsedSeconds / 60;
    }

    boolean underLoad() {
        return LOAD.equals(phase);
    }

    /** The largest lag of any group, -1 when the groups could not be read. */
    long maxLag() {
        return lagByGroup.isEmpty() ? -1 : lagByGroup.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    long totalLag() {
        return lagByGroup.isEmpty() ? -1 : lagByGroup.values().stream().mapToLong(Long::longValue).sum();
    }
}
