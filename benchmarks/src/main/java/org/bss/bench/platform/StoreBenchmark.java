package org.bss.bench.platform;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import ch.qos.logback.classic.Level;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bss.devservices.DevServices;
import org.bss.devservices.DevServicesSettings;
import org.bss.devservices.EmbeddedPostgres;
import org.bss.platform.PlatformApplication;
import org.bss.platform.bus.BusEvent;
import org.bss.platform.bus.BusRecord;
import org.bss.platform.bus.EventRecords;
import org.postgresql.PGConnection;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The store benchmark: the writer's rows/s and, in the same run, on the same PostgreSQL and the same table
 * definition, a raw COPY of the same rows; prints the ratio writer / raw COPY against the 0.7 target.
 *
 * <ol>
 *   <li>embedded Kafka, PostgreSQL, Redis ({@link DevServices}) on a fresh temporary folder, nothing else on them;</li>
 *   <li>N catalog-valid events (order.placed, payment.created, customer.created; ~500 bytes) produced to a fresh
 *       topic (not timed);</li>
 *   <li>writer: the platform with only the store role consumes the topic; timed from the first stored row until
 *       {@code select count(*) from events} = N;</li>
 *   <li>raw COPY: {@code events_raw (like events including all)} with the same daily partitions; the same rows, built
 *       as the writer builds them (prebuilt, not timed), COPYed in batches of the writer's batch size over as many
 *       connections as the writer has consumers; timed;</li>
 *   <li>claim + COPY (not part of the target): the writer's claim statement and COPY, one transaction per batch, on
 *       the same batches and connections, without the platform: the database's share of the writer's cost;</li>
 *   <li>checks both tables hold the same values; writes bench/results/NAME.md and .json.</li>
 * </ol>
 * Run by {@code bench/store/run.sh}; options: {@code --help}.
 */
public final class StoreBenchmark {

    private static final String TOPIC = "bench.events";
    private static final String GROUP = "bench-store";
    private static final double TARGET = 0.7;
    private static final String ROW = "row(tenant_id, event_id, id, source, type, subject, time, datacontenttype, dataschema,"
            + " extensions, data_json::text, data_binary, received_at, kafka_partition, kafka_offset)::text";

    private final Options options;
    private final Map<String, Object> report = new LinkedHashMap<>();
    private final Map<String, String> load = new LinkedHashMap<>();
    private EmbeddedPostgres postgres;
    private long postmasterPid;

