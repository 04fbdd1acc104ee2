package org.bss.bench.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.bss.bench.ProcCpu;

/**
 * CPU clock ticks (user + system) of a process's threads whose name, as the kernel keeps it (15 characters), starts
 * with a prefix: what bench/lib/threads.sh groups, read by Java.
 */
final class ThreadTicks {

    /** The embedded broker's network and request-handler threads. */
    static final String BROKER = "data-plane-kafk";

    private ThreadTicks() {
    }

    static long of(long pid, String prefix) throws IOException {
        long ticks = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readString(task.resolve("comm")).strip().startsWith(prefix)) {
                        ticks += ProcCpu.Times.parse(Files.readString(task.resolve("stat"))).own();
                    }
                } catch (IOException gone) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return ticks;
    }

    static Duration cpu(long ticks) {
        return Duration.ofNanos(Math.round(ProcCpu.seconds(ticks) * 1e9));
    }
}
