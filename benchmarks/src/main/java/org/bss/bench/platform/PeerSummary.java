package org.bss.bench.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.bss.bench.ProcCpu;
import org.bss.loadgen.report.Tables;
import tools.jackson.databind.JsonNode;

/**
 * The platform beside the Strimzi Kafka Bridge on the same broker ({@code bench/peer/run.sh}).
 *
 * <p>{@code topic BOOTSTRAP LIKE NAME} creates topic NAME with the partitions and replication factor of topic LIKE and
 * prints its partition count. {@code summary OPTIONS} turns the load generator's reports, each run in a folder of its
 * own between two CPU snapshots, into the Markdown report.
 *
 * <p>A snapshot is a folder written by the script: {@code time} (epoch ms), {@code cpu} (bench/lib/platform.sh's
 * cpu_ticks: the platform's JVM, PostgreSQL, Redis), {@code threads} (bench/lib/threads.sh's thread_ticks of the
 * platform's JVM) and {@code bridge} (the bridge JVM's ticks), all in clock ticks.
 */
public final class PeerSummary {

    /**
     * The Kafka broker's threads in the platform's JVM (which hosts the embedded broker), by the kernel's 15-character
     * names with digits as #. Kafka clients' threads ({@code kafka-producer-}, {@code kafka-coordinat}, admin) are
     * the platform's own.
     */
    static final Pattern BROKER_THREADS = Pattern.compile("data-plane-kafk|ExpirationReape|group-coordinat|executor-.*"
            + "|kafka-scheduler|kafka-log-clean|kafka-#-raft-.*|raft-.*|quorum-.*|broker-#-.*|controller-.*|LogDirFailureHa"
            + "|share-coordina|share-group-.*|transaction-.*|TxnMarkerSende|ReplicaFetcher.*|metadata-.*|kafka-#-metadat"
            + "|kafka-#-event-.*|kafka-request-h|kafka-network-t|socket-server.*|AddPartitionsTo|event-process.*"
            + "|group-metadata.*|feature-.*|ClientQuotasMan|ThrottledChanne|.*-metrics-redu|persister-.*|KafkaRaftServer");

