package org.bss.loadgen.fuzz;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bss.loadgen.platform.PlatformClient;
import org.bss.loadgen.platform.PlatformClient.TenantKey;
import org.bss.loadgen.report.Machine;
import org.bss.loadgen.run.Converters;
import org.bss.loadgen.platform.AdminKeyOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The fuzz command: sends generated malformed requests to the platform's HTTP edge over raw sockets and checks that
 * each is refused with a problem (or the connection closed), that nothing of them is stored, and that the platform
 * is healthy and its heap flat afterwards.
 */
@Command(name = "fuzz", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sends generated malformed requests to POST /api/v1/events (and around it) over raw HTTP/1.1 sockets, one "
                + "connection each, deterministic from --seed: broken JSON, content types and encodings, framing, oversized bodies "
                + "and heads, broken binary-mode headers, broken batches, bad keys, wrong methods and paths, slow clients, random "
                + "byte mutations. None of them is a request the platform should accept. Each answer must be a 4xx "
                + "application/problem+json whose status is the HTTP status (or the documented 400 answer of a batch none of "
                + "whose events was accepted), or the connection closed; anything else is a finding. Afterwards one valid event is "
                + "sent and must be the tenant's only stored event, /actuator/health must be UP, and the live data after GC "
                + "(/actuator/prometheus) must not have risen by more than 20 MiB. Writes fuzz.json and fuzz.md to --out.",
                "Exit status: 0 no findings, 3 findings, 2 a bad option, 1 error."})
public final class FuzzCommand implements Callable<Integer> {

    public static final int FINDINGS = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "The platform's base URL, plain http (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--management-url", description = "Where /actuator/health and /actuator/prometheus are (default: --url).")
    URI managementUrl;

    @Mixin
    AdminKeyOptions admin;

    @Option(names = "--requests", defaultValue = "10000", description = "Malformed requests to send (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the generated requests (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--connections", defaultValue = "8", description = "Requests in flight at most, slow clients apart (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--timeout", defaultValue = "30s", converter = Converters.Length.class,
            description = "How long to wait for an answer once a request is sent (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--slow-timeout", defaultValue = "150s", converter = Converters.Length.class,
            description = "How long a slow client that stopped sending waits for the server to answer or close (default: ${DEFAULT-VALUE}).")
    Duration slowTimeout;

    @Option(names = "--settle", defaultValue = "60s", converter = Converters.Length.class,
            description = "How long to wait for the valid event to be listed (default: ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(names = "--out", description = "Folder for fuzz.json and fuzz.md (default: loadgen-results/fuzz-<time>).")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintStream console = System.out;
        if (!"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("--url must be a plain http URL, e.g. http://localhost:8080; " + url + " is not");
        }
        if (connections < 1) {
            throw new IllegalArgumentException("--connections must be at least 1");
        }
        if (requests < 1) {
            throw new IllegalArgumentException("--requests must be at least 1");
        }
        Path folder = out != null ? out : Path.of("loadgen-results", "fuzz-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(folder);
        URI management = managementUrl != null ? managementUrl : url;
        int port = url.getPort() > 0 ? url.getPort() : 80;

        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build()) {
            PlatformClient platform = new PlatformClient(url, http);
            String admin = this.admin.adminKey();
            String run = Long.toString(System.currentTimeMillis(), 36);
            // A quota far above the pass's rate: a 429 would hide what the platform answers to the request itself.
            TenantKey tenant = platform.createTenant(admin, "fuzz-" + run, 100_000, 100_000);
            TenantKey other = platform.createTenant(admin, "fuzz-" + run + "-other", 100_000, 100_000);
            FuzzTarget target = new FuzzTarget(tenant.tenantId(), tenant.apiKey(), other.tenantId(), other.apiKey(), url.getHost() + ":" + port);
            PlatformChecks checks = new PlatformChecks(url, management, http);

            PlatformChecks.Memory before = checks.memory();
            console.printf(Locale.ROOT, "fuzz: %,d requests, seed %d, %d connections, to %s as tenant %s%n", requests, seed, connections, url,
                    tenant.tenantId());
            FuzzPass.Result pass = FuzzPass.run(new FuzzCases(seed, requests, target),
                    new FuzzPass.Settings(new InetSocketAddress(url.getHost(), port), connections, timeout, slowTimeout), console);

            PlatformChecks.Marker marker = checks.sendMarker(target);
            PlatformChecks.Stored stored = marker.accepted() ? checks.awaitStored(target, marker.id(), settle)
                    : new PlatformChecks.Stored(false, 0, checks.eventIds(target.apiKey()), checks.eventIds(target.otherApiKey()));
            PlatformChecks.Health health = checks.health();
            PlatformChecks.Memory after = checks.memory();

            FuzzReport report = new FuzzReport(command(), settings(target, management), pass,
                    new FuzzReport.Checks(marker, stored, health, before, after), Machine.describe());
            report.write(folder);
            List<String> problems = report.problems();
            console.printf(Locale.ROOT, "fuzz: %,d requests in %.1f s; stored %d (1 expected), other tenant %d; health %s; %s%n",
                    pass.tally().sent(), pass.millis() / 1000.0, stored.events().size(), stored.otherEvents().size(), health.status(),
                    memoryLine(report.checks()));
            if (problems.isEmpty()) {
                console.println("fuzz: no findings");
            } else {
                problems.forEach(problem -> console.println("fuzz: finding: " + problem));
                for (Findings.Group group : pass.findings().groups()) {
                    console.printf(Locale.ROOT, "  %,6d  %s: %s%s%n", group.count(), group.signature().family(), group.signature().outcome().label(),
                            group.signature().status() == 0 ? "" : " (" + group.signature().status() + " " + group.signature().mediaType() + ")");
                }
            }
            console.println("report: " + folder.resolve("fuzz.md").toAbsolutePath());
            return problems.isEmpty() ? 0 : FINDINGS;
        }
    }

    private static String memoryLine(FuzzReport.Checks checks) {
        if (checks.before() == null || checks.after() == null) {
            return "memory not available";
        }
        Double rise = checks.liveDataRise();
        return String.format(Locale.ROOT, "heap used %.0f -> %.0f MiB", checks.before().heapUsed() / 1048576, checks.after().heapUsed() / 1048576)
                + (rise == null ? "" : String.format(Locale.ROOT, ", live data %.0f -> %.0f MiB", checks.before().liveData() / 1048576,
                checks.after().liveData() / 1048576));
    }

    private Map<String, Object> settings(FuzzTarget target, URI management) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("url", url.toString());
        settings.put("managementUrl", management.toString());
        settings.put("requests", requests);
        settings.put("seed", seed);
        settings.put("connections", connections);
        settings.put("slowClients", FuzzCases.slowCount(requests));
        settings.put("timeout", timeout.toString());
        settings.put("slowTimeout", slowTimeout.toString());
        settings.put("settle", settle.toString());
        settings.put("tenant", target.tenantId());
        settings.put("otherTenant", target.otherTenantId());
        return settings;
    }

    /** The command line as given, the admin key masked. */
    private String command() {
        List<String> args = new ArrayList<>(List.of("java", "-jar", "loadgen/target/bss-loadgen-exec.jar"));
        List<String> given = spec == null ? List.of() : spec.commandLine().getParseResult().originalArgs();
        args.addAll(AdminKeyOptions.masked(given));
        return String.join(" ", args);
    }
}
