package org.bss.platform.stream.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The CPU used so far by every Java thread of this JVM (by thread, with its name), by the JVM as a whole and by
 * redis-server. Two samples give what each component used in between.
 */
record CpuSample(Map<Long, ThreadCpu> threads, long processNanos, long redisNanos) {

    /** The JVM's own Java threads, and this program's main thread: neither the broker nor a client. */
    private static final Set<String> JVM_THREADS = Set.of("main", "Reference Handler", "Finalizer",
            "Signal Dispatcher", "Common-Cleaner", "Notification Thread", "Attach Listener", "process reaper",
            "DestroyJavaVM", "devservices-shutdown");

    record ThreadCpu(String name, long nanos) {
    }

    static CpuSample take(RedisProcess redis) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = mx.getAllThreadIds();
        ThreadInfo[] infos = mx.getThreadInfo(ids, 0);
        long[] cpu = mx.getThreadCpuTime(ids);
        Map<Long, ThreadCpu> threads = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] != null && cpu[i] >= 0) {
                threads.put(ids[i], new ThreadCpu(infos[i].getThreadName(), cpu[i]));
            }
        }
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        return new CpuSample(threads, process, redis.cpuNanos());
    }

    /** What was used from {@code before} to this sample, by component. */
    Usage since(CpuSample before) {
        Map<String, Long> components = new TreeMap<>();
        Map<String, Long> groups = new TreeMap<>();
        long javaThreads = 0;
        for (Map.Entry<Long, ThreadCpu> entry : threads.entrySet()) {
            ThreadCpu then = before.threads.get(entry.getKey());
            long used = entry.getValue().nanos() - (then == null ? 0 : then.nanos());
            String name = entry.getValue().name();
            components.merge(component(name), used, Long::sum);
            groups.merge(name.replaceAll("[0-9]+", "#"), used, Long::sum);
            javaThreads += used;
        }
        long process = processNanos - before.processNanos;
        return new Usage(components, groups, process, process - javaThreads, redisNanos - before.redisNanos);
    }

    /** The component a thread belongs to, by its name. */
    static String component(String thread) {
        if (thread.equals(PublishLoop.THREAD)) {
            return Usage.PUBLISHER;
        }
        if (thread.startsWith(RedisPublisher.THREADS)) {
            return Usage.PUBLISHER_LETTUCE;
        }
        if (thread.startsWith("kafka-producer-network-thread | " + KafkaPublisher.CLIENT_ID)) {
            return Usage.PRODUCER_IO;
        }
        for (int reader = 1; reader <= 9; reader++) {
            String prefix = Reader.threads(reader);
            if (thread.equals(prefix) || thread.startsWith(prefix + "-")) {
                return Usage.reader(reader);
            }
        }
        return JVM_THREADS.contains(thread) ? Usage.JVM_THREADS : Usage.BROKER;
    }

    /**
     * CPU in nanoseconds between two samples: by component, by thread group (digits in names as #), the whole JVM,
     * the JVM's CPU in no Java thread (the garbage collector, the JIT compilers, threads that ended) and redis-server.
     */
    record Usage(Map<String, Long> components, Map<String, Long> threadGroups, long process, long outsideJavaThreads,
                 long redis) {

        static final String PUBLISHER = "publisher";
        static final String PUBLISHER_LETTUCE = "publisher-lettuce";
        static final String PRODUCER_IO = "producer-io";
        static final String BROKER = "broker";
        static final String JVM_THREADS = "jvm-threads";

        static String reader(int reader) {
            return "reader-" + reader;
        }

        long component(String name) {
            return components.getOrDefault(name, 0L);
        }
    }
}
