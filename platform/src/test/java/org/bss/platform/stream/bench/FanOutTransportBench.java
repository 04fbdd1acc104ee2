package org.bss.platform.stream.bench;

import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.utils.AppInfoParser;
import org.bss.devservices.DevServices;
import org.bss.devservices.DevServicesSettings;
import org.bss.devservices.EmbeddedKafka;
import org.bss.devservices.EmbeddedRedis;
import org.bss.loadgen.report.Machine;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the live stream could fan accepted events out to the instances that have subscribers: (K) each instance
 * consumes every partition of {@code bss.events} and filters by tenant, or (R) ingest SPUBLISHes each event to its
 * tenant's Redis channel and each instance SSUBSCRIBEs to its subscribers' tenants. Starts embedded Kafka and Redis
 * (devservices), runs each variant at a fixed rate, and measures CPU per event by component, latency from publish to
 * reader, and delivery; then, for each transport, a reader that stalls. Prints Markdown, and writes it, JSON and an
 * SVG chart where asked. bench/stream/transport.sh builds and runs it; {@code --help} lists the options.
 */
public final class FanOutTransportBench {

    /** Events the publisher cycles through, per tenant. */
    private static final int EVENTS_PER_TENANT = 2_000;

    private FanOutTransportBench() {
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(BenchOptions.USAGE);
            return;
        }
        BenchOptions options = BenchOptions.parse(args);
        System.out.printf(">> %d variant(s) and %d stall run(s): about %d min%n", options.variants().size(),
                options.stall() > 0 ? options.stallTransports().size() : 0, (options.expectedSeconds() + 59) / 60);
        Map<String, Object> machine = Machine.describe();
        String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Path data = Files.createTempDirectory("bss-transport-bench-");
        try (DevServices services = DevServices.start(new DevServicesSettings(data, true, false, true, 0, 0, 0))) {
            EmbeddedKafka kafka = services.kafka().orElseThrow();
            EmbeddedRedis redis = services.redis().orElseThrow();
            createTopic(kafka.bootstrapServers(), options.partitions());
            System.out.println(">> generating the events");
            EventPool pool = EventPool.generate(options.tenants(), EVENTS_PER_TENANT, options.dataBytes(),
                    options.seed());
            Rig rig = new Rig(options, pool, kafka.bootstrapServers(), redis.host(), redis.port(),
                    RedisProcess.of(redis, options.clockTicks()));
            String[] redisFacts = redisFacts(redis);
            if (options.jitWarmup() > 0) {
                JitWarmup.run(rig, options.transportsUsed(), options.jitWarmup());
            }
            List<VariantRun.Result> results = new ArrayList<>();
            for (Variant variant : options.variants()) {
                results.add(VariantRun.run(rig, variant));
            }
            List<StallRun.Result> stalls = new ArrayList<>();
            if (options.stall() > 0) {
                for (Variant.Transport transport : options.stallTransports()) {
                    stalls.add(StallRun.run(rig, transport, options.stall()));
                }
            }
            String loadAtEnd = String.valueOf(Machine.describe().getOrDefault("loadAverage", "?"));
            String jvmArguments = String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments());
            Report report = new Report(new Report.Setting(options, machine, date, loadAtEnd, pool.sizes(),
                    AppInfoParser.getVersion(), redisFacts[0], redisFacts[1], jvmArguments), results, stalls);
            write(options, report);
        } finally {
            deleteQuietly(data);
        }
        System.exit(0); // the clients' and the broker's leftover threads must not keep the JVM up
    }

    private static void createTopic(String bootstrap, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(EventPool.TOPIC, partitions, (short) 1))).all().get();
        }
    }

    /** redis-server's version and its client output buffer limits. */
    private static String[] redisFacts(EmbeddedRedis redis) {
        try (LettuceClient lettuce = new LettuceClient("bench-admin", redis.host(), redis.port());
             StatefulRedisConnection<String, String> connection = lettuce.client.connect()) {
            String version = connection.sync().info("server").lines()
                    .filter(line -> line.startsWith("redis_version:"))
                    .map(line -> line.substring("redis_version:".length()).strip()).findFirst().orElse("?");
            Map<String, String> limits = connection.sync().configGet("client-output-buffer-limit");
            return new String[] {version, limits.getOrDefault("client-output-buffer-limit", "?")};
        }
    }

    private static void write(BenchOptions options, Report report) throws IOException {
        String chartFile = options.svg() == null ? "stream-transport.svg" : options.svg().getFileName().toString();
        String markdown = report.markdown(chartFile);
        System.out.println();
        System.out.println(markdown);
        if (options.markdown() != null) {
            Files.writeString(options.markdown(), markdown);
        }
        if (options.json() != null) {
            Files.writeString(options.json(), JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(report.json()) + "\n");
        }
        if (options.svg() != null) {
            Files.writeString(options.svg(), report.chart());
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}
