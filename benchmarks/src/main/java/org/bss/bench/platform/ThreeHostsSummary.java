package org.bss.bench.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Stream;
import org.bss.bench.ProcCpu;
import org.bss.loadgen.report.SvgChart;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The three-host layout's benchmark ({@code bench/three-hosts/run.sh}): {@code snapshot} writes the CPU ticks each
 * role of a running layout has used so far; {@code summary} turns the load generator's reports of a rate sweep, each
 * between two snapshots, into {@code bench/results/three-hosts.md} with a chart of the CPU per event by role.
 */
public final class ThreeHostsSummary {

    /** The roles in the order of the tables: each a sum over the processes that play it. */
    private static final List<String> ROLES = List.of("instance-1", "instance-2", "kafka", "postgresql", "redis",
            "gateway", "keycloak", "host-jvms", "loadgen");
    private static final double SUSTAINED = 0.99;
    private static final String TIME = "time.millis";

    private ThreeHostsSummary() {
    }

    public static void main(String[] args) throws IOException {
        switch (args[0]) {
            case "snapshot" -> snapshot(Path.of(args[1]), args.length > 3 ? Long.parseLong(args[3]) : 0, Path.of(args[2]));
            case "summary" -> summary(Path.of(args[1]), args[2], Path.of(args[3]), Path.of(args[4]),
                    List.of(args).subList(5, args.length));
            default -> throw new IllegalArgumentException(
                    "snapshot STATE OUT [LOADGEN_PID] | summary OUT COMMAND BESIDE IDLE RUN...");
        }
    }

    /** CPU ticks per role of the layout in {@code state}, with the load generator's process if given. */
    static void snapshot(Path state, long loadgenPid, Path out) throws IOException {
        Properties ticks = new Properties();
        Properties kafka = properties(state.resolve("kafka/services.properties"));
        Properties postgres = properties(state.resolve("postgres/services.properties"));
        Properties redis = properties(state.resolve("redis/services.properties"));
        put(ticks, "instance-1", ticksOf(pidFile(state, "instance-1")));
        put(ticks, "instance-2", ticksOf(pidFile(state, "instance-2")));
        put(ticks, "kafka", kafka.stringPropertyNames().stream().filter(k -> k.matches("kafka\\.node\\.\\d+\\.pid"))
                .mapToLong(k -> ticksOf(Long.parseLong(kafka.getProperty(k)))).sum());
        put(ticks, "postgresql", serverTicksOf(Long.parseLong(postgres.getProperty("postgres.pid")))
                + serverTicksOf(Long.parseLong(postgres.getProperty("postgres.standby.pid"))));
        put(ticks, "redis", ticksOf(Long.parseLong(redis.getProperty("redis.pid"))));
        put(ticks, "gateway", serverTicksOf(pidFile(state, "gateway")));
        put(ticks, "keycloak", ticksOf(pidFile(state, "keycloak")));
        put(ticks, "host-jvms", Stream.of("postgres", "kafka", "redis").mapToLong(n -> ticksOf(pidFile(state, n))).sum());
        put(ticks, "loadgen", loadgenPid == 0 ? 0 : ticksOf(loadgenPid));
        put(ticks, TIME, System.currentTimeMillis());
        try (OutputStream file = Files.newOutputStream(out)) {
            ticks.store(file, "CPU ticks per role");
        }
    }

    private static void put(Properties ticks, String role, long value) {
        ticks.setProperty(role, Long.toString(value));
    }

    private static long pidFile(Path state, String name) {
        try {
            return Long.parseLong(Files.readString(state.resolve("pids").resolve(name)).strip());
        } catch (IOException e) {
            return 0; // not running
        }
    }

    /** A process's own ticks; a process that has ended (killed in a run) counts 0. */
    private static long ticksOf(long pid) {
        try {
            return pid == 0 ? 0 : ProcCpu.processTicks(pid);
        } catch (IOException e) {
            return 0;
        }
    }

