package org.bss.platform.stream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bss.devservices.EmbeddedRedis;

/** The redis-server process devservices started, and its CPU so far from /proc (user + system, every thread). */
record RedisProcess(long pid, int clockTicks) {

    /** From the pid file devservices has redis-server write, else the JVM's child process that is a redis-server. */
    static RedisProcess of(EmbeddedRedis redis, int clockTicks) {
        Path pidFile = redis.dataDir().resolve("redis.pid");
        try {
            if (Files.exists(pidFile)) {
                return new RedisProcess(Long.parseLong(Files.readString(pidFile).strip()), clockTicks);
            }
        } catch (IOException | NumberFormatException e) {
            // look among the children
        }
        return ProcessHandle.current().children()
                .filter(child -> child.info().command().map(c -> c.contains("redis-server")).orElse(false))
                .findFirst()
                .map(child -> new RedisProcess(child.pid(), clockTicks))
                .orElseThrow(() -> new IllegalStateException("no redis-server found"));
    }

    long cpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command in parentheses may hold spaces; utime and stime are the 12th and 13th fields after it
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 1_000_000_000L / clockTicks;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CPU of redis-server (pid " + pid + ")", e);
        }
    }
}
