package org.bss.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineTest {

    @Test
    void describesTheJvmAndOsEverywhere() {
        Map<String, Object> machine = Machine.describe();

        assertThat(machine).containsKeys("cores", "cpu", "os", "arch", "jvm", "jvmVendor", "maxHeap", "hostname");
        assertThat(machine.get("cores")).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void aMissingProcIsNoFailure(@TempDir Path empty) {
        Map<String, Object> machine = Machine.describe(empty.resolve("proc"), empty.resolve("hostname"));

        assertThat(machine.get("cpu")).isEqualTo("unknown");
        assertThat(machine).doesNotContainKeys("memory", "loadAverage").containsKey("hostname");
    }

    @Test
    void readsCpuMemoryLoadAndHostnameFromProc(@TempDir Path proc) throws Exception {
        Files.writeString(proc.resolve("cpuinfo"), """
                processor\t: 0
                vendor_id\t: GenuineIntel
                model name\t: Intel(R) Xeon(R) CPU @ 2.20GHz
                processor\t: 1
                model name\t: Intel(R) Xeon(R) CPU @ 2.20GHz
                """);
        Files.writeString(proc.resolve("meminfo"), "MemTotal:       16318412 kB\nMemFree:  1 kB\n");
        Files.writeString(proc.resolve("loadavg"), "0.42 1.24 1.47 1/234 5678\n");
        Files.createDirectories(proc.resolve("sys/kernel"));
        Files.writeString(proc.resolve("sys/kernel/hostname"), "bench-1\n");

        Map<String, Object> machine = Machine.describe(proc, proc.resolve("none"));

        assertThat(machine).containsEntry("cpu", "Intel(R) Xeon(R) CPU @ 2.20GHz")
                .containsEntry("memory", "15.6 GiB")
                .containsEntry("loadAverage", "0.42 1.24 1.47")
                .containsEntry("hostname", "bench-1");
    }
}
