package org.bss.bench.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bss.bench.ProcCpu;
import tools.jackson.databind.JsonNode;

/**
 * Each stage's CPU per event in a run beside its floor: what the same work costs alone on the same machine
 * ({@link EndToEndCeilings}). A stage is the platform JVM's threads that do only its work (bench/lib/threads.sh's
 * groups, digits as #), plus PostgreSQL for the store.
 */
final class StageFloors {

    /** A stage: the thread groups it runs on, whether PostgreSQL's CPU is its, and the floors that do the same work. */
    record Stage(String name, List<String> threads, boolean postgres, String floor, List<String> floors) {
    }

    static final List<Stage> STAGES = List.of(
            new Stage("request path (Tomcat, the edge, reading and validating each event, quota, the send); request threads "
                    + "`ForkJoinPool-#-`, `http-nio-*`", List.of("ForkJoinPool-", "http-nio-"), false,
                    "the server stack answering the same POST with 202 and nothing behind it (HelloServer) + JMH's envelope "
                            + "rules and schema validation", List.of("http", "validation")),
            new Stage("Kafka: the producers (`kafka-producer-`) and the broker's network and request threads (`data-plane-kafk`),"
                    + " every produce and every consumer's fetch", List.of("kafka-producer-", "data-plane-kafk"), false,
                    "kafka-producer-perf-test's JVM and the broker's threads meanwhile, + the broker's threads and the producer's "
                            + "network thread while one exactly-once Kafka Streams application reads the events (StreamsFloor)",
                    List.of("kafka", "streamsKafka")),
            new Stage("store: its listeners (`bss-store-#`) and PostgreSQL (the projection's writes included)", List.of("bss-store-"), true,
                    "raw COPY: the rows' text, the client, PostgreSQL", List.of("copy")),
            new Stage("projection: its listeners (`bss-projection-`): decode, link, load, fold, write", List.of("bss-projection-"), false,
                    "a bare fold of the same events into the read models, in memory", List.of("fold")),
            new Stage("analytics: the Kafka Streams threads (`bss-analytics-#`)", List.of("bss-analytics-"), false,
                    "the stream thread of a Kafka Streams application counting each key's events a minute, exactly once "
                            + "(StreamsFloor)", List.of("streams")),
            new Stage("JIT compilers and GC", List.of("C# CompilerThre", "GC Thread", "G# "), false, "", List.of()));

    private StageFloors() {
    }

    /** "ticks name" lines of bench/lib/threads.sh's thread_ticks. */
    static Map<String, Long> ticks(Path file) throws IOException {
        Map<String, Long> groups = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int space = line.indexOf(' ');
            if (space > 0) {
                groups.merge(line.substring(space + 1), Long.parseLong(line.substring(0, space)), Long::sum);
            }
        }
        return groups;
    }

    /** The Markdown table: stage µs per event, floor µs per event, their ratio; the rest of the JVM and the totals. */
    static String table(Path threadsBefore, Path threadsAfter, Path cpuBefore, Path cpuAfter, long events, JsonNode floors)
            throws IOException {
        Map<String, Long> before = ticks(threadsBefore);
        Map<String, Long> after = ticks(threadsAfter);
        Map<String, Long> used = new HashMap<>();
        after.forEach((name, ticks) -> used.put(name, ticks - before.getOrDefault(name, 0L)));
        long[] processes = processTicks(cpuAfter);
        long[] processesBefore = processTicks(cpuBefore);
        double postgres = micros(processes[1] - processesBefore[1], events);
        double jvm = micros(processes[0] - processesBefore[0], events);
        double redis = micros(processes[2] - processesBefore[2], events);
        List<String> rows = new ArrayList<>();
        double staged = 0;
        double floorSum = 0;
        List<String> unfloored = new ArrayList<>();
        for (Stage stage : STAGES) {
            long ticks = 0;
            for (Map.Entry<String, Long> group : used.entrySet()) {
                if (stage.threads().stream().anyMatch(group.getKey()::startsWith)) {
                    ticks += group.getValue();
                }
            }
            double threads = micros(ticks, events);
            staged += threads;
            double stageMicros = threads + (stage.postgres() ? postgres : 0);
            double floor = 0;
            List<String> parts = new ArrayList<>();
            for (String key : stage.floors()) {
                if (floors.path(key).has("cpuMicrosPerEvent")) { // older runs measured fewer floors
                    double part = floors.path(key).path("cpuMicrosPerEvent").asDouble();
                    floor += part;
                    parts.add(key + " " + us(part));
                }
            }
            floorSum += floor;
            if (parts.isEmpty()) {
                unfloored.add(stage.name().replaceFirst("[:(;].*", "").strip());
            }
            rows.add(String.join(" | ", stage.name(), us(stageMicros), parts.isEmpty() ? "" : us(floor),
                    parts.isEmpty() ? "" : ratio(stageMicros, floor),
                    parts.isEmpty() ? "none measured" : stage.floor() + " (" + String.join(", ", parts) + ")"));
        }
        rows.add(String.join(" | ", "the rest of the platform JVM (the other threads: the stream's fan-out, Redis' client, "
                + "consumers' coordinators, timers)", us(jvm - staged), "", "", ""));
        rows.add(String.join(" | ", "**all: platform JVM, PostgreSQL and Redis**", "**" + us(jvm + postgres + redis) + "**",
                "**" + us(floorSum) + "**", "**" + ratio(jvm + postgres + redis, floorSum) + "**",
                "the floors' sum" + (unfloored.isEmpty() ? "" : "; " + String.join(", ", unfloored) + " without one")));
        StringBuilder md = new StringBuilder("| stage | platform µs/event | floor µs/event | stage/floor | floor measured by |\n"
                + "| --- | ---: | ---: | ---: | --- |\n");
        rows.forEach(row -> md.append("| ").append(row).append(" |\n"));
        return md.toString();
    }

    /** bench/lib/platform.sh's cpu_ticks: "JVM PostgreSQL Redis". */
    private static long[] processTicks(Path file) throws IOException {
        String[] fields = Files.readString(file).trim().split("\\s+");
        return new long[] {Long.parseLong(fields[0]), Long.parseLong(fields[1]), Long.parseLong(fields[2])};
    }

    private static double micros(long ticks, long events) {
        return events == 0 ? Double.NaN : ProcCpu.seconds(ticks) * 1e6 / events;
    }

    private static String us(double micros) {
        return Double.isNaN(micros) ? "n/a" : String.format(Locale.ROOT, "%.1f", micros);
    }

    private static String ratio(double stage, double floor) {
        return floor > 0 ? String.format(Locale.ROOT, "%.1f×", stage / floor) : "n/a";
    }
}