    private static long serverTicksOf(long pid) {
        try {
            return pid == 0 ? 0 : ProcCpu.serverTicks(pid);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * One rate of the sweep: the load generator's report (with its {@code machine}, null when it has none), and CPU
     * seconds per role between its snapshots.
     */
    record Run(String rate, double target, double achieved, long accepted, double errorRate, double p50, double p99,
               Boolean exactlyOnce, Map<String, Double> cpuSeconds, double windowSeconds, JsonNode machine) {

        boolean sustained() {
            return achieved >= SUSTAINED * target && errorRate < 0.001 && !Boolean.FALSE.equals(exactlyOnce);
        }

        /** What an event adds: the role's CPU less what it spends idle over the same window, per event. */
        double marginalMicrosPerEvent(String role, Map<String, Double> idleCores) {
            return accepted == 0 ? 0 : Math.max(0, cpuSeconds.getOrDefault(role, 0.0)
                    - idleCores.getOrDefault(role, 0.0) * windowSeconds) * 1e6 / accepted;
        }

        double cores() {
            return cpuSeconds.values().stream().mapToDouble(Double::doubleValue).sum() / windowSeconds;
        }
    }

    static Run run(Path dir) throws IOException {
        Path report;
        try (Stream<Path> files = Files.list(dir)) {
            report = files.filter(f -> f.getFileName().toString().startsWith("three-hosts-")
                    && f.toString().endsWith(".json")).findFirst().orElseThrow(() -> new IOException("no report in " + dir));
        }
        JsonNode json = JsonMapper.builder().build().readTree(report.toFile());
        JsonNode totals = json.get("totals");
        JsonNode verification = json.get("verification");
        Properties before = properties(dir.resolve("cpu-before.properties"));
        Properties after = properties(dir.resolve("cpu-after.properties"));
        Map<String, Double> cpu = cpuSeconds(before, after);
        return new Run(String.format(Locale.ROOT, "%,.0f", json.get("settings").get("rate (events/min)").asDouble()), totals.get("meanTargetPerSecond").asDouble(),
                totals.get("achievedPerSecond").asDouble(), totals.get("eventsAccepted").asLong(),
                totals.get("errorRate").asDouble(), totals.get("latencyMs").get("p50").asDouble(),
                totals.get("latencyMs").get("p99").asDouble(),
                verification == null || verification.isNull() ? null : verification.get("exactlyOnce").asBoolean(), cpu,
                windowSeconds(before, after), json.get("machine"));
    }

    private static Map<String, Double> cpuSeconds(Properties before, Properties after) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (String role : ROLES) {
            long from = Long.parseLong(before.getProperty(role, "0"));
            long to = Long.parseLong(after.getProperty(role, "0"));
            cpu.put(role, ProcCpu.seconds(Math.max(0, to - from)));
        }
        return cpu;
    }

    private static double windowSeconds(Properties before, Properties after) {
        return (Long.parseLong(after.getProperty(TIME)) - Long.parseLong(before.getProperty(TIME))) / 1000.0;
    }

    /** Cores each role spends with no load, from two snapshots taken with nothing sent between them. */
    static Map<String, Double> idleCores(Path dir) throws IOException {
        Properties before = properties(dir.resolve("cpu-before.properties"));
        Properties after = properties(dir.resolve("cpu-after.properties"));
        double window = windowSeconds(before, after);
        Map<String, Double> cores = new LinkedHashMap<>();
        cpuSeconds(before, after).forEach((role, seconds) -> cores.put(role, seconds / window));
        return cores;
    }

    /** @param beside the single-process figures the layout's are read beside, as markdown kept with the script */
    static void summary(Path out, String command, Path beside, Path idle, List<String> dirs) throws IOException {
        Map<String, Double> idleCores = idleCores(idle);
        List<Run> runs = new ArrayList<>();
        for (String dir : dirs) {
            runs.add(run(Path.of(dir)));
        }
        JsonNode machine = runs.stream().map(Run::machine).filter(Objects::nonNull).findFirst().orElse(null);
        Run best = runs.stream().filter(Run::sustained).reduce((a, b) -> b.achieved() > a.achieved() ? b : a).orElse(null);
        StringBuilder md = new StringBuilder();
        md.append("# The three-host layout under load\n\n");
        md.append("`deploy/three-hosts` on one machine (three network namespaces, every server real): the load generator sends ")
                .append("single events over TLS through the HAProxy gateway to two platform instances, with three Kafka brokers, ")
                .append("a PostgreSQL primary and its streaming standby, Redis and Keycloak, all on the same cores.\n\n");
        md.append("- Command: `").append(command).append("`\n");
        if (machine != null) {
            md.append("- Machine: ").append(machine.get("cores").asInt()).append(" cores, ").append(machine.get("cpu").asString())
                    .append(", ").append(machine.get("memory").asString()).append(", ").append(machine.get("jvm").asString()).append('\n');
        }
        md.append("- A rate is sustained when the achieved rate is at least 99 % of it, fewer than 0.1 % of the requests fail, ")
                .append("and every accepted event is found stored exactly once.\n\n");
        md.append(best == null ? "**No rate of the sweep was sustained.**\n\n" : "**Highest rate sustained: " + best.rate()
                + " events/min** (" + fmt(best.achieved(), 0) + " events/s accepted), p50 " + fmt(best.p50(), 0) + " ms, p99 "
                + fmt(best.p99(), 0) + " ms; the layout's processes used " + fmt(best.cores(), 2) + " cores, of which "
                + fmt(idleCores.values().stream().mapToDouble(Double::doubleValue).sum(), 2) + " they spend with no load at all.\n\n");
        md.append("## Throughput and latency by rate\n\n");
        md.append("| rate (events/min) | achieved events/s | accepted | errors | p50 ms | p99 ms | exactly once | sustained | cores used |\n");
        md.append("| ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: |\n");
        for (Run r : runs) {
            md.append("| ").append(r.rate()).append(" | ").append(fmt(r.achieved(), 0)).append(" | ").append(String.format(Locale.ROOT, "%,d", r.accepted()))
                    .append(" | ").append(fmt(r.errorRate() * 100, 2)).append(" % | ").append(fmt(r.p50(), 1)).append(" | ")
                    .append(fmt(r.p99(), 1)).append(" | ").append(r.exactlyOnce() == null ? "not checked" : r.exactlyOnce() ? "yes" : "NO")
                    .append(" | ").append(r.sustained() ? "yes" : "no").append(" | ").append(fmt(r.cores(), 2)).append(" |\n");
        }
        md.append("\n## CPU by role: with no load, and what each event adds\n\n");
        md.append("From `/proc/PID/stat` (user + system) of each role's processes: PostgreSQL counts the primary, the standby and ")
                .append("all their backends; `host-jvms` are the three JVMs that start and hold the servers of each host; ")
                .append("`loadgen` is the load generator. *Idle* is measured over 30 s with nothing sent, after the JIT warm-up. ")
                .append("*Per event* is a run's CPU less the idle cost over its window, divided by the events it accepted.\n\n");
        md.append("| | ").append(String.join(" | ", ROLES)).append(" | total |\n");
        md.append("| --- |").append(" ---: |".repeat(ROLES.size() + 1)).append('\n');
        md.append("| idle (cores)");
        ROLES.forEach(role -> md.append(" | ").append(fmt(idleCores.getOrDefault(role, 0.0), 3)));
        md.append(" | ").append(fmt(idleCores.values().stream().mapToDouble(Double::doubleValue).sum(), 2)).append(" |\n");
        for (Run r : runs) {
            md.append("| ").append(r.rate()).append("/min (µs/event)");
            ROLES.forEach(role -> md.append(" | ").append(fmt(r.marginalMicrosPerEvent(role, idleCores), 0)));
            md.append(" | ").append(fmt(ROLES.stream().mapToDouble(role -> r.marginalMicrosPerEvent(role, idleCores)).sum(), 0))
                    .append(" |\n");
        }
        md.append("\n![CPU each event adds, by role](three-hosts-cpu.svg)\n\n");
        md.append(Files.readString(beside));
        Files.writeString(out, md.toString());
        Files.writeString(out.resolveSibling("three-hosts-cpu.svg"), SvgChart.standalone(chart(runs, idleCores)));
    }

    private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
            "#7f7f7f", "#bcbd22"};

