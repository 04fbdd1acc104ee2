package org.bss.bench.platform;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Runs another program's {@code main} in this JVM and prints the JVM's CPU time when it exits, however it exits
 * ({@value #PREFIX}nanoseconds): the CPU of a tool whose process is gone before anyone could read it from /proc.
 *
 * <pre>CpuAtExit MAIN_CLASS [ARGS...]</pre>
 */
public final class CpuAtExit {

    static final String PREFIX = "cpu-at-exit-nanos ";

    public static void main(String[] args) throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println(PREFIX
                + ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime())));
        Class.forName(args[0]).getMethod("main", String[].class).invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }
}
