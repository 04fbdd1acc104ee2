package org.bss.platform.stream.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The benchmark's command line: {@code --name value} pairs, each with a default. */
record BenchOptions(double eventsPerSecond, String rateLabel, int seconds, int warmup, List<Variant> variants,
                    int tenants, int readerTenants, int partitions, int dataBytes, int pipeline, int fetchMinBytes,
                    int fetchMaxWaitMs, int jitWarmup, int stall, List<Variant.Transport> stallTransports, long seed,
                    int clockTicks, Path json, Path markdown, Path svg, String command) {

    static final String USAGE = """
            FanOutTransportBench [--rate 200000/min] [--seconds 60] [--warmup 15]
                [--variants kafka-0,kafka-1,kafka-2,redis-each-0,redis-each-1,redis-each-2,
                            redis-pipelined-0,redis-pipelined-2]
                [--tenants 4] [--reader-tenants 4] [--partitions 12] [--data-bytes 600] [--pipeline 16]
                [--fetch-min-bytes 1] [--fetch-max-wait-ms 500] [--jit-warmup 20]
                [--stall 20] [--stall-transports kafka,redis-each]
                [--seed 1] [--clock-ticks 100] [--json FILE] [--markdown FILE] [--svg FILE] [--command TEXT]

              --rate              events a minute (N/min) or a second (N/s) the publisher sends, evenly spaced
              --variants          TRANSPORT-READERS: kafka (a consumer of every partition per reader), redis-each
                                  (SPUBLISH flushed per event), redis-pipelined (flushed every --pipeline events);
                                  0 readers is the baseline for the server's publishing-side CPU
              --reader-tenants    of how many tenants each reader has subscribers (reader i: tenants i, i+1, ...)
              --data-bytes        each event's JSON data padded to at least this many bytes (0: as generated)
              --jit-warmup        seconds each transport used runs unmeasured before the first run (0: none)
              --stall             seconds one of two readers stops reading, for each --stall-transports (0: none)
              --clock-ticks       the kernel's clock ticks a second (getconf CLK_TCK), for redis-server's CPU
            """;

    private static final Set<String> NAMES = Set.of("rate", "seconds", "warmup", "variants", "tenants",
            "reader-tenants", "partitions", "data-bytes", "pipeline", "fetch-min-bytes", "fetch-max-wait-ms",
            "jit-warmup", "stall", "stall-transports", "seed", "clock-ticks", "json", "markdown", "svg", "command");

    static BenchOptions parse(String[] args) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i].replaceFirst("^--", "");
            if (!NAMES.contains(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown option or missing value: " + args[i] + "\n" + USAGE);
            }
            given.put(name, args[++i]);
        }
        String rate = given.getOrDefault("rate", "200000/min");
        int tenants = number(given, "tenants", 4);
        return new BenchOptions(perSecond(rate), rate, number(given, "seconds", 60), number(given, "warmup", 15),
                list(given.getOrDefault("variants", "kafka-0,kafka-1,kafka-2,redis-each-0,redis-each-1,redis-each-2,"
                        + "redis-pipelined-0,redis-pipelined-2")).stream().map(Variant::parse).toList(),
                tenants, Math.min(tenants, number(given, "reader-tenants", tenants)), number(given, "partitions", 12),
                number(given, "data-bytes", 600), Math.max(1, number(given, "pipeline", 16)),
                number(given, "fetch-min-bytes", 1), number(given, "fetch-max-wait-ms", 500),
                number(given, "jit-warmup", 20), number(given, "stall", 20),
                list(given.getOrDefault("stall-transports", "kafka,redis-each")).stream()
                        .map(Variant.Transport::of).toList(),
                number(given, "seed", 1), number(given, "clock-ticks", 100),
                path(given, "json"), path(given, "markdown"), path(given, "svg"),
                given.getOrDefault("command", "FanOutTransportBench " + String.join(" ", args)));
    }

    /** {@code 200000/min}, {@code 3333/s}, or a bare number of events a minute. */
    static double perSecond(String rate) {
        String[] parts = rate.replace("_", "").replace(",", "").split("/");
        double value = Double.parseDouble(parts[0]);
        String unit = parts.length > 1 ? parts[1] : "min";
        return switch (unit) {
            case "s", "sec", "second" -> value;
            case "min", "m", "minute" -> value / 60;
            default -> throw new IllegalArgumentException("a rate is N/min or N/s: " + rate);
        };
    }

    long warmupEvents() {
        return Math.round(warmup * eventsPerSecond);
    }

    long measuredEvents() {
        return Math.round(seconds * eventsPerSecond);
    }

    /** How long the runs take, start-up and drains aside. */
    long expectedSeconds() {
        long perStall = stall + StallRun.LEAD_SECONDS + StallRun.TAIL_SECONDS;
        long stalls = stall > 0 ? stallTransports.size() * perStall : 0;
        return transportsUsed().size() * (long) jitWarmup + (long) variants.size() * (warmup + seconds) + stalls;
    }

    /** The transports the variants and the stall runs use, in that order. */
    Set<Variant.Transport> transportsUsed() {
        Set<Variant.Transport> used = new LinkedHashSet<>();
        variants.forEach(v -> used.add(v.transport()));
        if (stall > 0) {
            used.addAll(stallTransports);
        }
        return used;
    }

    private static int number(Map<String, String> given, String name, int otherwise) {
        return given.containsKey(name) ? Integer.parseInt(given.get(name).replace("_", "")) : otherwise;
    }

    private static Path path(Map<String, String> given, String name) {
        return given.containsKey(name) ? Path.of(given.get(name)) : null;
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
