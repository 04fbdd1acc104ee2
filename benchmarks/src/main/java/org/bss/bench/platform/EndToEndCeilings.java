package org.bss.bench.platform;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.bss.loadgen.run.ClosedLoop;
import org.bss.loadgen.traffic.EventMix;
import org.bss.loadgen.traffic.GeneratedEvent;
import org.bss.loadgen.traffic.Traffic;
import org.bss.model.Uuid7;
import org.bss.model.envelope.StructuredFormat;
import org.bss.platform.bus.BusEvent;
import org.bss.platform.bus.BusRecord;
import org.postgresql.PGConnection;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ceilings of the end-to-end benchmark (bench/e2e/run.sh), measured on the running platform's own servers: what
 * the HTTP stack answers on a trivial endpoint, what Kafka's own producer performance tool sends to the same broker
 * with the platform's producer settings, and what a raw COPY writes into a table defined like {@code events}.
 * Writes one JSON object with the figures.
 *
 * <pre>EndToEndCeilings --http URL --bootstrap HOST:PORT --jdbc URL --user U --password P --out FILE [--seconds S] [--rows N]</pre>
 */
public final class EndToEndCeilings {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "15"));
        int rows = Integer.parseInt(options.getOrDefault("rows", "300000"));
        Map<String, Object> result = new LinkedHashMap<>();
        System.out.println(">> ceiling 1/3: the HTTP stack on a trivial endpoint (GET /actuator/health/liveness), " + seconds + " s");
        result.put("http", http(URI.create(options.get("http")), 200, seconds));
        System.out.println("   " + result.get("http"));
        System.out.println(">> ceiling 2/3: Kafka's producer performance tool, " + rows + " records");
        result.put("kafka", kafka(options.get("bootstrap"), rows));
        System.out.println("   " + result.get("kafka"));
        System.out.println(">> ceiling 3/3: raw COPY of " + rows + " rows into a table defined like events");
        result.put("copy", copy(options.get("jdbc"), options.get("user"), options.get("password"), rows));
        System.out.println("   " + result.get("copy"));
        Files.writeString(Path.of(options.get("out")), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
    }

    /**
     * Closed loop: each connection sends its next request when the last one answered; as many as the stack can. The
     * client is the load generator's own (one thread, non-blocking connections), so that it takes no more of the
     * machine than it does in the runs: the JDK's HttpClient used to be the bottleneck here.
     */
    static Map<String, Object> http(URI base, int connections, int seconds) {
        URI uri = base.resolve("/actuator/health/liveness");
        ClosedLoop.Result result = ClosedLoop.run(uri, connections, Duration.ofSeconds(3), Duration.ofSeconds(seconds));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("endpoint", "GET " + uri.getPath());
        figures.put("connections", connections);
        figures.put("seconds", seconds);
        figures.put("requestsPerSecond", result.okPerSecond());
        figures.put("failed", result.failed());
        figures.put("p50Ms", result.p50Ms());
        figures.put("p99Ms", result.p99Ms());
        return figures;
    }

    /** Kafka's own tool (org.apache.kafka.tools.ProducerPerformance), in its own JVM, with the platform's producer settings. */
    static Map<String, Object> kafka(String bootstrap, int records) throws Exception {
        String topic = "bench.ceiling." + System.currentTimeMillis();
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin client = Admin.create(admin)) {
            client.createTopics(List.of(new NewTopic(topic, 12, (short) 1))).all().get();
        }
        int recordSize = averageEventBytes();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "org.apache.kafka.tools.ProducerPerformance",
                "--topic", topic, "--num-records", Integer.toString(records), "--record-size", Integer.toString(recordSize),
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap, "acks=all", "enable.idempotence=true",
                "linger.ms=5");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String summary = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.contains("records sent")) {
                    System.out.println("   kafka-producer-perf-test: " + line);
                }
                if (line.startsWith(records + " records sent")) {
                    summary = line;
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
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("tool", "org.apache.kafka.tools.ProducerPerformance (kafka-producer-perf-test) 4.2.1");
        figures.put("arguments", String.join(" ", command.subList(command.indexOf("--topic"), command.size())));
        figures.put("recordBytes", recordSize);
        figures.put("recordsPerSecond", Math.round(Double.parseDouble(m.group(1))));
        figures.put("p50Ms", Double.parseDouble(m.group(3)));
        figures.put("p99Ms", Double.parseDouble(m.group(5)));
        figures.put("summary", summary);
        try (Admin client = Admin.create(admin)) {
            client.deleteTopics(List.of(topic)).all().get();
        }
        return figures;
    }

    /** The load generator's events with the plan's mix, as the writer would COPY them, in its batches, on 2 connections. */
    static Map<String, Object> copy(String jdbc, String user, String password, int rows) throws Exception {
        List<byte[]> batches = new ArrayList<>();
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
        }
        try (Connection setup = DriverManager.getConnection(jdbc, user, password); Statement sql = setup.createStatement()) {
            sql.execute("drop table if exists ceiling_events");
            sql.execute("create table ceiling_events (like events including all) partition by range (received_at)");
            sql.execute("create table ceiling_events_now partition of ceiling_events for values from (now() - interval '2 days') "
                    + "to (now() + interval '2 days')");
            sql.execute("checkpoint");
        }
        ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>(batches);
        int connections = 2;
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
                } catch (SQLException | IOException e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
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
        return figures;
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
