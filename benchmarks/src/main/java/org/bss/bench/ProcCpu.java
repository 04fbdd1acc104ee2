package org.bss.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The CPU time Linux counts for a process in /proc/PID/stat, in clock ticks: its own, and for a server that forks a
 * process a connection (PostgreSQL) with that of its children, live and ended.
 */
public final class ProcCpu {

    private ProcCpu() {
    }

    /**
     * utime, stime, cutime and cstime of /proc/PID/stat (fields 14 to 17), in clock ticks: the process' user and system
     * time, and those of its children that ended and were waited for.
     */
    public record Times(long user, long system, long reapedUser, long reapedSystem) {

        /**
         * The times of a /proc/PID/stat line. The command name, field 2, may hold spaces and parentheses: the fields
         * are counted from the last ')'.
         */
        public static Times parse(String stat) {
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).strip().split("\\s+");
            // f[0] is field 3 (state): utime is field 14
            return new Times(Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14]));
        }

        /** The process' own user and system time. */
        public long own() {
            return user + system;
        }

        /** Its own time and that of the children that ended. */
        public long withReaped() {
            return own() + reapedUser + reapedSystem;
        }
    }

    /** The times of a process. */
    public static Times times(long pid) throws IOException {
        return Times.parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    }

    /** A process' own CPU time (utime + stime), e.g. another JVM's. */
    public static long processTicks(long pid) throws IOException {
        return times(pid).own();
    }

    /**
     * The CPU time of a server that forks a process a connection (PostgreSQL's postmaster): its own and its ended
     * children's, plus every live child's own. A child that ends between the listing and the read is left out; its
     * time is in the server's once reaped.
     */
    public static long serverTicks(long pid) throws IOException {
        long ticks = times(pid).withReaped();
        for (ProcessHandle child : ProcessHandle.of(pid).map(h -> h.children().toList()).orElse(List.of())) {
            try {
                ticks += processTicks(child.pid());
            } catch (IOException | RuntimeException e) {
                // ended between the listing and the read
            }
        }
        return ticks;
    }

    /** Clock ticks a second (USER_HZ), the unit of the times. */
    public static double ticksPerSecond() {
        return ClockTicks.PER_SECOND;
    }

    /** Ticks in seconds. */
    public static double seconds(long ticks) {
        return ticks / ticksPerSecond();
    }

    /** Asks getconf once, when first needed; 100 where it cannot answer. */
    private static final class ClockTicks {

        static final double PER_SECOND = read();

        private static double read() {
            try {
                Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
                String out = new String(getconf.getInputStream().readAllBytes()).strip();
                getconf.waitFor();
                return Double.parseDouble(out);
            } catch (IOException | RuntimeException | InterruptedException e) {
                return 100;
            }
        }
    }
}