    private PeerSummary() {
    }

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "topic" -> System.out.println(topic(args[1], args[2], args[3]));
            case "summary" -> summary(EndToEndSummary.options(List.of(args).subList(1, args.length)));
            default -> throw new IllegalArgumentException("topic BOOTSTRAP LIKE NAME | summary --out FILE --command TEXT "
                    + "--idle DIR --runs DIR... [--bridge-version V] [--bridge-commit C] [--bridge-config FILE] [--warm-up TEXT] "
                    + "[--bridge-jvm OPTIONS] [--platform-jvm OPTIONS] [--broker VERSION] [--partitions N] [--connections N]");
        }
    }

    /** Creates {@code name} like {@code like} (its partitions and replication factor), unless it exists; its partitions. */
    static int topic(String bootstrap, String like, String name) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicDescription model = admin.describeTopics(List.of(like)).allTopicNames().get().get(like);
            int partitions = model.partitions().size();
            short replicas = (short) model.partitions().getFirst().replicas().size();
            try {
                admin.createTopics(List.of(new NewTopic(name, partitions, replicas))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            // a topic just created is not in every broker's metadata at once
            for (int attempt = 1; ; attempt++) {
                try {
                    return admin.describeTopics(List.of(name)).allTopicNames().get().get(name).partitions().size();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || attempt == 60) {
                        throw e;
                    }
                    Thread.sleep(500);
                }
            }
        }
    }

    /** CPU ticks so far, as a snapshot folder holds them. */
    record Snapshot(long millis, long jvm, long postgres, long redis, Map<String, Long> threads, long bridge) {

        static Snapshot read(Path dir) throws IOException {
            String[] cpu = Files.readString(dir.resolve("cpu")).strip().split("\\s+");
            Map<String, Long> threads = new LinkedHashMap<>();
            for (String line : Files.readAllLines(dir.resolve("threads"))) {
                String[] f = line.strip().split(" ", 2);
                if (f.length == 2 && !f[0].isEmpty()) {
                    threads.merge(f[1], Long.parseLong(f[0]), Long::sum);
                }
            }
            Path bridge = dir.resolve("bridge");
            String bridgeTicks = Files.exists(bridge) ? Files.readString(bridge).strip() : "";
            return new Snapshot(Long.parseLong(Files.readString(dir.resolve("time")).strip()), Long.parseLong(cpu[0]),
                    Long.parseLong(cpu[1]), Long.parseLong(cpu[2]), threads, bridgeTicks.isEmpty() ? 0 : Long.parseLong(bridgeTicks));
        }
    }

    /**
     * CPU seconds between two snapshots: the platform's JVM (broker included), its broker threads alone, PostgreSQL,
     * Redis and the bridge's JVM.
     */
    record Cpu(double seconds, double jvm, double broker, double postgres, double redis, double bridge,
               Map<String, Double> brokerThreads) {

        static Cpu between(Snapshot from, Snapshot to) {
            Map<String, Double> broker = new LinkedHashMap<>();
            to.threads().forEach((name, ticks) -> {
                if (BROKER_THREADS.matcher(name).matches()) {
                    // a group can lose a thread that ended in between: it never counts below zero
                    broker.put(name, ProcCpu.seconds(Math.max(0, ticks - from.threads().getOrDefault(name, 0L))));
                }
            });
            return new Cpu((to.millis() - from.millis()) / 1000.0, ticks(from.jvm(), to.jvm()),
                    broker.values().stream().mapToDouble(Double::doubleValue).sum(), ticks(from.postgres(), to.postgres()),
                    ticks(from.redis(), to.redis()), ticks(from.bridge(), to.bridge()), broker);
        }

        private static double ticks(long from, long to) {
            return ProcCpu.seconds(Math.max(0, to - from));
        }

        /** The platform's processes less the broker: its JVM's other threads, PostgreSQL and Redis. */
        double platformOwn() {
            return Math.max(0, jvm - broker) + postgres + redis;
        }
    }

    /** One run of the load generator against one of the two, and the CPU of its window. */
    record Run(String target, String mode, String kind, String offered, EndToEndSummary.Run load, long accepted,
               Cpu cpu) {

        static Run read(Path dir) throws IOException {
            Properties about = new Properties();
            try (var in = Files.newInputStream(dir.resolve("run.properties"))) {
                about.load(in);
            }
            Path json = dir.resolve(about.getProperty("report"));
            EndToEndSummary.Run load = EndToEndSummary.Run.of(dir.getFileName().toString(), json, List.of());
            return new Run(about.getProperty("target"), about.getProperty("mode"), about.getProperty("kind"),
                    about.getProperty("rate"), load, load.report().path("totals").path("eventsAccepted").asLong(),
                    Cpu.between(Snapshot.read(dir.resolve("before")), Snapshot.read(dir.resolve("after"))));
        }

        boolean platform() {
            return "platform".equals(target);
        }

        /** The target's own processes: the platform's less the broker, or the bridge's JVM. */
        double ownSeconds() {
            return platform() ? cpu.platformOwn() : cpu.bridge();
        }

        double totalSeconds() {
            return ownSeconds() + cpu.broker();
        }

        double micros(double seconds) {
            return accepted == 0 ? Double.NaN : seconds * 1e6 / accepted;
        }

        /** Events accepted per CPU second of the target and the broker. */
        double perCore() {
            return totalSeconds() > 0 ? accepted / totalSeconds() : Double.NaN;
        }

        double coresUsed() {
            return cpu.seconds() > 0 ? totalSeconds() / cpu.seconds() : Double.NaN;
        }

        long errors() {
            return load.report().path("totals").path("errors").asLong();
        }

        String statuses() {
            return load.report().path("totals").path("statusCounts").toString();
        }
    }

    static void summary(Map<String, List<String>> options) throws IOException {
        List<Run> runs = new ArrayList<>();
        for (String dir : options.get("runs")) {
            runs.add(Run.read(Path.of(dir)));
        }
        Cpu idle = options.containsKey("idle") ? Cpu.between(Snapshot.read(Path.of(options.get("idle").get(0)).resolve("before")),
                Snapshot.read(Path.of(options.get("idle").get(0)).resolve("after"))) : null;
        Path out = Path.of(one(options, "out", "bench/results/peer.md"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, markdown(runs, idle, options));
        System.out.println(Files.readString(out));
    }

    static String markdown(List<Run> runs, Cpu idle, Map<String, List<String>> options) {
        StringBuilder md = new StringBuilder();
        md.append("# The platform beside the Strimzi Kafka Bridge\n\n");
        md.append("The same load generator sends the same events at the same rates, first to the platform's CloudEvents API "
                + "(`POST /api/v1/events`), then to the Strimzi Kafka Bridge (`POST /topics/{topic}`, one record per event), "
                + "one run after the other on this machine. Both write to the same Kafka broker: the one the platform embeds "
                + "in its JVM on its defaults. Both producers use `acks=all` and idempotence.\n\n");
        JsonNode machine = runs.isEmpty() ? null : runs.getFirst().load().report().path("machine");
        md.append("- Command: `").append(one(options, "command", "bench/peer/run.sh")).append("` (from the repository root)\n");
        md.append("- Date: ").append(Instant.now()).append('\n');
        md.append("- Machine: `nproc` ").append(Machine.nproc()).append(", ").append(Machine.cpuModel());
        if (machine != null && machine.has("memory")) {
            md.append(", ").append(machine.path("memory").asString());
        }
        md.append("; the platform, PostgreSQL, Redis, the broker, the bridge and the load generator all on it\n");
        if (machine != null && machine.has("jvm")) {
            md.append("- Java: ").append(machine.path("jvm").asString()).append(" (the same for the platform, the bridge and the load generator)\n");
        }
        md.append("- Strimzi Kafka Bridge: ").append(one(options, "bridge-version", "?")).append(", commit ")
                .append(one(options, "bridge-commit", "unknown")).append(", built from source with this JDK (not a dependency of"
                        + " this project); JVM options `").append(one(options, "bridge-jvm", "")).append("`; platform JVM options `")
                .append(one(options, "platform-jvm", "")).append("`\n");
        md.append("- Broker: Apache Kafka ").append(one(options, "broker", "?")).append(", embedded in the platform's JVM; the "
                        + "platform's `bss.events` and the bridge's topic both have ").append(one(options, "partitions", "?"))
                .append(" partitions\n- Load generator: ").append(one(options, "connections", "?"))
                .append(" connections, ").append(runs.isEmpty() ? "?" : runs.getFirst().load().report().path("settings").path("tenants").asInt())
                .append(" tenants, the plan's event mix, the same seed for both\n\n");

        for (String mode : List.of("single", "batch")) {
            List<Run> rated = runs.stream().filter(r -> r.mode().equals(mode) && r.kind().equals("rate")).toList();
            if (rated.isEmpty()) {
                continue;
            }
            md.append("## ").append(modeTitle(mode, rated.getFirst())).append("\n\n");
            md.append(runTable(rated)).append('\n');
            md.append(ratioTable(rated)).append('\n');
        }
        List<Run> saturated = runs.stream().filter(r -> r.kind().equals("saturate")).toList();
        if (!saturated.isEmpty()) {
            md.append("## Saturation: events/s per core\n\n");
            md.append("Each offered far more than it could take: once every connection is busy the load generator sends the "
                    + "next request as soon as one is answered (a closed loop over its connections), and the run lasts until "
                    + "the offered events are all sent, so events/s is what it sustained. Latency counts from when each "
                    + "request was due, queueing in the load generator included: it is not a service latency here.\n\n");
            List<List<Object>> rows = new ArrayList<>();
            for (Run r : saturated) {
                rows.add(List.of(modeName(r.mode()), r.target(), r.offered(), fmt(r.load().acceptedPerSecond(), 0),
                        percent(r.load().errorRate()), fmt(r.cpu().seconds(), 1), fmt(r.ownSeconds() / r.cpu().seconds(), 2),
                        fmt(r.cpu().broker() / r.cpu().seconds(), 2), fmt(r.coresUsed(), 2), fmt(r.micros(r.totalSeconds()), 1),
                        fmt(r.perCore(), 0)));
            }
            md.append(Tables.markdown(List.of("mode", "target", "offered", "events/s accepted", "errors", "window s",
                    "cores: own", "cores: broker", "cores: total", "CPU µs/event (total)", "events/s per core"), rows)).append('\n');
            List<List<Object>> ratios = new ArrayList<>();
            for (String mode : List.of("single", "batch")) {
                Run p = find(saturated, mode, "platform", null);
                Run b = find(saturated, mode, "bridge", null);
                if (p != null && b != null) {
                    ratios.add(List.of(modeName(mode), ratio(p.load().acceptedPerSecond(), b.load().acceptedPerSecond()),
                            ratio(p.perCore(), b.perCore()), ratio(p.micros(p.totalSeconds()), b.micros(b.totalSeconds()))));
                }
            }
            md.append(Tables.markdown(List.of("platform / bridge", "events/s accepted", "events/s per core", "CPU µs per event"),
                    ratios)).append('\n');
        }

        md.append("## What each does per event\n\n");
        md.append("- **Platform**: parses the CloudEvent (structured JSON, or each entry of a batch) and checks its envelope, "
                + "validates its data against the schema catalog, authenticates the tenant's API key and checks its tenancy "
                + "(the event's `tenantid`), takes the tenant's quota, writes the record to `bss.events` (idempotent producer, "
                + "`acks=all`, key tenant/subject) and answers 202 (207 per entry for a batch) once the broker has it. Off the "
                + "request path, in the same processes: the store writes every event exactly once to PostgreSQL, the projection "
                + "folds it into the read models, analytics counts it into its per-minute figures, the live stream fans it out. "
                + "Its CPU here includes all of that: each platform run's window ends when the store has stored every event the "
                + "run accepted.\n");
        md.append("- **Bridge**: validates the request against its OpenAPI contract, turns each `{\"key\": ..., \"value\": ...}` of "
                + "`application/vnd.kafka.json.v2+json` into a Kafka record (key and value as JSON bytes) and sends it with the "
                + "Kafka producer of the HTTP connection it came on (the bridge opens one producer per connection), and answers "
                + "200 with the partition and offset of each record once the broker has them. No authentication, no schema, no "
                + "tenancy or quota, nothing stored or read back: the value is the same CloudEvent JSON the platform is sent, "
                + "the key the same tenant/subject.\n\n");

        md.append("## How CPU was counted\n\n");
        md.append("User + system time from `/proc`, between a snapshot just before the load generator started and one after "
                + "its run (for the platform, once the store had stored all the run's events), per event accepted in the run. "
                + "**Own**: the platform's JVM less the broker's threads, plus PostgreSQL (postmaster and backends) and Redis; "
                + "or the bridge's JVM. **Broker**: the threads of the embedded Kafka broker in the platform's JVM (request "
                + "handlers, network threads, purgatories, raft; their names below), counted alike in both runs. It leaves "
                + "out what the broker costs the JVM as a whole (garbage collection, JIT): that is in the platform's own figure. "
                + "**Total** = own + broker; events/s per core = events accepted per CPU second of the total. The load "
                + "generator's own CPU is in neither. During a bridge run the idle platform still spends some CPU (its "
                + "consumers polling, metrics): shown apart as *idle platform*, counted in neither total.\n\n");
        if (options.containsKey("warm-up")) {
            md.append("Before any figure, ").append(String.join(" ", options.get("warm-up")))
                    .append(": a freshly started JVM compiles for minutes, and on 2 cores that would be part of every figure.\n\n");
        }
        if (idle != null && idle.seconds() > 0) {
            md.append(String.format(Locale.ROOT, "With nothing sent (%.0f s, after the warm-up), in cores: platform JVM less broker "
                            + "%.3f, broker %.3f, PostgreSQL %.3f, Redis %.3f, bridge %.3f. At a low rate this background is a "
                            + "large part of the platform's CPU per event.%n%n", idle.seconds(), Math.max(0, idle.jvm() - idle.broker())
                            / idle.seconds(), idle.broker() / idle.seconds(), idle.postgres() / idle.seconds(),
                    idle.redis() / idle.seconds(), idle.bridge() / idle.seconds()));
        }
        Run largest = runs.stream().filter(r -> !r.platform()).max((a, b) -> Long.compare(a.accepted(), b.accepted())).orElse(null);
        if (largest != null && !largest.cpu().brokerThreads().isEmpty()) {
            md.append("The broker's threads during the bridge's largest run (").append(modeName(largest.mode())).append(", ")
                    .append(largest.offered()).append("), µs per event:\n\n");
            List<List<Object>> rows = new ArrayList<>();
            largest.cpu().brokerThreads().entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .filter(e -> largest.micros(e.getValue()) >= 0.05)
                    .forEach(e -> rows.add(List.of("`" + e.getKey() + "`", fmt(largest.micros(e.getValue()), 1))));
            md.append(Tables.markdown(List.of("thread group", "µs per event"), rows)).append('\n');
        }

        md.append("## Bridge configuration\n\n");
        md.append("The distribution's `bin/kafka_bridge_run.sh --config-file` with this file; the shipped one has "
                + "`kafka.producer.acks=1`, set here to `all` with idempotence as the platform's producer. The consumer side "
                + "is off; the per-request INFO lines the bridge logs by default (`http.openapi.operation.*`) are at WARN, "
                + "as the platform logs no line per request.\n\n```properties\n");
        md.append(readOr(options, "bridge-config")).append("```\n\n");
        md.append("Platform: the development jar on its embedded defaults (Kafka, PostgreSQL, Redis); its producer `acks=all`, "
                + "`enable.idempotence=true`, `linger.ms=5` (the Kafka client's default, which the bridge keeps).\n\n");
        md.append("All runs' settings (the load generator's own, per run):\n\n");
        List<List<Object>> rows = new ArrayList<>();
        for (Run r : runs) {
            JsonNode s = r.load().report().path("settings");
            rows.add(List.of(r.load().name(), s.path("url").asString(), s.path("mode").asString(),
                    s.path("rate (events/min)").asDouble(), s.path("duration").asString(), s.path("connections").asInt(),
                    r.statuses()));
        }
        md.append(Tables.markdown(List.of("run", "url", "mode", "rate/min", "duration", "connections", "answers by status"), rows));
        return md.toString();
    }

    private static String runTable(List<Run> runs) {
        List<List<Object>> rows = new ArrayList<>();
        for (Run r : runs) {
            rows.add(List.of(r.offered(), r.target(), fmt(r.load().acceptedPerSecond(), 0), ms(r.load().p50Ms()),
                    ms(r.load().p99Ms()), r.errors() + " (" + percent(r.load().errorRate()) + ")",
                    fmt(r.micros(r.ownSeconds()), 1), fmt(r.micros(r.cpu().broker()), 1), fmt(r.micros(r.totalSeconds()), 1),
                    fmt(r.perCore(), 0), r.platform() ? "" : fmt(r.micros(r.cpu().platformOwn()), 1)));
        }
        return Tables.markdown(List.of("offered", "target", "events/s accepted", "p50", "p99", "errors",
                "CPU µs/event: own", "broker", "total", "events/s per core", "idle platform µs/event"), rows);
    }

    private static String ratioTable(List<Run> runs) {
        List<List<Object>> rows = new ArrayList<>();
        for (String offered : runs.stream().map(Run::offered).distinct().toList()) {
            Run p = find(runs, runs.getFirst().mode(), "platform", offered);
            Run b = find(runs, runs.getFirst().mode(), "bridge", offered);
            if (p != null && b != null) {
                rows.add(List.of(offered, ratio(p.load().acceptedPerSecond(), b.load().acceptedPerSecond()),
                        ratio(p.load().p99Ms(), b.load().p99Ms()), ratio(p.micros(p.totalSeconds()), b.micros(b.totalSeconds())),
                        ratio(p.perCore(), b.perCore())));
            }
        }
        return Tables.markdown(List.of("platform / bridge at", "events/s accepted", "p99", "CPU µs per event (total)",
                "events/s per core"), rows);
    }

    private static Run find(List<Run> runs, String mode, String target, String offered) {
        return runs.stream().filter(r -> r.mode().equals(mode) && r.target().equals(target)
                && (offered == null || offered.equals(r.offered()))).findFirst().orElse(null);
    }

    private static String modeTitle(String mode, Run run) {
        return mode.equals("single") ? "Single-event mode (one event a request)" : "Batch mode ("
                + run.load().report().path("settings").path("mode").asString() + ")";
    }

    private static String modeName(String mode) {
        return mode.equals("single") ? "single-event" : "batch";
    }

    private static String readOr(Map<String, List<String>> options, String key) {
        try {
            return options.containsKey(key) ? Files.readString(Path.of(options.get(key).getFirst())) : "(not given)\n";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")\n";
        }
    }

    private static String one(Map<String, List<String>> options, String key, String otherwise) {
        List<String> values = options.get(key);
        return values == null || values.isEmpty() ? otherwise : String.join(" ", values);
    }

    private static String fmt(double value, int digits) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "n/a" : String.format(Locale.ROOT, "%,." + digits + "f", value);
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, value < 10 ? "%.2f ms" : "%,.1f ms", value);
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.3f %%", fraction * 100);
    }

    private static String ratio(double platform, double bridge) {
        return bridge > 0 && !Double.isNaN(platform) ? String.format(Locale.ROOT, "%.2f", platform / bridge) : "n/a";
    }
}
