package org.bss.bench.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time the processes of a run have used, from /proc/PID/stat: user and system time of each process, and for
 * PostgreSQL of its children too (its backends are processes of the postmaster's), in seconds. The load generator
 * runs in this JVM with the TCP gates that carry the platform's traffic to Kafka and PostgreSQL.
 */
final class ProcessCpu {

    /** USER_HZ: what the kernel counts /proc's times in on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /** CPU seconds by what runs: the platform, Kafka's nodes, PostgreSQL, Redis, the load generator. */
    static Map<String, Double> snapshot(ChaosServers servers, Platforms platforms) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        double platform = own(platforms.first().pid(), false);
        if (platforms.two() && platforms.second().pid() > 0) {
            platform += own(platforms.second().pid(), false);
        }
        seconds.put("platform", platform);
        double kafka = 0;
        for (int node = 1; node <= servers.kafka().nodes(); node++) {
            kafka += own(servers.kafka().pid(node), false);
        }
        seconds.put("kafka", kafka);
        seconds.put("postgresql", tree(servers.postgres().pid()));
        seconds.put("redis", own(servers.redis().pid(), false));
        seconds.put("load generator and gates", own(ProcessHandle.current().pid(), false));
        return seconds;
    }

    /** A process's CPU seconds with those of its living children and of its children that ended (PostgreSQL's). */
    static double tree(long pid) {
        if (pid <= 0) {
            return 0;
        }
        double total = own(pid, true);
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            List<Long> children = processes.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong).filter(child -> parent(child) == pid).toList();
            for (long child : children) {
                total += own(child, false);
            }
        } catch (IOException e) {
            return total;
        }
        return total;
    }

    /** utime + stime (and cutime + cstime) of /proc/PID/stat; 0 when the process is gone. */
    private static double own(long pid, boolean withEnded) {
        if (pid <= 0) {
            return 0;
        }
        String[] fields = fields(pid);
        if (fields.length < 15) {
            return 0;
        }
        // fields after "pid (comm)": state is [0], utime [11], stime [12], cutime [13], cstime [14]
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        if (withEnded) {
            ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
        }
        return ticks / TICKS_PER_SECOND;
    }

    private static long parent(long pid) {
        String[] fields = fields(pid);
        return fields.length > 1 ? Long.parseLong(fields[1]) : -1;
    }

    private static String[] fields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name is in parentheses and may hold spaces
            return stat.substring(stat.lastIndexOf(')') + 2).strip().split(" ");
        } catch (IOException | RuntimeException e) {
            return new String[0];
        }
    }
}
