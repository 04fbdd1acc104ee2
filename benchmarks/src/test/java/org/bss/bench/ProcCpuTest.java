package org.bss.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** How the CPU time of a process is read from /proc/PID/stat. */
class ProcCpuTest {

    @Test
    void statGivesTheTimesEvenWhenTheCommandNameHoldsSpacesAndParentheses() {
        String stat = "4242 (postgres: bss (idle)) S 1 4242 4242 0 -1 4194560 5000 0 0 0 1234 567 8900 100 20 0 1 0 1000"
                + " 300000000 5000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";

        ProcCpu.Times times = ProcCpu.Times.parse(stat);

        assertThat(times).isEqualTo(new ProcCpu.Times(1234, 567, 8900, 100));
        assertThat(times.own()).as("user and system time").isEqualTo(1801);
        assertThat(times.withReaped()).as("with the children that ended").isEqualTo(10801);
    }

    @Test
    void ticksAreSecondsAtTheKernelClock() {
        assertThat(ProcCpu.ticksPerSecond()).isPositive();
        assertThat(ProcCpu.seconds(Math.round(ProcCpu.ticksPerSecond() * 3))).isEqualTo(3.0);
    }

    @Test
    void aServerCountsAtLeastItsOwnTime() throws Exception {
        assumeThat(Files.isDirectory(Path.of("/proc/self"))).as("Linux /proc").isTrue();
        long pid = ProcessHandle.current().pid();

        long own = ProcCpu.processTicks(pid);
        long server = ProcCpu.serverTicks(pid);

        assertThat(server).isGreaterThanOrEqualTo(own);
    }
}
