package org.bss.bench.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.bss.loadgen.report.Machine;
import org.bss.loadgen.run.Converters;
import org.bss.loadgen.verify.TenantsFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The fault suite: Kafka (three brokers), PostgreSQL and Redis as processes of their own, the platform as one (or
 * two) more, the load generator at a steady rate, and each scenario's fault injected and healed under that load.
 * After the scenarios, the read models are checked against a rebuild from the store.
 *
 * <pre>
 * ChaosSuite [--scenarios all|name,name] [--rate 50000/min] [--connections 128] [--short] [--out DIR] [--name chaos]
 *            [--work DIR] [--disk-limit BYTES] [--no-read-models] [--command TEXT] [--brokers 3]
 *            [--warm-up 60s]
 * </pre>
 */
public final class ChaosSuite {

    static final String ADMIN_KEY = "bss_" + "c".repeat(43);

    /** What a run is asked to do. */
    public record Settings(List<Scenario> scenarios, String rate, int connections, Path work, Path out, String name,
            long diskLimitBytes, boolean readModels, String command, List<String> platformJvm, int brokers, Duration warmUp) {
    }

    private ChaosSuite() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings;
        try {
            settings = parse(args);
        } catch (CommandLine.ParameterException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            new CommandLine(new Options()).usage(System.err);
            System.exit(2);
            return;
        }
        List<ScenarioResult> results = run(settings);
        boolean clean = results.stream().allMatch(ScenarioResult::exactlyOnce)
                && results.stream().allMatch(r -> r.readModels().equals("equal") || r.readModels().equals("not checked"));
        System.exit(clean ? 0 : 3);
    }

    public static List<ScenarioResult> run(Settings settings) throws Exception {
        boolean disk = settings.scenarios().stream().anyMatch(s -> s.fault() instanceof Fault.FillPostgresDisk);
        List<Scenario> scenarios = settings.scenarios();
        long diskLimit = disk ? settings.diskLimitBytes() : 0;
        if (disk && !"root".equals(System.getProperty("user.name"))) {
            System.out.println("skipping the disk scenario: mounting a small disk for PostgreSQL needs root");
            scenarios = scenarios.stream().filter(s -> !(s.fault() instanceof Fault.FillPostgresDisk)).toList();
            diskLimit = 0;
        }
        Files.createDirectories(settings.work());
        System.out.println(">> starting Kafka (" + settings.brokers() + " brokers), PostgreSQL and Redis as processes in "
                + settings.work());
        List<ScenarioResult> results = new ArrayList<>();
        try (ChaosServers servers = ChaosServers.start(settings.work().resolve("servers"), settings.brokers(), diskLimit)) {
            List<String> args = new ArrayList<>(servers.platformArgs());
            args.addAll(List.of("--bss.admin.bootstrap-key=" + ADMIN_KEY, "--bss.demo.enabled=false"));
            PlatformNode first = new PlatformNode("platform-1", settings.work(), settings.platformJvm(), args);
            first.start();
            first.awaitReady();
            System.out.println(">> platform ready at " + first.baseUrl());
            PlatformNode second = new PlatformNode("platform-2", settings.work(), settings.platformJvm(), args);
            ScenarioRunner runner = new ScenarioRunner(settings.rate(), settings.connections(), Duration.ofMinutes(3),
                    ADMIN_KEY);
            try (Platforms platforms = new Platforms(first, second)) {
                runner.warmUp(platforms, settings.warmUp(), settings.work().resolve("runs"));
                int seed = 1;
                for (Scenario scenario : scenarios) {
                    if (scenario.twoInstances()) {
                        second.start();
                        second.awaitReady();
                    }
                    if (servers.diskLimited()) {
                        System.out.println(">> PostgreSQL's disk: " + servers.postgresDiskUse());
                    }
                    ScenarioResult result = runner.run(scenario, servers, platforms, settings.work().resolve("runs"), seed++);
                    if (scenario.twoInstances()) {
                        second.stop();
                    }
                    System.out.printf(">> %s: accepted %,d, stored %,d, missing %,d, duplicated %,d; recovered after %s%n",
                            scenario.name(), result.accepted(), result.stored(), result.missing(), result.duplicated(),
                            result.recoverySeconds() < 0 ? "(not within the run)"
                                    : String.format("%.1f s", result.recoverySeconds()));
                    results.add(result);
                }
                if (settings.readModels()) {
                    results = checkReadModels(results, first, settings.work().resolve("runs"));
                }
            }
        }
        String kafka = settings.brokers() >= 3 ? "a cluster of " + settings.brokers()
                + " KRaft brokers (replication factor 3, min.insync.replicas 2)"
                : settings.brokers() + " KRaft broker" + (settings.brokers() == 1 ? "" : "s") + " (replication factor "
                + settings.brokers() + ")";
        String setup = String.format("Kafka: " + kafka + ", "
                + "PostgreSQL and Redis, each a process of its own on this machine; the platform (every role) as another, "
                + "reaching Kafka and PostgreSQL through TCP gates where the network faults are put. The load generator "
                + "sends single events at %s over %d connections to 4 tenants; each scenario is its own run with new tenants.",
                settings.rate(), settings.connections());
        ChaosReport.write(settings.out(), settings.name(), results, settings.command(), machine(), setup);
        System.out.println(">> wrote " + settings.out().resolve(settings.name() + ".md"));
        return results;
    }

    private static List<ScenarioResult> checkReadModels(List<ScenarioResult> results, PlatformNode platform, Path runs)
            throws Exception {
        List<String> tenants = new ArrayList<>();
        for (ScenarioResult result : results) {
            TenantsFile.read(runs.resolve(result.scenario().name()).resolve("tenants.tsv"))
                    .forEach(t -> tenants.add(t.tenantId()));
        }
        Map<String, String> verdicts = new ReadModelCheck(platform.baseUrl(), ADMIN_KEY).check(tenants, Duration.ofMinutes(30));
        List<ScenarioResult> checked = new ArrayList<>();
        for (ScenarioResult result : results) {
            List<String> own = TenantsFile.read(runs.resolve(result.scenario().name()).resolve("tenants.tsv")).stream()
                    .map(t -> verdicts.get(t.tenantId())).toList();
            checked.add(result.withReadModels(own.stream().allMatch("equal"::equals) ? "equal"
                    : own.stream().filter(v -> !v.equals("equal")).findFirst().orElse("?")));
        }
        return checked;
    }

    private static String machine() {
        return Machine.describe().toString();
    }

    static Settings parse(String[] args) {
        Options options = new Options();
        new CommandLine(options).parseArgs(args);
        return options.settings();
    }

    @Command(name = "ChaosSuite", description = "Faults injected and healed under load; every accepted event verified.")
    static final class Options {

        @Option(names = "--scenarios", defaultValue = "all", description = "all, or names separated by commas")
        String scenarios;

        @Option(names = "--rate", defaultValue = "50000/min",
                description = "about half of what this setup sustains on two cores, so that a backlog can drain")
        String rate;

        @Option(names = "--connections", defaultValue = "128")
        int connections;

        @Option(names = "--short", description = "each fault for a few seconds, as the tests run them")
        boolean shortened;

        @Option(names = "--out", defaultValue = "bench/results")
        Path out;

        @Option(names = "--work", defaultValue = "target/chaos")
        Path work;

        @Option(names = "--name", defaultValue = "chaos")
        String name;

        @Option(names = "--disk-limit", defaultValue = "17179869184",
                description = "bytes of PostgreSQL's tmpfs (root only; memory is taken only as PostgreSQL writes, a few GB"
                        + " in a full run), shrunk to what it holds for the disk scenario")
        long diskLimit;

        @Option(names = "--no-read-models", description = "skip the read models' comparison with a rebuild")
        boolean noReadModels;

        @Option(names = "--command", defaultValue = "bench/chaos/run.sh")
        String command;

        @Option(names = "--brokers", defaultValue = "3")
        int brokers;

        @Option(names = "--warm-up", converter = Converters.Length.class,
                description = "load before the first scenario, outside every figure (default 60s; 0 with --short)")
        Duration warmUp;

        Settings settings() {
            List<Scenario> chosen = scenarios.equals("all") ? Scenario.all()
                    : Arrays.stream(scenarios.split(",")).map(String::strip).map(Scenario::named).toList();
            UnaryOperator<Scenario> length = shortened ? Scenario::shortened : UnaryOperator.identity();
            return new Settings(chosen.stream().map(length).toList(), rate, connections, work, out, name, diskLimit,
                    !noReadModels, command, List.of("-Xmx1g", "-XX:+UseG1GC"), brokers,
                    warmUp != null ? warmUp : shortened ? Duration.ZERO : Duration.ofSeconds(60));
        }
    }
}