    private static String chart(List<Run> runs, Map<String, Double> idleCores) {
        double[] xs = runs.stream().mapToDouble(r -> r.achieved() * 60).toArray();
        List<SvgChart.Series> series = new ArrayList<>();
        for (int i = 0; i < ROLES.size(); i++) {
            String role = ROLES.get(i);
            series.add(new SvgChart.Series(role, COLORS[i % COLORS.length], false, xs,
                    runs.stream().mapToDouble(r -> r.marginalMicrosPerEvent(role, idleCores)).toArray()));
        }
        double[] totals = runs.stream().mapToDouble(r -> ROLES.stream()
                .mapToDouble(role -> r.marginalMicrosPerEvent(role, idleCores)).sum()).toArray();
        series.add(new SvgChart.Series("total", "#000000", true, xs, totals));
        double maxRate = java.util.Arrays.stream(xs).max().orElse(1);
        double maxCpu = java.util.Arrays.stream(totals).max().orElse(1);
        return SvgChart.lineChart("CPU each accepted event adds, by role (idle cost taken out)", SvgChart.Axis.linear("achieved events/min", maxRate),
                SvgChart.Axis.linear("µs of CPU per event", maxCpu), series);
    }

    private static Properties properties(Path file) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return properties;
    }

    private static String fmt(double value, int digits) {
        return String.format(Locale.ROOT, "%,." + digits + "f", value);
    }
}
