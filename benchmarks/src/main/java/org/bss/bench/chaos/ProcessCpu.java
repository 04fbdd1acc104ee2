package org.bss.bench.chaos;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time the processes of a run have used ({@link ProcessHandle.Info#totalCpuDuration()}: user and system time), in
 * seconds; for PostgreSQL with that of its living children, its backends. The load generator runs in this JVM with
 * the TCP gates that carry the platform's traffic to Kafka and PostgreSQL.
 */
final class ProcessCpu {

    private ProcessCpu() {
    }

    /** CPU seconds by what runs: the platform, Kafka's nodes, PostgreSQL, Redis, the load generator and gates. */
    static Map<String, Double> snapshot(ChaosServers servers, Platforms platforms) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        double platform = seconds(ProcessHandle.of(platforms.first().pid()));
        if (platforms.two()) {
            platform += seconds(ProcessHandle.of(platforms.second().pid()));
        }
        seconds.put("platform", platform);
        double kafka = 0;
        for (int node = 1; node <= servers.kafka().nodes(); node++) {
            kafka += seconds(ProcessHandle.of(servers.kafka().pid(node)));
        }
        seconds.put("kafka", kafka);
        seconds.put("postgresql", ProcessHandle.of(servers.postgres().pid())
                .map(postmaster -> seconds(postmaster) + postmaster.children().mapToDouble(ProcessCpu::seconds).sum())
                .orElse(0.0));
        seconds.put("redis", seconds(ProcessHandle.of(servers.redis().pid())));
        seconds.put("load generator and gates", seconds(ProcessHandle.current()));
        return seconds;
    }

    private static double seconds(Optional<ProcessHandle> process) {
        return process.map(ProcessCpu::seconds).orElse(0.0);
    }

    private static double seconds(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e9;
    }
}
