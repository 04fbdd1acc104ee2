package org.bss.loadgen.report;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Describes the machine a run happened on, from the JVM and, on Linux, /proc. */
public final class Machine {

    /** x86 says "model name"; some ARM kernels only "Hardware" or "Processor". */
    private static final List<String> CPU_MODEL_KEYS = List.of("model name", "Hardware", "Processor");

    private Machine() {
    }

    /**
     * cores, cpu, memory, os, arch, jvm, jvmVendor, maxHeap, hostname and loadAverage (1, 5 and 15 minutes);
     * what cannot be found is left out or reads "unknown".
     */
    public static Map<String, Object> describe() {
        return describe(Path.of("/proc"), Path.of("/etc/hostname"));
    }

    static Map<String, Object> describe(Path proc, Path etcHostname) {
        Runtime runtime = Runtime.getRuntime();
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", runtime.availableProcessors());
        machine.put("cpu", cpuModel(proc).orElse("unknown"));
        memTotalBytes(proc).ifPresent(bytes -> machine.put("memory", Fmt.bytes(bytes)));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("arch", System.getProperty("os.arch"));
        machine.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version",
                System.getProperty("java.version")));
        machine.put("jvmVendor", System.getProperty("java.vm.vendor"));
        machine.put("maxHeap", runtime.maxMemory() == Long.MAX_VALUE ? "unlimited" : Fmt.bytes(runtime.maxMemory()));
        machine.put("hostname", hostname(proc, etcHostname));
        loadAverage(proc).ifPresent(load -> machine.put("loadAverage", load));
        return machine;
    }

    static Optional<String> cpuModel(Path proc) {
        for (String line : lines(proc.resolve("cpuinfo"))) {
            int colon = line.indexOf(':');
            if (colon > 0 && CPU_MODEL_KEYS.contains(line.substring(0, colon).strip())) {
                String model = line.substring(colon + 1).strip();
                if (!model.isEmpty()) {
                    return Optional.of(model);
                }
            }
        }
        return Optional.empty();
    }

    static Optional<Long> memTotalBytes(Path proc) {
        for (String line : lines(proc.resolve("meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                String[] parts = line.substring("MemTotal:".length()).strip().split("\\s+");
                try {
                    long value = Long.parseLong(parts[0]);
                    return Optional.of(parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? value * 1024 : value);
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    static Optional<String> loadAverage(Path proc) {
        List<String> lines = lines(proc.resolve("loadavg"));
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        String[] fields = lines.get(0).strip().split("\\s+");
        return fields.length >= 3 ? Optional.of(fields[0] + " " + fields[1] + " " + fields[2]) : Optional.empty();
    }

    /** The kernel's name first: InetAddress may wait on a DNS lookup. */
    private static String hostname(Path proc, Path etcHostname) {
        for (Path file : List.of(proc.resolve("sys/kernel/hostname"), etcHostname)) {
            List<String> lines = lines(file);
            if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                return lines.get(0).strip();
            }
        }
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.isReadable(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
