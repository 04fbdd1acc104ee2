package org.bss.bench.platform;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bss.bench.ProcCpu;
import org.bss.devservices.EmbeddedPostgres;

/**
 * What the machine is and where its CPU goes during a phase: the whole machine (/proc/stat), this JVM (which also
 * runs the embedded Kafka broker), and PostgreSQL (the postmaster and all its backends, /proc/PID/stat).
 */
final class Machine {

    /** A CPU snapshot: wall clock, machine busy/total ticks, this JVM's CPU time, PostgreSQL's CPU ticks. */
    record Cpu(long wallNanos, long machineBusy, long machineTotal, long jvmCpuNanos, long postgresTicks, long gcMillis,
               long jitMillis) {
    }

    private Machine() {
    }

    static int nproc() {
        return Runtime.getRuntime().availableProcessors();
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /** The server's version, e.g. "18.3". */
    static String postgresVersion(EmbeddedPostgres pg) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password());
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("show server_version")) {
            r.next();
            return r.getString(1);
        }
    }

    static String jvm() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                + System.getProperty("java.vm.vendor") + "), max heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB, args "
                + ManagementFactory.getRuntimeMXBean().getInputArguments();
    }

    static Cpu sample(long postmasterPid) {
        long busy = 0;
        long total = 0;
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst().strip().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
            busy = Long.parseLong(cpu[1]) + Long.parseLong(cpu[2]) + Long.parseLong(cpu[3]) + Long.parseLong(cpu[6])
                    + Long.parseLong(cpu[7]) + (cpu.length > 8 ? Long.parseLong(cpu[8]) : 0);
            total = busy + idle;
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        long gc = 0;
        for (var collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            gc += Math.max(0, collector.getCollectionTime());
        }
        var compilation = ManagementFactory.getCompilationMXBean();
        long jit = compilation != null && compilation.isCompilationTimeMonitoringSupported() ? compilation.getTotalCompilationTime() : 0;
        return new Cpu(System.nanoTime(), busy, total, jvm, postgresTicks(postmasterPid), gc, jit);
    }

    /** The postmaster's own and reaped children's time plus every live backend's, in clock ticks; 0 when it is gone. */
    static long postgresTicks(long postmasterPid) {
        if (postmasterPid <= 0) {
            return 0;
        }
        try {
            return ProcCpu.serverTicks(postmasterPid);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** A process's own CPU time in clock ticks (utime + stime), e.g. another JVM's; 0 when it is gone. */
    static long processTicks(long pid) {
        try {
            return ProcCpu.processTicks(pid);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Average cores used over the interval: machine, this JVM, PostgreSQL, everything else. */
    static Map<String, Object> usage(Cpu from, Cpu to, long rows) {
        double seconds = (to.wallNanos() - from.wallNanos()) / 1e9;
        double machineTicks = to.machineTotal() - from.machineTotal();
        int cores = nproc();
        double machine = machineTicks <= 0 ? 0 : (to.machineBusy() - from.machineBusy()) / machineTicks * cores;
        double jvm = (to.jvmCpuNanos() - from.jvmCpuNanos()) / 1e9 / seconds;
        double postgres = ProcCpu.seconds(to.postgresTicks() - from.postgresTicks()) / seconds;
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("seconds", round(seconds, 2));
        usage.put("machineCoresBusy", round(machine, 2));
        usage.put("jvmCores", round(jvm, 2));
        usage.put("postgresCores", round(postgres, 2));
        usage.put("otherProcessesCores", round(Math.max(0, machine - jvm - postgres), 2));
        usage.put("cores", cores);
        if (rows > 0) {
            usage.put("jvmCpuMicrosPerRow", round(jvm * seconds / rows * 1e6, 1));
            usage.put("postgresCpuMicrosPerRow", round(postgres * seconds / rows * 1e6, 1));
        }
        usage.put("jvmGcPauseSeconds", round((to.gcMillis() - from.gcMillis()) / 1000.0, 2));
        usage.put("jvmJitCompileSeconds", round((to.jitMillis() - from.jitMillis()) / 1000.0, 2));
        return usage;
    }

    static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
