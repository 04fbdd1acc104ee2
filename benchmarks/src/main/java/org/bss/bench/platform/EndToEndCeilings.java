package org.bss.bench.platform;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.bss.bench.IngestParseBenchmark;
import org.bss.loadgen.run.ClosedLoop;
import org.bss.loadgen.traffic.EventMix;
import org.bss.loadgen.traffic.GeneratedEvent;
import org.bss.loadgen.traffic.Traffic;
import org.bss.model.Uuid7;
import org.bss.model.envelope.CloudEvent;
import org.bss.model.envelope.StructuredFormat;
import org.bss.model.readmodel.Aggregate;
import org.bss.model.readmodel.CustomerFolio;
import org.bss.model.readmodel.Fact;
import org.bss.model.readmodel.Stamp;
import org.bss.platform.bus.BusEvent;
import org.bss.platform.bus.BusRecord;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.postgresql.PGConnection;
import tools.jackson.databind.json.JsonMapper;

/**
 * The floors and ceilings of the end-to-end benchmark (bench/e2e/run.sh), on the running platform's own servers, each
 * as a rate and as CPU per event: the server stack answering a POSTed event with nothing behind it
 * ({@link HelloServer}), the envelope rules and schema validation (JMH's {@code IngestParseBenchmark}), Kafka's own
 * producer performance tool sending to the same broker with the platform's producer settings, a raw COPY into a
 * table defined like {@code events}, a bare fold of the read models ({@link CustomerFolio#evolve}), and the least an
 * exactly-once Kafka Streams application does with each event ({@link StreamsFloor}). Writes one JSON object with the
 * figures.
 *
 * <pre>EndToEndCeilings --bootstrap HOST:PORT --jdbc URL --user U --password P --platform-pid PID --postmaster-pid PID
 *     --out FILE [--seconds S] [--rows N] [--events-topic bss.events]</pre>
 */