    private StoreBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        quietLogging();
        Options options = Options.parse(args);
        int exit;
        try {
            exit = new StoreBenchmark(options).run();
        } catch (Exception | Error e) {
            System.out.println("!! store benchmark failed: " + e);
            e.printStackTrace(System.out);
            exit = 1;
        }
        System.out.flush();
        System.exit(exit);
    }

    /** Before Spring configures logging, logback would log everything (the Kafka broker at DEBUG). */
    private static void quietLogging() {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.bss")).setLevel(Level.INFO);
    }

    private int run() throws Exception {
        String started = DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        load.put("start", Machine.loadAverage());
        say("store benchmark: %,d events, %d tenants, topic %s (%d partitions); nproc %d, %s; load average %s",
                options.events, options.tenants, TOPIC, options.partitions, Machine.nproc(), Machine.cpuModel(), load.get("start"));
        Path dataDir = Files.createTempDirectory("bss-store-bench-");
        long t0 = System.nanoTime();
        DevServices services = DevServices.start(DevServicesSettings.all(dataDir));
        try {
            postgres = services.postgres().orElseThrow();
            postmasterPid = postmasterPid(postgres.dataDir());
            say("embedded servers up in %.1f s in %s: kafka %s, postgresql %s, redis %s", seconds(t0), dataDir,
                    services.kafka().orElseThrow().bootstrapServers(), postgres.jdbcUrl(), services.redis().orElseThrow().address());
            return benchmark(services, dataDir, started);
        } finally {
            services.close();
            deleteRecursively(dataDir);
        }
    }

    private int benchmark(DevServices services, Path dataDir, String started) throws Exception {
        // ---- events
        long t = System.nanoTime();
        BenchEvents.Generated generated = BenchEvents.generate(options.events, options.tenants, options.seed);
        List<BusEvent> events = generated.events();
        double generateSeconds = seconds(t);
        t = System.nanoTime();
        int validated = BenchEvents.validate(events, 10);
        say("generated %,d events in %.1f s (%s; %.0f bytes on average as structured CloudEvents JSON, data %.0f bytes);"
                        + " %,d of them (every 10th) checked against envelope rules, catalog schemas and data-quality rules in %.1f s",
                events.size(), generateSeconds, generated.byType(), generated.avgStructuredBytes(), generated.avgDataBytes(),
                validated, seconds(t));
        Map<String, Object> eventInfo = new LinkedHashMap<>();
        eventInfo.put("count", events.size());
        eventInfo.put("tenants", options.tenants);
        eventInfo.put("byType", generated.byType());
        eventInfo.put("avgStructuredJsonBytes", Math.round(generated.avgStructuredBytes()));
        eventInfo.put("avgDataBytes", Math.round(generated.avgDataBytes()));
        eventInfo.put("validatedAgainstCatalog", validated);
        report.put("events", eventInfo);

        // ---- produce (not timed as part of any figure)
        String bootstrap = services.kafka().orElseThrow().bootstrapServers();
        int[] partitions = new int[events.size()];
        long[] offsets = new long[events.size()];
        produce(bootstrap, events, partitions, offsets);

        // ---- writer
        Map<String, Object> writer = writerPhase(services, dataDir, bootstrap);
        report.put("writer", writer);
        int batchSize = options.rawBatch > 0 ? options.rawBatch : ((Number) writer.get("batchSizeUsedForRaw")).intValue();
        int connections = options.rawConnections > 0 ? options.rawConnections
                : ((Number) writer.get("consumers")).intValue();

        // ---- raw COPY, and (the database's share of the writer's work) claim + COPY without the platform
        Prepared prepared = prepare(events, partitions, offsets, batchSize);
        Map<String, Object> raw = rawPhase("raw COPY", "events_raw", null, dataDir, prepared, events.size(), batchSize,
                connections);
        report.put("rawCopy", raw);
        Map<String, Object> claimCopy = null;
        if (options.claimPhase) {
            claimCopy = rawPhase("claim + COPY", "events_claimed", "event_keys_claimed", dataDir, prepared, events.size(),
                    batchSize, connections);
            report.put("claimPlusCopy", claimCopy);
        }
        if (options.profile) {
            stopStatementLog();
        }
        prepared = null;

        // ---- same values?
        report.put("check", compareTables());

        double writerRate = ((Number) writer.get("rowsPerSecond")).doubleValue();
        double rawRate = ((Number) raw.get("rowsPerSecond")).doubleValue();
        double ratio = writerRate / rawRate;
        boolean pass = ratio >= TARGET;
        load.put("end", Machine.loadAverage());
        report.put("ratio", Machine.round(ratio, 3));
        report.put("target", TARGET);
        report.put("verdict", pass ? "PASS" : "FAIL");
        report.put("machine", machineInfo());
        report.put("date", started);
        report.put("command", options.command);
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("benchmark", options.name);
        head.putAll(report);
        report.clear();
        report.putAll(head);

        say("");
        say("writer:   %,.0f rows/s  (%,d rows in %.2f s from the first stored row; %,.0f rows/s from the platform's launch)",
                writerRate, ((Number) writer.get("rowsTimed")).longValue(), ((Number) writer.get("seconds")).doubleValue(),
                ((Number) writer.get("rowsPerSecondFromLaunch")).doubleValue());
        say("raw COPY: %,.0f rows/s  (%,d rows in %.2f s, batches of %,d over %d connection%s)", rawRate, events.size(),
                ((Number) raw.get("seconds")).doubleValue(), batchSize, connections, connections == 1 ? "" : "s");
        if (claimCopy != null) {
            double claimRate = ((Number) claimCopy.get("rowsPerSecond")).doubleValue();
            report.put("claimPlusCopyRatios", Map.of("writerOverClaimPlusCopy", Machine.round(writerRate / claimRate, 3),
                    "claimPlusCopyOverRawCopy", Machine.round(claimRate / rawRate, 3)));
            say("claim + COPY without the platform (the writer's SQL, same batches and connections): %,.0f rows/s,"
                    + " %.3f of raw COPY; the writer reaches %.3f of it", claimRate, claimRate / rawRate, writerRate / claimRate);
        }
        say("ratio writer / raw COPY = %.3f  -> %s (target >= %.1f)", ratio, pass ? "PASS" : "FAIL", TARGET);

        Reports.write(options, report);
        say("wrote %s.md and %s.json", options.results.resolve(options.name), options.results.resolve(options.name));
        return pass ? 0 : 3;
    }

    // ------------------------------------------------------------------ produce

    private void produce(String bootstrap, List<BusEvent> events, int[] partitions, long[] offsets) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, options.partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(512 * 1024));
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(256L * 1024 * 1024));
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none"); // as ingest produces
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        AtomicLong acked = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long recordBytes = 0;
        long t = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
             Progress progress = new Progress("produce", acked::get, events.size())) {
            for (int i = 0; i < events.size(); i++) {
                var record = EventRecords.toRecord(TOPIC, events.get(i));
                recordBytes += record.key().length() + record.value().length;
                for (var header : record.headers()) {
                    recordBytes += header.key().length() + header.value().length;
                }
                int index = i;
                producer.send(record, (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    } else {
                        partitions[index] = metadata.partition();
                        offsets[index] = metadata.offset();
                    }
                    acked.incrementAndGet();
                });
            }
            producer.flush();
            progress.done();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("producing failed", failure.get());
        }
        double seconds = seconds(t);
        say("produced %,d records to %s in %.1f s (%,.0f records/s; key + value + headers %.0f bytes on average), all acknowledged",
                events.size(), TOPIC, seconds, events.size() / seconds, recordBytes / (double) events.size());
        Map<String, Object> produced = new LinkedHashMap<>();
        produced.put("topic", TOPIC);
        produced.put("partitions", options.partitions);
        produced.put("seconds", Machine.round(seconds, 2));
        produced.put("avgRecordBytes", Math.round(recordBytes / (double) events.size()));
        produced.put("producer", "acks=all, idempotent, linger.ms=20, batch.size=512 KiB, no compression");
        report.put("produce", produced);
    }

    // ------------------------------------------------------------------ writer

    private Map<String, Object> writerPhase(DevServices services, Path dataDir, String bootstrap) throws Exception {
        execute("checkpoint");
        long logOffset = options.profile ? startStatementLog(dataDir) : 0;
        long walBefore = walLsn();
        List<String> args = new ArrayList<>(List.of(
                "--bss.roles=store",
                "--bss.kafka.events-topic=" + TOPIC,
                "--bss.kafka.dead-letter-topic=" + TOPIC + ".dlq",
                "--bss.store.consumer-group=" + GROUP,
                "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--spring.datasource.url=" + postgres.jdbcUrl(),
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--spring.data.redis.host=" + services.redis().orElseThrow().host(),
                "--spring.data.redis.port=" + services.redis().orElseThrow().port(),
                "--server.port=0",
                "--bss.demo.enabled=false",
                "--bss.devservices.enabled=false",
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN",
                "--logging.level.org.bss=INFO"));
        options.writerSettings.forEach(s -> args.add("--" + s));
        say("writer: starting the platform with only the store role (%s)", String.join(" ", options.writerSettings.isEmpty()
                ? List.of("default store settings") : options.writerSettings));

        Recording jfr = null;
        Path jfrFile = dataDir.resolveSibling(dataDir.getFileName() + "-writer.jfr");
        if (options.profile) {
            jfr = new Recording(Configuration.getConfiguration("profile"));
            jfr.setDestination(jfrFile);
            jfr.start();
        }
        Machine.Cpu cpuLaunch = Machine.sample(postmasterPid);
        long launch = System.nanoTime();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(PlatformApplication.class)
                .run(args.toArray(String[]::new));
        long ready = System.nanoTime();
        Map<String, Object> result = new LinkedHashMap<>();
        try {
            LongSupplier stored = storedCounter(context);
            boolean counter = stored != null;
            if (stored == null) {
                stored = () -> countRows("events");
            }
            // wait for the first stored row, then until all are stored
            long n = options.events;
            long first = 0;
            long rowsAtFirst = 0;
            Machine.Cpu cpuFirst = null;
            Machine.Cpu cpuEnd = null;
            Instant firstInstant = null;
            Instant endInstant = null;
            long end = 0;
            long lastChange = System.nanoTime();
            long lastRows = 0;
            long half = 0;
            long rowsAtHalf = 0;
            try (Progress progress = new Progress("writer", stored, n)) {
                while (true) {
                    long rows = stored.getAsLong();
                    long now = System.nanoTime();
                    if (rows > Math.max(0, options.warmupRows - 1) && first == 0) {
                        first = now;
                        rowsAtFirst = rows;
                        cpuFirst = Machine.sample(postmasterPid);
                        firstInstant = Instant.now();
                        progress.restartAt(rows);
                    }
                    if (rows >= n / 2 && half == 0) {
                        half = now;
                        rowsAtHalf = rows;
                    }
                    if (rows != lastRows) {
                        lastRows = rows;
                        lastChange = now;
                    }
                    if (rows >= n) {
                        if (cpuEnd == null) {
                            cpuEnd = Machine.sample(postmasterPid);
                            endInstant = Instant.now();
                        }
                        // the counter moves after each commit; count(*) only confirms, untimed (it scans the table)
                        end = end == 0 ? now : end;
                        if (!counter || countRows("events") >= n) {
                            break;
                        }
                    }
                    if (now - lastChange > TimeUnit.SECONDS.toNanos(120)) {
                        throw new IllegalStateException("the writer stored nothing for 120 s (" + rows + " of " + n + " rows)");
                    }
                    Thread.sleep(counter ? 20 : 250);
                }
                progress.done();
            }

            long total = countRows("events");
            if (total != n) {
                throw new IllegalStateException("events holds " + total + " rows, expected " + n);
            }
            double seconds = (end - first) / 1e9;
            long rowsTimed = n - rowsAtFirst;
            result.put("rowsPerSecond", Math.round(rowsTimed / seconds));
            result.put("measured", (options.warmupRows > 0
                    ? "after a warm-up of " + String.format("%,d", options.warmupRows) + " rows (not timed: JIT compilation of a"
                    + " freshly started JVM), from the first observation of at least that many stored rows"
                    : "from the first stored row seen") + " (counter bss.store.events, incremented after each commit, polled"
                    + " every 20 ms" + (counter ? "" : "; here select count(*) every 250 ms") + ") until it reached N (then"
                    + " select count(*) from events = N is checked, untimed); the rows already stored at the first observation"
                    + " are not counted");
            result.put("rowsTimed", rowsTimed);
            result.put("seconds", Machine.round(seconds, 3));
            result.put("rowsPerSecondSecondHalf", Math.round((n - rowsAtHalf) / ((end - half) / 1e9)));
            result.put("rowsPerSecondFromLaunch", Math.round(n / ((end - launch) / 1e9)));
            result.put("launchToReadySeconds", Machine.round((ready - launch) / 1e9, 2));
            result.put("launchToFirstRowSeconds", Machine.round((first - launch) / 1e9, 2));
            result.put("cpu", Machine.usage(cpuFirst, cpuEnd, rowsTimed));
            result.put("cpuIncludingStartup", Machine.usage(cpuLaunch, cpuEnd, n));
            result.put("walBytes", walLsn() - walBefore);
            result.putAll(writerConfig(context));
            result.put("batches", observedBatches("events"));
            if (options.profile) {
                jfr.stop();
                Map<String, Object> profile = new LinkedHashMap<>();
                Map<String, Object> statements = Profile.statementTimes(postgresLog(dataDir), logOffset);
                profile.put("postgresStatements", statements);
                double consumerMs = ((Number) result.get("consumers")).doubleValue() * seconds * 1000;
                profile.put("statementShareOfConsumerTime", Machine.round(
                        ((Number) statements.get("totalMsOfTheStatementsAbove")).doubleValue() / consumerMs, 3));
                profile.put("jfr", Profile.jfr(jfrFile, firstInstant, endInstant));
                // kept outside the repository (binary, a few MB)
                Path kept = Path.of(System.getProperty("java.io.tmpdir")).resolve(options.name + "-writer.jfr");
                Files.copy(jfrFile, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                profile.put("jfrFile", kept.toString());
                result.put("profile", profile);
            }
        } finally {
            if (jfr != null) {
                jfr.close();
                Files.deleteIfExists(jfrFile);
            }
            long closing = System.nanoTime();
            context.close();
            say("writer: platform stopped in %.1f s", seconds(closing));
        }
        return result;
    }

    /** The writer's own counter of stored rows, if it has one (incremented after each batch's commit). */
    private static LongSupplier storedCounter(ConfigurableApplicationContext context) {
        try {
            return context.getBeanProvider(MeterRegistry.class).orderedStream()
                    .map(registry -> registry.find("bss.store.events").counter())
                    .filter(java.util.Objects::nonNull)
                    .findFirst()
                    .<LongSupplier>map(counter -> () -> (long) counter.count())
                    .orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The store's settings as the running platform sees them, and as its listener container applies them. */
    private Map<String, Object> writerConfig(ConfigurableApplicationContext context) {
        Environment env = context.getEnvironment();
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String key : List.of("bss.store.concurrency", "bss.store.batch-size", "bss.store.batch-wait-ms",
                "spring.kafka.consumer.max-poll-records", "spring.kafka.consumer.properties.fetch.min.bytes",
                "spring.kafka.consumer.properties.fetch.max.wait.ms", "spring.kafka.listener.type",
                "spring.datasource.hikari.maximum-pool-size", "spring.threads.virtual.enabled")) {
            settings.put(key, env.getProperty(key));
        }
        Map<String, Object> effective = new LinkedHashMap<>();
        int consumers = env.getProperty("bss.store.concurrency", Integer.class, 2);
        Map<String, Object> factory = new LinkedHashMap<>();
        try {
            factory.putAll(context.getBean(ConsumerFactory.class).getConfigurationProperties());
        } catch (RuntimeException e) {
            // leave it empty
        }
        Properties overrides = new Properties();
        try {
            KafkaListenerEndpointRegistry registry = context.getBean(KafkaListenerEndpointRegistry.class);
            for (MessageListenerContainer container : registry.getListenerContainers()) {
                if (container.getListenerId() != null && container.getListenerId().startsWith("bss-store")) {
                    if (container instanceof ConcurrentMessageListenerContainer<?, ?> concurrent) {
                        consumers = concurrent.getConcurrency();
                    }
                    overrides.putAll(container.getContainerProperties().getKafkaConsumerProperties());
                }
            }
        } catch (RuntimeException e) {
            // leave the defaults
        }
        effective.put("consumers (bss.store.concurrency)", consumers);
        for (String key : List.of("max.poll.records", "fetch.min.bytes", "fetch.max.wait.ms", "max.partition.fetch.bytes",
                "fetch.max.bytes", "isolation.level")) {
            Object value = overrides.getProperty(key) != null ? overrides.getProperty(key) : factory.get(key);
            effective.put(key, value == null ? "(Kafka default)" : String.valueOf(value));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("consumers", consumers);
        Object maxPoll = effective.get("max.poll.records");
        int batch = 500;
        try {
            batch = Integer.parseInt(String.valueOf(maxPoll));
        } catch (NumberFormatException e) {
            // Kafka's default, 500
        }
        result.put("batchSizeUsedForRaw", batch);
        result.put("settings", settings);
        result.put("effectiveConsumerConfig", effective);
        if (!options.writerSettings.isEmpty()) {
            result.put("overrides", options.writerSettings);
        }
        return result;
    }

    /** Each batch is one transaction: rows per xmin are the batch sizes the writer actually had. */
    private Map<String, Object> observedBatches(String table) throws SQLException {
        List<Long> sizes = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("select count(*) from " + table + " group by xmin::text order by 1")) {
            while (rows.next()) {
                sizes.add(rows.getLong(1));
            }
        }
        Map<String, Object> batches = new LinkedHashMap<>();
        batches.put("transactions", sizes.size());
        batches.put("meanRows", sizes.isEmpty() ? 0 : Machine.round(sizes.stream().mapToLong(Long::longValue).sum()
                / (double) sizes.size(), 1));
        batches.put("minRows", sizes.isEmpty() ? 0 : sizes.getFirst());
        batches.put("medianRows", sizes.isEmpty() ? 0 : sizes.get(sizes.size() / 2));
        batches.put("maxRows", sizes.isEmpty() ? 0 : sizes.getLast());
        return batches;
    }

    // ------------------------------------------------------------------ raw COPY

    /** The rows of the raw phases, prebuilt (not timed): binary COPY data of rows and claims per batch. */
    private record Prepared(List<byte[]> texts, List<Integer> rows, List<byte[]> keys, long textBytes, double decodeSeconds,
                            double textSeconds) {
    }

    private Prepared prepare(List<BusEvent> events, int[] partitions, long[] offsets, int batchSize) {
        // the same rows as the writer got them, in the order a consumer sees them (by partition, then offset)
        long t = System.nanoTime();
        Integer[] order = new Integer[events.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.<Integer>comparingInt(i -> partitions[i]).thenComparingLong(i -> offsets[i]));
        List<BusRecord> consumed = new ArrayList<>(events.size());
        int[] p = new int[events.size()];
        long[] o = new long[events.size()];
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            consumed.add(CopyRows.asConsumed(TOPIC, events.get(i), partitions[i], offsets[i]));
            p[k] = partitions[i];
            o[k] = offsets[i];
        }
        double decodeSeconds = seconds(t);
        t = System.nanoTime();
        List<byte[]> texts = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        long textBytes = 0;
        for (int from = 0; from < consumed.size(); from += batchSize) {
            int to = Math.min(consumed.size(), from + batchSize);
            byte[] text = CopyRows.rows(consumed.subList(from, to), Arrays.copyOfRange(p, from, to), Arrays.copyOfRange(o, from, to));
            texts.add(text);
            rows.add(to - from);
            textBytes += text.length;
        }
        double textSeconds = seconds(t);
        List<byte[]> keys = new ArrayList<>();
        if (options.claimPhase) {
            for (int from = 0; from < consumed.size(); from += batchSize) {
                keys.add(CopyRows.claims(consumed.subList(from, Math.min(consumed.size(), from + batchSize))));
            }
        }
        say("raw phases: prebuilt %,d batches of up to %,d rows (%.1f MB of binary COPY data, %.0f bytes a row) in %.1f s, after decoding"
                        + " the records as the writer does in %.1f s (neither is timed)",
                texts.size(), batchSize, textBytes / 1e6, textBytes / (double) events.size(), textSeconds, decodeSeconds);
        return new Prepared(texts, rows, keys, textBytes, decodeSeconds, textSeconds);
    }

    /**
     * One raw phase over prebuilt batches: {@code claim == false} COPYs each batch (autocommit: one transaction each);
     * {@code claim == true} does per batch what the writer does in the database, in one transaction: the claim
     * statement (the writer's SQL, arrays built the same way, RETURNING read into a set), then the COPY.
     */
    private Map<String, Object> rawPhase(String label, String eventsTable, String keysTable, Path dataDir, Prepared prepared,
            int total, int batchSize, int connections) throws Exception {
        long t = System.nanoTime();
        for (String table : List.of("events", "event_keys", "events_raw", "events_claimed", "event_keys_claimed")) {
            if (exists(table)) {
                execute("vacuum analyze " + table);
            }
        }
        execute("checkpoint");
        say("%s: vacuum analyze of the tables written before and a checkpoint: %.1f s (not timed)", label, seconds(t));
        Map<String, Object> table = createLike("events", eventsTable, true);
        if (keysTable != null) {
            table.put("keys", createLike("event_keys", keysTable, false));
        }
        System.gc();

        long logOffset = options.profile ? Files.size(postgresLog(dataDir)) : 0;
        long walBefore = walLsn();
        AtomicInteger next = new AtomicInteger();
        AtomicLong copied = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Connection> pool = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Connection connection = connect();
            connection.setAutoCommit(keysTable == null);
            pool.add(connection);
        }
        String copy = CopyRows.copyStatement(eventsTable);
        // the writer's claim on its fast path (no key taken before): COPY of the 128-bit keys
        String claim = keysTable == null ? null
                : CopyRows.claimStatement(keysTable);
        // the writer's warm-up, untimed here too: the same first rows, so that both time the same rows into tables as full
        int warmupBatches = 0;
        long warmupRows = 0;
        while (warmupBatches < prepared.rows().size() && warmupRows < options.warmupRows) {
            warmupRows += prepared.rows().get(warmupBatches++);
        }
        Machine.Cpu cpuStart;
        long start;
        long end;
        Machine.Cpu cpuEnd;
        try (Progress progress = new Progress(label, copied::get, total)) {
            next.set(0);
            copyBatches(pool, prepared, copy, claim, next, warmupBatches, copied, failure);
            progress.restartAt(copied.get());
            cpuStart = Machine.sample(postmasterPid);
            start = System.nanoTime();
            copyBatches(pool, prepared, copy, claim, next, prepared.rows().size(), copied, failure);
            end = System.nanoTime();
            cpuEnd = Machine.sample(postmasterPid); // while the backends live: an exited one's time may not be counted yet
            progress.done();
        } finally {
            for (Connection connection : pool) {
                connection.close();
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException(label + " failed", failure.get());
        }
        long stored = countRows(eventsTable);
        if (stored != total) {
            throw new IllegalStateException(eventsTable + " holds " + stored + " rows, expected " + total);
        }
        double seconds = (end - start) / 1e9;
        long timed = total - warmupRows;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rowsPerSecond", Math.round(timed / seconds));
        result.put("rowsTimed", timed);
        String warmup = warmupRows == 0 ? "" : "after the same warm-up (the first " + warmupBatches + " batches, "
                + String.format("%,d", warmupRows) + " rows, not timed), ";
        result.put("measured", keysTable == null
                ? warmup + "from the first COPY to the end of the last (each COPY its own transaction, autocommit), binary COPY"
                        + " data prebuilt from the same events the way the writer builds it"
                : warmup + "from the first batch to the end of the last; per batch one transaction: the writer's claim (binary"
                        + " COPY of the keys) into " + keysTable + " (like event_keys), then COPY of the prebuilt rows, then commit");
        result.put("seconds", Machine.round(seconds, 3));
        result.put("connections", connections);
        result.put("batchSize", batchSize);
        result.put("batches", prepared.texts().size());
        result.put("avgCopyRowBytes", Math.round(prepared.textBytes() / (double) total));
        result.put("cpu", Machine.usage(cpuStart, cpuEnd, timed));
        result.put("walBytes", walLsn() - walBefore);
        result.put("untimedDecodeSeconds", Machine.round(prepared.decodeSeconds(), 2));
        result.put("untimedTextBuildSeconds", Machine.round(prepared.textSeconds(), 2));
        result.put("table", table);
        if (options.profile) {
            result.put("profile", Map.of("postgresStatements", Profile.statementTimes(postgresLog(dataDir), logOffset)));
        }
        return result;
    }


    /** Batches from {@code next} up to {@code until}, one thread per connection taking the next batch. */
    private static void copyBatches(List<Connection> pool, Prepared prepared, String copy, String claim, AtomicInteger next,
            int until, AtomicLong copied, AtomicReference<Throwable> failure) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (Connection connection : pool) {
            threads.add(Thread.ofPlatform().name("raw-" + threads.size()).start(() -> {
                try {
                    PGConnection pg = connection.unwrap(PGConnection.class);
                    for (int b = next.getAndIncrement(); b < until && failure.get() == null; b = next.getAndIncrement()) {
                        if (claim != null) {
                            long claimed = pg.getCopyAPI().copyIn(claim, new ByteArrayInputStream(prepared.keys().get(b)));
                            if (claimed != prepared.rows().get(b)) {
                                throw new IllegalStateException("claimed " + claimed + " of " + prepared.rows().get(b));
                            }
                        }
                        pg.getCopyAPI().copyIn(copy, new ByteArrayInputStream(prepared.texts().get(b)));
                        if (claim != null) {
                            connection.commit();
                        }
                        copied.addAndGet(prepared.rows().get(b));
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        next.set(until); // a thread that found b >= until took one index past it
    }

    /**
     * {@code create table NAME (like SOURCE including all)}: columns, defaults, constraints, indexes; for a partitioned
     * source, partitioned the same way with one partition per partition of the source, with the same bounds.
     */
    private Map<String, Object> createLike(String source, String name, boolean partitioned) throws SQLException {
        List<String> created = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            if (!partitioned) {
                s.execute("create table " + name + " (like " + source + " including all)");
            } else {
                s.execute("create table " + name + " (like " + source + " including all) partition by range (received_at)");
                List<String[]> parts = new ArrayList<>();
                try (ResultSet rows = s.executeQuery("""
                        select c.relname, pg_get_expr(c.relpartbound, c.oid) from pg_inherits i join pg_class c on c.oid = i.inhrelid
                        where i.inhparent = '%s'::regclass order by 1""".formatted(source))) {
                    while (rows.next()) {
                        parts.add(new String[] {rows.getString(1), rows.getString(2)});
                    }
                }
                for (String[] part : parts) {
                    String partition = name + part[0].substring(source.length());
                    s.execute("create table " + partition + " partition of " + name + " " + part[1]);
                    created.add(partition);
                }
            }
        }
        Map<String, Object> table = new LinkedHashMap<>();
        List<String> sourceIndexes = indexes(source);
        List<String> indexes = indexes(name);
        List<String> sourceColumns = columns(source);
        List<String> columns = columns(name);
        boolean same = sourceIndexes.equals(indexes) && sourceColumns.equals(columns);
        table.put("definition", "create table " + name + " (like " + source + " including all)"
                + (partitioned ? " partition by range (received_at), plus one partition per partition of " + source
                + " with the same bounds (" + created.size() + ")" : ""));
        table.put("columns", sourceColumns);
        table.put("indexes", sourceIndexes);
        table.put("sameAs" + (source.equals("events") ? "Events" : "EventKeys"), same);
        if (!same) {
            table.put("ownColumns", columns);
            table.put("ownIndexes", indexes);
        }
        say("%s created like %s (%scolumns and indexes %s: %s)", name, source,
                partitioned ? created.size() + " partitions; " : "", same ? "the same" : "DIFFERENT", indexes);
        return table;
    }

    private boolean exists(String table) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("select to_regclass('" + table + "') is not null")) {
            rows.next();
            return rows.getBoolean(1);
        }
    }

    private List<String> indexes(String table) throws SQLException {
        List<String> result = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("select regexp_replace(indexdef, 'INDEX \\S+ ON (ONLY )?\\S+ ', 'INDEX ON ')"
                     + " from pg_indexes where tablename = '" + table + "' order by 1")) {
            while (rows.next()) {
                result.add(rows.getString(1));
            }
        }
        return result;
    }

    private List<String> columns(String table) throws SQLException {
        List<String> result = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("select a.attname || ' ' || format_type(a.atttypid, a.atttypmod)"
                     + " || case when a.attnotnull then ' not null' else '' end"
                     + " || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')"
                     + " from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum"
                     + " where a.attrelid = '" + table + "'::regclass and a.attnum > 0 and not a.attisdropped order by a.attnum")) {
            while (rows.next()) {
                result.add(rows.getString(1));
            }
        }
        return result;
    }

    /** The tables hold the same rows (every column the writer writes; tx differs by design). */
    private Map<String, Object> compareTables() throws SQLException {
        long t = System.nanoTime();
        String[] a = fingerprint("events");
        String[] b = fingerprint("events_raw");
        boolean same = Arrays.equals(a, b);
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("how", "count and sum of hashtextextended(" + ROW + ") over each table");
        check.put("eventsFingerprint", a[0] + " rows, " + a[1]);
        check.put("eventsRawFingerprint", b[0] + " rows, " + b[1]);
        if (options.claimPhase) {
            String[] c = fingerprint("events_claimed");
            check.put("eventsClaimedFingerprint", c[0] + " rows, " + c[1]);
            same &= Arrays.equals(a, c);
            check.put("eventKeysClaimedBytes", tableBytes("event_keys_claimed"));
        }
        check.put("sameRows", same);
        check.put("eventsBytes", tableBytes("events"));
        check.put("eventsRawBytes", tableBytes("events_raw"));
        check.put("eventKeysBytes", tableBytes("event_keys"));
        say("check: events, events_raw%s hold %s (%s rows each; %.1f s)", options.claimPhase ? " and events_claimed" : "",
                same ? "the same rows" : "DIFFERENT ROWS", a[0], seconds(t));
        return check;
    }

    private String[] fingerprint(String table) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("select count(*), coalesce(sum(hashtextextended(" + ROW + ", 0)::numeric), 0) from " + table)) {
            rows.next();
            return new String[] {rows.getString(1), rows.getString(2)};
        }
    }

    private long tableBytes(String table) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("select coalesce((select sum(pg_total_relation_size(inhrelid)) from pg_inherits"
                     + " where inhparent = '" + table + "'::regclass), 0) + pg_total_relation_size('" + table + "'::regclass)")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    // ------------------------------------------------------------------ PostgreSQL helpers

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private long countRows(String table) {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("select count(*) from " + table)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long walLsn() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("select pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private String postgresVersion() {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery("select version()")) {
            rows.next();
            return rows.getString(1);
        } catch (SQLException e) {
            return "?";
        }
    }

    private Map<String, String> postgresSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("select name, setting || coalesce(' ' || unit, '') from pg_settings where name in"
                     + " ('fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers', 'wal_level', 'max_wal_size',"
                     + " 'checkpoint_timeout', 'work_mem', 'maintenance_work_mem', 'wal_buffers') order by 1")) {
            while (rows.next()) {
                settings.put(rows.getString(1), rows.getString(2));
            }
        } catch (SQLException e) {
            settings.put("error", e.toString());
        }
        return settings;
    }

    private static Path postgresLog(Path dataDir) {
        return dataDir.resolve("postgres.log");
    }

    /** --profile: PostgreSQL logs every statement's duration (not its parameters) from here on. */
    private long startStatementLog(Path dataDir) throws SQLException, IOException {
        execute("alter system set log_min_duration_statement = 0");
        execute("alter system set log_parameter_max_length = 0");
        execute("select pg_reload_conf()");
        return Files.exists(postgresLog(dataDir)) ? Files.size(postgresLog(dataDir)) : 0;
    }

    private void stopStatementLog() throws SQLException {
        execute("alter system reset log_min_duration_statement");
        execute("alter system reset log_parameter_max_length");
        execute("select pg_reload_conf()");
    }

    private static long postmasterPid(Path postgresDataDir) {
        try {
            return Long.parseLong(Files.readAllLines(postgresDataDir.resolve("postmaster.pid")).getFirst().strip());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private Map<String, Object> machineInfo() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("nproc", Machine.nproc());
        machine.put("cpu", Machine.cpuModel());
        machine.put("jvm", Machine.jvm());
        machine.put("postgresql", postgresVersion());
        machine.put("postgresqlSettings", postgresSettings());
        machine.put("loadAverage", load);
        machine.put("note", "2 cores shared by the embedded Kafka broker (in this JVM), the writer, PostgreSQL and any other"
                + " process on the machine (other builds and tests may run at the same time: see otherProcessesCores)");
        return machine;
    }

    // ------------------------------------------------------------------ small things

    static void say(String format, Object... args) {
        String time = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC).format(Instant.now());
        System.out.println(time + " " + String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            say("could not delete %s: %s", dir, e);
        }
    }

    /** A line every second while a phase runs: rows so far, rows/s over the last second and since the start. */
    static final class Progress implements AutoCloseable {
        private final String phase;
        private final LongSupplier rows;
        private final long total;
        private final Thread thread;
        private volatile long startNanos = System.nanoTime();
        private volatile long startRows;
        private volatile boolean done;

        Progress(String phase, LongSupplier rows, long total) {
            this.phase = phase;
            this.rows = rows;
            this.total = total;
            this.thread = Thread.ofPlatform().daemon().name("progress-" + phase).start(this::report);
        }

        void restartAt(long rowsNow) {
            startRows = rowsNow;
            startNanos = System.nanoTime();
        }

        private void report() {
            long began = System.nanoTime();
            long lastRows = 0;
            long last = began;
            while (!done) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                if (done) {
                    return;
                }
                long now = System.nanoTime();
                long r;
                try {
                    r = rows.getAsLong();
                } catch (RuntimeException e) {
                    continue;
                }
                double since = (now - startNanos) / 1e9;
                say("  [%s] %5.1f s: %,9d of %,d rows, %,8.0f rows/s last second, %,8.0f rows/s average", phase,
                        (now - began) / 1e9, r, total, (r - lastRows) / ((now - last) / 1e9),
                        since <= 0 ? 0 : (r - startRows) / since);
                lastRows = r;
                last = now;
            }
        }

        void done() {
            done = true;
            thread.interrupt();
        }

        @Override
        public void close() {
            done();
        }
    }

    /** Command line. */
    record Options(int events, int warmupRows, int tenants, long seed, int partitions, int rawConnections, int rawBatch, boolean profile,
                   boolean claimPhase, Path results, String name, List<String> writerSettings, String command) {

        static Options parse(String[] args) {
            int events = 500_000;
            int warmupRows = 100_000;
            int tenants = 8;
            long seed = 42;
            int partitions = 12;
            int rawConnections = 0;
            int rawBatch = 0;
            boolean profile = false;
            boolean claimPhase = true;
            Path results = Path.of("bench/results");
            String name = null;
            List<String> settings = new ArrayList<>();
            String command = "StoreBenchmark " + String.join(" ", args);
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--events" -> events = Integer.parseInt(args[++i].replace("_", "").replace(",", ""));
                    case "--warmup-rows" -> warmupRows = Integer.parseInt(args[++i].replace("_", "").replace(",", ""));
                    case "--tenants" -> tenants = Integer.parseInt(args[++i]);
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    case "--partitions" -> partitions = Integer.parseInt(args[++i]);
                    case "--raw-connections" -> rawConnections = Integer.parseInt(args[++i]);
                    case "--raw-batch" -> rawBatch = Integer.parseInt(args[++i]);
                    case "--profile" -> profile = true;
                    case "--no-claim-phase" -> claimPhase = false;
                    case "--results" -> results = Path.of(args[++i]);
                    case "--name" -> name = args[++i];
                    case "--set" -> settings.add(args[++i]);
                    case "--command" -> command = args[++i];
                    case "--help", "-h" -> {
                        System.out.println("""
                                StoreBenchmark: the store writer's rows/s vs a raw COPY of the same rows (bench/store/run.sh)
                                  --events N            events to write (default 500000)
                                  --warmup-rows N       the first N rows of each phase are not timed (default 100000):
                                                        the writer's JVM compiles its hot code while it starts
                                  --tenants N           tenants they are spread over (default 8)
                                  --seed N              random seed of the generated events (default 42)
                                  --partitions N        partitions of the bench topic (default 12)
                                  --raw-connections N   connections of the raw COPY (default: the writer's consumers)
                                  --raw-batch N         rows per raw COPY (default: the writer's max.poll.records)
                                  --set key=value       a platform setting for the writer, e.g. --set bss.store.concurrency=1
                                  --no-claim-phase      skip the third phase (the writer's claim + COPY SQL without the platform)
                                  --profile             JFR on the writer phase and PostgreSQL statement durations (slower)
                                  --results DIR         where NAME.md and NAME.json go (default bench/results)
                                  --name NAME           default store-writer-vs-copy (store-writer-vs-copy-profile with --profile)
                                Exit status: 0 PASS (ratio >= 0.7), 3 FAIL, 1 error.""");
                        System.exit(0);
                    }
                    default -> throw new IllegalArgumentException("unknown option " + arg + " (--help)");
                }
            }
            if (name == null) {
                name = profile ? "store-writer-vs-copy-profile" : "store-writer-vs-copy";
            }
            return new Options(events, warmupRows, tenants, seed, partitions, rawConnections, rawBatch, profile, claimPhase, results, name,
                    List.copyOf(settings), command);
        }
    }

    /** NAME.json (everything) and NAME.md (the figures and how they were taken). */
    static final class Reports {
        private Reports() {
        }

        static void write(Options options, Map<String, Object> report) throws IOException {
            Files.createDirectories(options.results());
            JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
            Files.writeString(options.results().resolve(options.name() + ".json"), json.writeValueAsString(report) + "\n");
            Files.writeString(options.results().resolve(options.name() + ".md"), Markdown.of(options, report, json));
        }
    }
}