public final class EndToEndCeilings {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "15"));
        int rows = Integer.parseInt(options.getOrDefault("rows", "300000"));
        Map<String, Object> result = new LinkedHashMap<>();
        long platform = Long.parseLong(options.get("platform-pid"));
        long postmaster = Long.parseLong(options.getOrDefault("postmaster-pid", "0"));
        System.out.println(">> floor 1/6: the server stack answering a POSTed event with 202 and nothing behind it, " + seconds + " s");
        result.put("http", http(200, seconds));
        System.out.println("   " + result.get("http"));
        System.out.println(">> floor 2/6: envelope rules and schema validation, JMH");
        result.put("validation", validation());
        System.out.println("   " + result.get("validation"));
        System.out.println(">> floor 3/6: Kafka's producer performance tool, " + rows + " records");
        result.put("kafka", kafka(options.get("bootstrap"), rows, platform));
        System.out.println("   " + result.get("kafka"));
        System.out.println(">> floor 4/6: raw COPY of " + rows + " rows into a table defined like events");
        result.put("copy", copy(options.get("jdbc"), options.get("user"), options.get("password"), rows, postmaster));
        System.out.println("   " + result.get("copy"));
        System.out.println(">> floor 5/6: a bare fold of " + rows + " events into the read models, one thread");
        result.put("fold", fold(rows));
        System.out.println("   " + result.get("fold"));
        System.out.println(">> floor 6/6: Kafka Streams counting each key's events a minute, exactly once, over " + rows
                + " events of " + options.getOrDefault("events-topic", "bss.events"));
        result.putAll(streams(options.get("bootstrap"), options.getOrDefault("events-topic", "bss.events"), rows, platform));
        System.out.println("   " + result.get("streams") + " " + result.get("streamsKafka"));
        Files.writeString(Path.of(options.get("out")), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
    }

    /**
     * Closed loop: each connection sends its next request when the last one answered; as many as the stack can. The
     * client is the load generator's own (one thread, non-blocking connections), so that it takes no more of the
     * machine than it does in the runs; the server is its own JVM, whose CPU over the measured seconds is the floor.
     */
    static Map<String, Object> http(int connections, int seconds) throws Exception {
        byte[] event = new Traffic("floor", EventMix.plan(), 11, Clock.systemUTC()).next().json();
        ClosedLoop.Request post = ClosedLoop.Request.post("application/cloudevents+json", event, 202);
        Process server = new ProcessBuilder(javaCommand(List.of("-Xms512m", "-Xmx1g"), HelloServer.class.getName()))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("port ")) {
                throw new IllegalStateException("the hello server did not start: " + line);
            }
            URI uri = URI.create("http://localhost:" + line.substring(5) + "/api/v1/events");
            ClosedLoop.run(uri, post, connections, Duration.ZERO, Duration.ofSeconds(Math.max(3, seconds / 3))); // JIT
            Duration before = cpu(server.toHandle());
            ClosedLoop.Result result = ClosedLoop.run(uri, post, connections, Duration.ZERO, Duration.ofSeconds(seconds));
            Duration used = cpu(server.toHandle()).minus(before);
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("endpoint", "POST " + uri.getPath() + " (" + event.length + " bytes) on HelloServer: Tomcat NIO, virtual threads");
            figures.put("connections", connections);
            figures.put("seconds", seconds);
            figures.put("requestsPerSecond", result.okPerSecond());
            figures.put("failed", result.failed());
            figures.put("p50Ms", result.p50Ms());
            figures.put("p99Ms", result.p99Ms());
            figures.put("cpuMicrosPerEvent", micros(used, result.okPerSecond() * seconds));
            return figures;
        } finally {
            server.getOutputStream().close();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /**
     * JMH on one thread: reading the structured event with the envelope rules ({@code admit}), then its data against
     * the catalog's schema ({@code validate}). Each is CPU per event, the thread being alone on its core.
     */
    static Map<String, Object> validation() throws RunnerException {
        Options options = new OptionsBuilder().include(IngestParseBenchmark.class.getSimpleName() + "\\.(admit|validate)$")
                .forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(1)).measurementIterations(5)
                .measurementTime(TimeValue.seconds(1)).threads(1).mode(Mode.AverageTime).timeUnit(TimeUnit.MICROSECONDS)
                .jvmArgs("-Xmx512m").build();
        Map<String, Object> figures = new LinkedHashMap<>();
        double total = 0;
        for (RunResult run : new Runner(options).run()) {
            String name = run.getParams().getBenchmark().replaceFirst(".*\\.", "");
            double micros = run.getPrimaryResult().getScore();
            figures.put(name + "MicrosPerEvent", round(micros));
            total += micros;
        }
        figures.put("benchmark", "IngestParseBenchmark admit + validate, 1 thread, 1 fork, 3 × 1 s warm-up, 5 × 1 s");
        figures.put("cpuMicrosPerEvent", round(total));
        return figures;
    }

    /** Kafka's own tool (org.apache.kafka.tools.ProducerPerformance), in its own JVM, with the platform's producer settings. */
    static Map<String, Object> kafka(String bootstrap, int records, long platformPid) throws Exception {
        String topic = "bench.ceiling." + System.currentTimeMillis();
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin client = Admin.create(admin)) {
            client.createTopics(List.of(new NewTopic(topic, 12, (short) 1))).all().get();
        }
        int recordSize = averageEventBytes();
        List<String> command = javaCommand(List.of("-Xmx512m"), CpuAtExit.class.getName(), "org.apache.kafka.tools.ProducerPerformance",
                "--topic", topic, "--num-records", Integer.toString(records), "--record-size", Integer.toString(recordSize),
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap, "acks=all", "enable.idempotence=true",
                "linger.ms=5");
        long brokerBefore = ThreadTicks.of(platformPid, ThreadTicks.BROKER);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String summary = null;
        Duration tool = Duration.ZERO;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.contains("records sent")) {
                    System.out.println("   kafka-producer-perf-test: " + line);
                }
                if (line.startsWith(records + " records sent")) {
                    summary = line;
                }
                if (line.startsWith(CpuAtExit.PREFIX)) {
                    tool = Duration.ofNanos(Long.parseLong(line.substring(CpuAtExit.PREFIX.length())));
                }
            }
        }
        if (process.waitFor() != 0 || summary == null) {
            throw new IllegalStateException("Kafka's producer performance tool failed (exit " + process.exitValue() + ")");
        }
        // "300000 records sent, 81234.5 records/sec (43.21 MB/sec), 210.3 ms avg latency, 512.0 ms max latency, 180 ms 50th, ..."
        Matcher m = Pattern.compile("([\\d.]+) records/sec .*?([\\d.]+) ms avg latency.*?(\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th")
                .matcher(summary);
        if (!m.find()) {
            throw new IllegalStateException("cannot read the tool's summary: " + summary);
        }
        Duration broker = ThreadTicks.cpu(ThreadTicks.of(platformPid, ThreadTicks.BROKER) - brokerBefore);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("tool", "org.apache.kafka.tools.ProducerPerformance (kafka-producer-perf-test) 4.2.1");
        figures.put("arguments", String.join(" ", command.subList(command.indexOf("--topic"), command.size())));
        figures.put("recordBytes", recordSize);
        figures.put("recordsPerSecond", Math.round(Double.parseDouble(m.group(1))));
        figures.put("p50Ms", Double.parseDouble(m.group(3)));
        figures.put("p99Ms", Double.parseDouble(m.group(5)));
        figures.put("summary", summary);
        figures.put("toolCpuMicrosPerEvent", micros(tool, records));
        figures.put("brokerCpuMicrosPerEvent", micros(broker, records));
        figures.put("cpuMicrosPerEvent", micros(tool.plus(broker), records));
        try (Admin client = Admin.create(admin)) {
            client.deleteTopics(List.of(topic)).all().get();
        }
        return figures;
    }

    /**
     * {@link StreamsFloor} in its own JVM over the platform's events. Two floors: its stream thread's CPU (analytics'
     * floor), and its producer's network thread with the broker's threads over the same span (what one exactly-once
     * reader adds to Kafka's floor).
     */
    static Map<String, Object> streams(String bootstrap, String topic, int events, long platformPid) throws Exception {
        List<String> command = javaCommand(List.of("-Xmx512m", "--enable-native-access=ALL-UNNAMED"), StreamsFloor.class.getName(), bootstrap, topic, Integer.toString(events));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long brokerBefore = 0;
        String done = null;
        long brokerAfter = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.equals(StreamsFloor.MEASURING)) {
                    brokerBefore = ThreadTicks.of(platformPid, ThreadTicks.BROKER);
                } else if (line.startsWith(StreamsFloor.DONE)) {
                    brokerAfter = ThreadTicks.of(platformPid, ThreadTicks.BROKER);
                    done = line.substring(StreamsFloor.DONE.length());
                }
            }
        }
        if (process.waitFor() != 0 || done == null) {
            throw new IllegalStateException("the Kafka Streams floor failed (exit " + process.exitValue() + ")");
        }
        String[] figures = done.split(" ");
        long counted = Long.parseLong(figures[0]);
        Duration stream = Duration.ofNanos(Long.parseLong(figures[1]));
        Duration producer = Duration.ofNanos(Long.parseLong(figures[2]));
        Duration whole = Duration.ofNanos(Long.parseLong(figures[3]));
        Duration broker = ThreadTicks.cpu(brokerAfter - brokerBefore);
        Map<String, Object> streams = new LinkedHashMap<>();
        streams.put("application", "StreamsFloor: " + topic + " from its start, each key's events counted in 1-minute windows, "
                + "exactly-once v2, commit 1 s, 1 stream thread, warmed on a third of the events first");
        streams.put("events", counted);
        streams.put("processCpuMicrosPerEvent", micros(whole, counted));
        streams.put("cpuMicrosPerEvent", micros(stream, counted));
        Map<String, Object> kafka = new LinkedHashMap<>();
        kafka.put("producerCpuMicrosPerEvent", micros(producer, counted));
        kafka.put("brokerCpuMicrosPerEvent", micros(broker, counted));
        kafka.put("cpuMicrosPerEvent", micros(producer.plus(broker), counted));
        Map<String, Object> both = new LinkedHashMap<>();
        both.put("streams", streams);
        both.put("streamsKafka", kafka);
        return both;
    }

    /** The load generator's events with the plan's mix, as the writer would COPY them, in its batches, on 2 connections. */
    static Map<String, Object> copy(String jdbc, String user, String password, int rows, long postmaster) throws Exception {
        List<byte[]> batches = new ArrayList<>();
        List<BusRecord> all = new ArrayList<>(rows);
        Traffic traffic = new Traffic("ceiling", EventMix.plan(), 42, Clock.systemUTC());
        int batchSize = 2000;
        long textBytes = 0;
        for (int start = 0; start < rows; start += batchSize) {
            int n = Math.min(batchSize, rows - start);
            List<BusRecord> events = new ArrayList<>(n);
            int[] partitions = new int[n];
            long[] offsets = new long[n];
            for (int i = 0; i < n; i++) {
                GeneratedEvent generated = traffic.next();
                events.add(BusRecord.of(new BusEvent("ceiling", Uuid7.next(), Instant.now(), StructuredFormat.read(generated.json()))));
                partitions[i] = (start + i) % 12;
                offsets[i] = start + i;
            }
            byte[] text = CopyRows.rows(events, partitions, offsets);
            textBytes += text.length;
            batches.add(text);
            all.addAll(events);
        }
        Duration encode = encodeCpu(all, batchSize);
        try (Connection setup = DriverManager.getConnection(jdbc, user, password); Statement sql = setup.createStatement()) {
            sql.execute("drop table if exists ceiling_events");
            sql.execute("create table ceiling_events (like events including all) partition by range (received_at)");
            sql.execute("create table ceiling_events_now partition of ceiling_events for values from (now() - interval '2 days') "
                    + "to (now() + interval '2 days')");
            sql.execute("checkpoint");
        }
        ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>(batches);
        int connections = 2;
        AtomicLong clientNanos = new AtomicLong();
        AtomicLong backendNanos = new AtomicLong();
        Duration postgresBefore = postgresCpu(postmaster);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try (Connection connection = DriverManager.getConnection(jdbc, user, password)) {
                    byte[] batch;
                    while ((batch = queue.poll()) != null) {
                        connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                                CopyRows.copyStatement("ceiling_events"), new ByteArrayInputStream(batch));
                    }
                    clientNanos.addAndGet(THREADS.getCurrentThreadCpuTime());
                    // read before the connection closes: its backend process is gone after
                    ProcessHandle.of(connection.unwrap(PGConnection.class).getBackendPID())
                            .ifPresent(backend -> backendNanos.addAndGet(cpu(backend).toNanos()));
                } catch (SQLException | IOException e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Duration postgres = postgresCpu(postmaster).minus(postgresBefore).plusNanos(backendNanos.get());
        if (!failures.isEmpty()) {
            throw new IllegalStateException("raw COPY failed", failures.getFirst());
        }
        try (Connection setup = DriverManager.getConnection(jdbc, user, password); Statement sql = setup.createStatement()) {
            sql.execute("drop table ceiling_events");
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("rows", rows);
        figures.put("batchRows", batchSize);
        figures.put("connections", connections);
        figures.put("bytesPerRow", textBytes / rows);
        figures.put("seconds", Math.round(seconds * 100) / 100.0);
        figures.put("rowsPerSecond", Math.round(rows / seconds));
        figures.put("encodeCpuMicrosPerEvent", micros(encode, rows));
        figures.put("clientCpuMicrosPerEvent", micros(Duration.ofNanos(clientNanos.get()), rows));
        figures.put("postgresCpuMicrosPerEvent", micros(postgres, rows));
        figures.put("cpuMicrosPerEvent", micros(encode.plus(Duration.ofNanos(clientNanos.get())).plus(postgres), rows));
        return figures;
    }

    /** The rows' text as the store's writer makes it, once to warm up and once measured: this thread's CPU. */
    private static Duration encodeCpu(List<BusRecord> events, int batchSize) {
        long start = 0;
        for (int round = 0; round < 2; round++) {
            start = THREADS.getCurrentThreadCpuTime();
            for (int from = 0; from < events.size(); from += batchSize) {
                List<BusRecord> batch = events.subList(from, Math.min(events.size(), from + batchSize));
                CopyRows.rows(batch, new int[batch.size()], new long[batch.size()]);
            }
        }
        return Duration.ofNanos(THREADS.getCurrentThreadCpuTime() - start);
    }

    /**
     * The read models' fold with nothing around it: the plan's events, already facts, into each customer's
     * {@link CustomerFolio} in a map (usage naming no customer under its subscription). Three rounds over fresh maps;
     * the last is measured, this thread's CPU per event.
     */
    static Map<String, Object> fold(int events) {
        PlanFacts plan = PlanFacts.of(events);
        long used = 0;
        int folios = 0;
        for (int round = 0; round < 3; round++) {
            long start = THREADS.getCurrentThreadCpuTime();
            folios = plan.folios().size();
            used = THREADS.getCurrentThreadCpuTime() - start;
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("events", events);
        figures.put("folded", plan.facts().size());
        figures.put("folios", folios);
        figures.put("cpuMicrosPerEvent", micros(Duration.ofNanos(used), events));
        return figures;
    }

    /**
     * The load generator's events with the plan's mix, those the read models fold, as facts, each with the key of the
     * folio it goes to: its customer, or for usage naming none its subscription.
     */
    record PlanFacts(List<Fact> facts, List<String> keys) {

        static PlanFacts of(int events) {
            Traffic traffic = new Traffic("floor", EventMix.plan(), 5, Clock.systemUTC());
            List<Fact> facts = new ArrayList<>(events);
            List<String> keys = new ArrayList<>(events);
            for (int i = 0; i < events; i++) {
                CloudEvent event = StructuredFormat.read(traffic.next().json());
                if (!Aggregate.folds(event.type())) {
                    continue;
                }
                Fact fact = new Fact(event.type(), new Stamp(event.timeInstant(), event.source(), event.id()), JSON.readTree(event.data()));
                String customer = fact.text("customer_id");
                facts.add(fact);
                keys.add(customer != null ? customer : "subscription/" + fact.text("subscription_id"));
            }
            return new PlanFacts(facts, keys);
        }

        /** The folios these facts fold into. */
        Map<String, CustomerFolio> folios() {
            Map<String, CustomerFolio> models = new HashMap<>();
            for (int i = 0; i < facts.size(); i++) {
                Fact fact = facts.get(i);
                models.compute(keys.get(i), (key, folio) -> CustomerFolio.evolve(folio == null ? CustomerFolio.initial(key) : folio, fact));
            }
            return models;
        }
    }

    /** This JVM's java and class path running {@code main} with its arguments. */
    private static List<String> javaCommand(List<String> jvmOptions, String main, String... arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        if (System.getProperty("logback.configurationFile") != null) {
            command.add("-Dlogback.configurationFile=" + System.getProperty("logback.configurationFile"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
        command.addAll(Arrays.asList(arguments));
        return command;
    }

    private static Duration cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private static Duration postgresCpu(long postmaster) {
        return ProcessHandle.of(postmaster)
                .map(p -> p.children().map(EndToEndCeilings::cpu).reduce(cpu(p), Duration::plus))
                .orElse(Duration.ZERO);
    }

    private static double micros(Duration cpu, long events) {
        return events == 0 ? 0 : round(cpu.toNanos() / 1000.0 / events);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static int averageEventBytes() {
        Traffic traffic = new Traffic("ceiling", EventMix.plan(), 7, Clock.systemUTC());
        long bytes = 0;
        for (int i = 0; i < 1000; i++) {
            bytes += traffic.next().json().length;
        }
        return (int) (bytes / 1000);
    }
}
