package org.bss.loadgen.run;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.bss.loadgen.platform.Credential;
import org.bss.loadgen.platform.OidcClient;
import org.bss.loadgen.platform.OidcTokens;
import org.bss.loadgen.platform.PlatformClient;
import org.bss.loadgen.platform.PlatformClient.TenantKey;
import org.bss.loadgen.report.Deliveries;
import org.bss.loadgen.report.Machine;
import org.bss.loadgen.evaluate.Label;
import org.bss.loadgen.evaluate.RunFiles;
import org.bss.loadgen.report.RunReport;
import org.bss.loadgen.report.Section;
import org.bss.loadgen.report.Thresholds;
import org.bss.loadgen.report.Totals;
import org.bss.loadgen.stream.Ledger;
import org.bss.loadgen.stream.StreamFilter;
import org.bss.loadgen.stream.Subscribers;
import org.bss.loadgen.traffic.EventMix;
import org.bss.loadgen.traffic.Injection;
import org.bss.loadgen.traffic.Traffic;
import org.bss.loadgen.verify.AcceptedLog;
import org.bss.loadgen.verify.StoreCheck;
import org.bss.loadgen.verify.TenantsFile;
import org.bss.loadgen.verify.Verification;
import org.bss.loadgen.platform.AdminKeyOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The run command: drives POST /api/v1/events (and, with --reads, GET /api/v1/customers/{id}) at a scenario's
 * arrival rate and writes the report.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sends BSS events to the platform at a constant arrival rate (open model), and reads customers "
                + "back if asked, and reports throughput and latency each second and at the end (text, JSON, HTML). "
                + "With --inject, some tenants' traffic carries anomalies, labelled in labels.json. With --subscribers, "
                + "stream subscribers read GET /api/v1/stream during the run: delivery latency and what each missed.",
                "Exit status: 0 all thresholds met, 3 a threshold missed, 2 a bad option, 1 error."})
public final class RunCommand implements Callable<Integer> {

    public static final int THRESHOLD_MISSED = 3;

    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "The platform's base URL, or the bridge's "
            + "with --target bridge (default: ${DEFAULT-VALUE}).")
    URI url;

    /** What the run sends to. */
    enum Target { platform, bridge }

    @Option(names = "--target", defaultValue = "platform", description = "platform: its CloudEvents API; bridge: the Strimzi "
            + "Kafka Bridge's POST /topics/{topic} (see --topic), each event a record, its value the same CloudEvent JSON, its "
            + "key the platform's (tenant/subject), a batch as that many records; no tenant created, no credential sent; "
            + "an answer counts as accepted when it is 200 and none of its offsets has an error_code, else under that "
            + "error code or its status. --verify, --reads, --subscribers and --token-url need the platform (default: "
            + "${DEFAULT-VALUE}).")
    Target target;

    @Option(names = "--topic", description = "With --target bridge: the Kafka topic the bridge writes to.")
    String topic;

    /** The scenarios by the names the command line uses. */
    enum ScenarioName { steady, ramp, spike, soak }

    @Option(names = "--scenario", defaultValue = "steady", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ScenarioName scenario;

    @Option(names = "--rate", defaultValue = "400000/min", converter = Converters.Rate.class,
            description = "Events a second, minute or hour, e.g. 400000/min, 400k/min, 6667/s, 6667 (default: ${DEFAULT-VALUE}). "
                    + "The top rate of a ramp. It paces every request, reads included: see --reads.")
    double rate;

    @Option(names = "--reads", paramLabel = "<percent>", defaultValue = "0", converter = Converters.Percent.class,
            description = "Percentage of the requests that are reads, 0 to 100 (default: ${DEFAULT-VALUE}): "
                    + "GET /api/v1/customers/{id} of customers this run created and the platform accepted, busy customers "
                    + "more often; a write while none is accepted yet. --rate stays the pace of all requests, writes and "
                    + "reads together: a read takes a write's place, so writes carry (100 - percent)%% of the rate's events. "
                    + "Reads are reported apart from writes and not verified.")
    int reads;

    @Option(names = "--duration", converter = Converters.Length.class,
            description = "How long to send, e.g. 60s, 5m, 1h (default: 60s; soak: 30m).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "0s", converter = Converters.Length.class,
            description = "Send at the scenario's first rate this long before measuring; its events are verified too (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--ramp-from", converter = Converters.Rate.class, description = "Rate a ramp starts at (default: a tenth of --rate).")
    Double rampFrom;

    @Option(names = "--spike-at", defaultValue = "20s", converter = Converters.Length.class,
            description = "When a spike starts (default: ${DEFAULT-VALUE}).")
    Duration spikeAt;

    @Option(names = "--spike-for", defaultValue = "10s", converter = Converters.Length.class,
            description = "How long a spike lasts (default: ${DEFAULT-VALUE}).")
    Duration spikeFor;

    @Option(names = "--spike-factor", defaultValue = "2", description = "Rate multiplier during a spike (default: ${DEFAULT-VALUE}).")
    double spikeFactor;

    @Option(names = "--batch", defaultValue = "1", description = "Events a request: 1 is single-event mode, more sends batches (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--connections", defaultValue = "128", description = "Requests in flight at most (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--tenants", defaultValue = "4", description = "Tenants created for the run, sent to in turn (default: "
            + "${DEFAULT-VALUE}); not with --token-url, which sends to the --client tenants.")
    int tenants;

    @Mixin
    AdminKeyOptions admin;

    @Option(names = "--token-url", paramLabel = "<url>",
            description = "An OpenID Connect provider's token endpoint, e.g. "
                    + "http://localhost:8180/realms/bss/protocol/openid-connect/token: the run sends to the --client tenants, "
                    + "which must exist on the platform, with bearer tokens of the client credentials grant instead of the "
                    + "API keys of new tenants; writes, --reads, --subscribers and --verify all use them. Each token is "
                    + "fetched again at 70%% of its lifetime. The admin key, if there is one, only sets the tenants' quotas.")
    URI tokenUrl;

    @Option(names = "--client", paramLabel = OidcClient.SYNTAX, converter = Converters.Client.class,
            description = "With --token-url: a tenant to send to and the OpenID Connect client whose tokens name it (their "
                    + "tenant_id claim), e.g. acme=acme-ingest:acme-ingest-secret. Repeatable, a tenant once: the tenants "
                    + "are sent to in turn, in this order.")
    List<OidcClient> clients = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Option(names = "--mix", converter = Converters.Mix.class,
            description = "Event types and weights, e.g. order.placed=30,customer.created=10 (default: the plan's mix).")
    EventMix mix;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the generated stories (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--timeout", defaultValue = "30s", converter = Converters.Length.class,
            description = "A request's timeout (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--out", description = "Folder for the report, the accepted-events log, the tenants' keys, "
            + "labels.json and span.json (default: loadgen-results/<time>).")
    Path out;

    @Option(names = "--name", defaultValue = "report", description = "Base name of the report files (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--inject", paramLabel = "<anomaly>", converter = Converters.Inject.class,
            description = "Injects an anomaly, <kind>@<start>+<duration>[:<tenant>], into one tenant's traffic from "
                    + "<start> after the warm-up for <duration>, e.g. payment-failures@10m+5m:2. <tenant> is its number "
                    + "among the run's tenants (1 is the first, the default) or its id. Kinds: payment-failures (60%% of "
                    + "payment.processed fail), order-drop (80%% fewer order.placed), revenue-jump (order amounts x5), "
                    + "order-burst (one customer places 40 extra orders a minute), silence (the tenant sends nothing). "
                    + "Repeatable. What was injected, and when, goes to labels.json for evaluate.")
    List<InjectSpec> injects = new ArrayList<>();

    @Option(names = "--subscribers", paramLabel = "<n>", defaultValue = "0",
            description = "Stream subscribers opened before the load, spread over the run's tenants in turn (default: "
                    + "${DEFAULT-VALUE}, none): each reads GET /api/v1/stream with its tenant's key and must answer ':ok' "
                    + "within --timeout. A subscription that ends during the run is opened again with Last-Event-ID. "
                    + "After the run they wait for the last deliveries (see --settle); the report gives the delivery "
                    + "latency and, per subscriber, the events it missed, got twice or should not have got. Plain HTTP only.")
    int subscribers;

    @Option(names = "--subscribe-query", paramLabel = "<filter>", defaultValue = "", converter = Converters.Filter.class,
            description = "The subscribers' filter, the stream's query string: type=order.placed (exact; repeat the key for "
                    + "any of several), prefix.type=order., suffix.subject=..., not.source=...; on type, source, subject or "
                    + "id; different keys must all match (default: every event of the tenant).")
    StreamFilter subscribeQuery;

    @Option(names = "--verify", description = "After the run, check that every accepted event is stored exactly once.")
    boolean verify;

    @Option(names = "--settle", defaultValue = "60s", converter = Converters.Length.class,
            description = "verify: stop when nothing new is stored for this long; --subscribers: stop waiting when "
                    + "nothing new is delivered for this long (default: ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(names = "--max-p99", description = "Threshold: the writes' p99 latency in milliseconds.")
    Double maxP99;

    @Option(names = "--max-error-rate", description = "Threshold: fraction of write requests not accepted, e.g. 0.001.")
    Double maxErrorRate;

    @Option(names = "--max-lost", description = "Threshold: events missing or duplicated in the store (needs --verify), e.g. 0.")
    Long maxLost;

    @Option(names = "--max-missed", description = "Threshold: events the stream subscribers missed, got twice or should "
            + "not have got, over all of them (needs --subscribers), e.g. 0.")
    Long maxMissed;

    @Option(names = "--min-rate-percent", paramLabel = "<percent>", defaultValue = "99", converter = Converters.Percent.class,
            description = "Threshold, on unless 0: the events accepted a second as a percentage of the events asked a "
                    + "second, 0 to 100 (default: ${DEFAULT-VALUE}). Asked: the events the run sent over --duration, the "
                    + "warm-up left out: --rate for steady and soak, a ramp's mean of --ramp-from and --rate, a spike's "
                    + "base rate with the spike's extra events; events whatever --batch; with --reads, the writes' share; "
                    + "events an injected silence or order-drop holds back are not asked for. Accepted: over --duration "
                    + "and as long as the run stayed behind its schedule throughout its last second (the last tenth of "
                    + "a shorter run): a platform too slow for the rate makes requests leave late and the run longer, "
                    + "while a pause or a spike's backlog caught up by then costs nothing. A run that asks for no events "
                    + "(--reads 100) keeps any rate. Set 0 for runs meant to go beyond what the platform sustains: a ramp "
                    + "to find where it breaks, probes, injected faults.")
    int minRatePercent;

    private long startedMillis;
    private long endedMillis;

    @Override
    public Integer call() throws Exception {
        PrintStream console = System.out;
        checkCredentials();
        BridgeRun.check(this);
        Scenario plan = scenario();
        for (InjectSpec inject : injects) {
            inject.check(tokenUrl == null ? tenants : clients.size(), plan.duration());
        }
        checkSubscribers();
        Path folder = out != null ? out : Path.of("loadgen-results", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(folder);
        EventMix eventMix = mix == null ? EventMix.plan() : mix;

        // Only the admin, token and query calls go through this client; events go through the driver's own connections.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        PlatformClient platform = new PlatformClient(url, http);
        // Tokens are kept fresh until the run, its verification included, is over.
        try (http; OidcTokens tokens = tokenUrl == null ? null : new OidcTokens(tokenUrl, http, console)) {
            List<TenantKey> keys = target == Target.bridge ? BridgeRun.tenants(tenants)
                    : tokens == null ? createTenants(platform, peakRate(plan)) : clientTenants(tokens, platform, peakRate(plan), console);
            return run(console, plan, folder, eventMix, platform, keys);
        }
    }

    /** Sends, verifies if asked, and writes the report; the exit status. */
    private int run(PrintStream console, Scenario plan, Path folder, EventMix eventMix, PlatformClient platform,
            List<TenantKey> keys) throws IOException, InterruptedException {
        TenantsFile.write(folder.resolve("tenants.tsv"), keys);
        Ledger ledger = subscribers > 0 ? new Ledger(keys, subscribeQuery) : null;
        List<Driver.Sender> senders = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            senders.add(new Driver.Sender(keys.get(i), new Traffic(keys.get(i).tenantId(), eventMix, seed + i, Clock.systemUTC())));
        }
        Driver.Settings settings = new Driver.Settings(url, batch, connections, timeout, reads);
        console.printf("run: %s at %,.0f events/s (%,.0f/min) for %s, %s%s, %d connections, %d tenants%s, to %s%n", plan.name(),
                plan.rateAt(0), plan.rateAt(0) * 60, plan.duration(), batch == 1 ? "single-event mode" : "batches of " + batch,
                readsNote(), connections, keys.size(), tokenUrl == null ? "" : " with bearer tokens", url);

        Path acceptedFile = folder.resolve("accepted.tsv");
        Totals totals;
        List<Injected> injected;
        Deliveries deliveries = null;
        // Subscribers go live before any event is sent, so that each must get every accepted event of its tenant.
        try (AcceptedLog accepted = AcceptedLog.create(acceptedFile);
                Subscribers stream = ledger == null ? null : Subscribers.open(
                        new Subscribers.Settings(url, subscribers, subscribeQuery, timeout), ledger, console);
                Driver driver = new Driver(settings, senders, accepted, ledger == null ? SendListener.NONE : ledger, console,
                        BridgeRun.writes(this, settings))) {
            if (!warmup.isZero()) {
                driver.run(Scenario.Constant.steady(plan.rateAt(0), warmup), "warm-up ");
            }
            startedMillis = System.currentTimeMillis();
            if (ledger != null) {
                ledger.measureFrom(System.nanoTime());
            }
            injected = inject(senders, keys, startedMillis, console);
            totals = driver.run(plan, "");
            endedMillis = System.currentTimeMillis();
            if (stream != null) {
                deliveries = stream.settle(settle, console);
                console.println("stream: " + deliveries.line());
            }
        }
        List<Label> labels = labels(injected);
        RunFiles.writeLabels(folder.resolve(RunFiles.LABELS), labels);
        RunFiles.writeSpan(folder.resolve(RunFiles.SPAN),
                new RunFiles.Span(Instant.ofEpochMilli(startedMillis), Instant.ofEpochMilli(endedMillis)));

        Verification.Result verification = null;
        if (verify) {
            verification = new StoreCheck(platform, console).verify(keys, acceptedFile, settle);
            console.println("verify: " + verification.line());
        }
        Thresholds thresholds = new Thresholds(maxP99, maxErrorRate, maxLost, maxMissed,
                minRatePercent == 0 ? null : (double) minRatePercent);
        List<String> failures = new ArrayList<>(thresholds.evaluate(totals, verification == null ? null : verification.lost(),
                deliveries));
        if (maxLost != null && verification == null) {
            failures.add("--max-lost needs --verify");
        }
        RunReport report = new RunReport("BSS load generator: " + plan.name() + " at " + String.format("%,.0f", plan.rateAt(0) * 60)
                + " events/min, " + (batch == 1 ? "single-event" : "batch of " + batch) + readsNote(),
                settings(plan, keys.size(), eventMix, thresholds), Machine.describe(), totals,
                verification == null ? null : verification.asMap(), deliveries, thresholds.isEmpty() ? null : failures,
                injected.isEmpty() ? List.of() : List.of(injectedSection(injected)));
        RunReport.writeAll(report, folder, name);
        console.println();
        console.println(report.text());
        console.println("report: " + folder.resolve(name + ".html").toAbsolutePath());
        if (!injected.isEmpty()) {
            console.println("labels: " + folder.resolve(RunFiles.LABELS).toAbsolutePath());
        }
        return failures.isEmpty() ? 0 : THRESHOLD_MISSED;
    }

    private Map<String, Object> settings(Scenario plan, int tenantCount, EventMix eventMix, Thresholds thresholds) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("scenario", plan.name());
        settings.put("rate (events/s)", plan.rateAt(0));
        settings.put("rate (events/min)", plan.rateAt(0) * 60);
        settings.put("scenario detail", plan.toString());
        settings.put("duration", plan.duration().toString());
        settings.put("warm-up", warmup.toString());
        settings.put("mode", batch == 1 ? "single event a request" : "batch of " + batch + " events a request");
        settings.put("reads", reads == 0 ? "none"
                : reads + "% of the requests, GET /api/v1/customers/{id}; writes carry " + (100 - reads) + "% of the rate");
        settings.put("connections", connections);
        settings.put("tenants", tenantCount);
        settings.put("target", target == Target.bridge ? "Strimzi Kafka Bridge, POST /topics/" + topic : "platform");
        settings.put("credentials", target == Target.bridge ? "none" : tokenUrl == null ? "API keys of tenants created for the run"
                : "bearer tokens (OIDC client credentials) from " + tokenUrl + " of " + String.join(", ",
                        clients.stream().map(c -> c.tenantId() + " by client " + c.clientId()).toList()));
        settings.put("event mix", eventMix.weights());
        settings.put("seed", seed);
        settings.put("stream subscribers", subscribers == 0 ? "none"
                : String.format("%,d over %d tenants, filter %s", subscribers, Math.min(subscribers, tenantCount), subscribeQuery));
        settings.put("injected anomalies", injects.isEmpty() ? "none"
                : String.join(", ", injects.stream().map(InjectSpec::toString).toList()));
        settings.put("request timeout", timeout.toString());
        settings.put("thresholds", thresholds.describe());
        settings.put("url", url.toString());
        settings.put("measured from", java.time.Instant.ofEpochMilli(startedMillis).toString());
        settings.put("measured to", java.time.Instant.ofEpochMilli(endedMillis).toString());
        settings.put("measuredFromEpochMs", startedMillis);
        settings.put("measuredToEpochMs", endedMillis);
        return settings;
    }

    /** An anomaly injected into a tenant's stream for the measured run. */
    private record Injected(InjectSpec spec, TenantKey tenant, Injection injection) {
    }

    /** Injects the anomalies asked for into their tenants' streams, their starts counted from {@code measuredFrom}. */
    private List<Injected> inject(List<Driver.Sender> senders, List<TenantKey> keys, long measuredFrom, PrintStream console) {
        List<Injected> injected = new ArrayList<>();
        for (InjectSpec spec : injects) {
            TenantKey tenant = spec.tenantOf(keys);
            long from = measuredFrom + spec.start().toMillis();
            long to = from + spec.length().toMillis();
            Injection injection = senders.get(keys.indexOf(tenant)).traffic().inject(spec.kind(), from, to);
            console.printf("inject: %s into %s from %s to %s (%s)%n", spec.kind(), tenant.tenantId(), Instant.ofEpochMilli(from),
                    Instant.ofEpochMilli(to), spec.kind().effect());
            injected.add(new Injected(spec, tenant, injection));
        }
        return injected;
    }

    /**
     * What was injected, from when each anomaly first showed in its tenant's traffic to when the traffic was as usual
     * again, or the run ended; none for an anomaly the run ended before.
     */
    private List<Label> labels(List<Injected> injected) {
        List<Label> labels = new ArrayList<>();
        for (Injected i : injected) {
            Label label = label(i);
            if (label != null) {
                labels.add(label);
            }
        }
        return labels;
    }

    private Label label(Injected injected) {
        Injection injection = injected.injection();
        if (injection.began().isEmpty()) {
            return null;
        }
        long began = injection.began().getAsLong();
        long ended = injection.ended().orElse(Math.max(began, Math.min(injection.toMillis(), endedMillis)));
        return new Label(injected.spec().kind().label(), injected.tenant().tenantId(), Instant.ofEpochMilli(began),
                Instant.ofEpochMilli(ended));
    }

    private Section injectedSection(List<Injected> injected) {
        List<List<Object>> rows = new ArrayList<>();
        for (Injected i : injected) {
            Label label = label(i);
            rows.add(Arrays.asList(i.spec().kind().label(), i.tenant().tenantId(), i.spec().kind().effect(),
                    "+" + Converters.text(i.spec().start()) + " for " + Converters.text(i.spec().length()),
                    label == null ? "not reached: the run ended first" : label.start().toString(),
                    label == null ? null : label.end().toString()));
        }
        return new Section("Injected anomalies (labels.json)", List.of("kind", "tenant", "effect", "planned", "began", "ended"),
                rows);
    }

    /** Subscriber options that cannot work together are refused before anything is sent. */
    private void checkSubscribers() {
        if (subscribers < 0) {
            throw new IllegalArgumentException("--subscribers must be 0 or more");
        }
        if (subscribers == 0) {
            if (maxMissed != null) {
                throw new IllegalArgumentException("--max-missed needs --subscribers");
            }
            if (!subscribeQuery.isAll()) {
                throw new IllegalArgumentException("--subscribe-query needs --subscribers");
            }
        } else if (!"http".equalsIgnoreCase(url.getScheme())) {
            throw new IllegalArgumentException("--subscribers needs a plain http --url; " + url + " is not");
        }
    }

    /** Reads take the place of writes: with them, the rate is of writes and reads together. */
    private String readsNote() {
        return reads == 0 ? "" : ", " + reads + "% of the requests reads";
    }

    Scenario scenario() {
        Duration length = duration != null ? duration : scenario == ScenarioName.soak ? Duration.ofMinutes(30) : Duration.ofSeconds(60);
        if (length.isZero()) {
            throw new IllegalArgumentException("--duration must be positive");
        }
        return switch (scenario) {
            case steady -> Scenario.Constant.steady(rate, length);
            case ramp -> new Scenario.Ramp(rampFrom == null ? rate / 10 : rampFrom, rate, length);
            case spike -> new Scenario.Spike(rate, length, spikeAt, spikeFor, spikeFactor);
            case soak -> Scenario.Constant.soak(rate, length);
        };
    }

    static double peakRate(Scenario plan) {
        return switch (plan) {
            case Scenario.Constant c -> c.rate();
            case Scenario.Ramp r -> Math.max(r.from(), r.to());
            case Scenario.Spike s -> s.rate() * Math.max(1, s.factor());
        };
    }

    private List<TenantKey> createTenants(PlatformClient platform, double peak) throws IOException {
        if (tenants < 1) {
            throw new IllegalArgumentException("--tenants must be at least 1");
        }
        String admin = this.admin.adminKey();
        long quota = quota(peak, tenants);
        String run = Long.toString(System.currentTimeMillis(), 36);
        List<TenantKey> keys = new ArrayList<>();
        for (int i = 1; i <= tenants; i++) {
            keys.add(platform.createTenant(admin, "lg-" + run + "-" + i, quota, burst(quota)));
        }
        return keys;
    }

    /**
     * The --client tenants with their first tokens (a client the token endpoint refuses stops the run, naming it),
     * their quotas set as a created tenant's are when there is an admin key.
     */
    private List<TenantKey> clientTenants(OidcTokens tokens, PlatformClient platform, double peak, PrintStream console)
            throws IOException {
        List<TenantKey> keys = new ArrayList<>();
        for (OidcClient client : clients) {
            Credential.BearerToken token = tokens.start(client);
            console.printf("token: tenant %s, OIDC client %s, token valid until %s%n", client.tenantId(), client.clientId(),
                    token.expiresAt());
            keys.add(new TenantKey(client.tenantId(), token));
        }
        Optional<String> adminKey = admin.adminKeyIfGiven();
        long quota = quota(peak, keys.size());
        if (adminKey.isEmpty()) {
            console.println("quota: no admin key (--admin-key, BSS_ADMIN_KEY or --admin-key-file): the tenants' quotas are "
                    + "left as they are, and a quota below the rate shows as 429 answers");
            return keys;
        }
        for (TenantKey key : keys) {
            try {
                platform.setQuota(adminKey.get(), key.tenantId(), quota, burst(quota));
            } catch (PlatformClient.PlatformException e) {
                throw new PlatformClient.PlatformException("could not set the quota of tenant '" + key.tenantId() + "' of "
                        + "--client with the admin key (the tenant must exist on the platform, and the key be the platform's "
                        + "admin key): " + e.getMessage(), e);
            }
        }
        console.printf("quota: %,d events/s, burst %,d, set for each of the %d tenants with the admin key%n", quota,
                burst(quota), keys.size());
        return keys;
    }

    /** Each tenant's quota leaves room above its share of the peak, so the run measures the platform, not its quota. */
    private static long quota(double peak, int tenantCount) {
        return (long) Math.ceil(peak / tenantCount * 2) + 1000;
    }

    private static long burst(long quota) {
        return Math.max(quota, 10_000);
    }

    /**
     * Credential options that cannot work together are refused as a bad option (usage, exit status 2) before
     * anything is sent.
     */
    private void checkCredentials() {
        if (tokenUrl == null) {
            if (!clients.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--client needs --token-url: the provider's token endpoint "
                        + "that gives the client its tokens");
            }
            return;
        }
        if (!"http".equalsIgnoreCase(tokenUrl.getScheme()) && !"https".equalsIgnoreCase(tokenUrl.getScheme())
                || tokenUrl.getHost() == null) {
            throw new ParameterException(spec.commandLine(), "--token-url must be an http or https URL, e.g. "
                    + "http://localhost:8180/realms/bss/protocol/openid-connect/token; '" + tokenUrl + "' is not");
        }
        if (clients.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--token-url needs at least one --client " + OidcClient.SYNTAX
                    + ": the tenants to send to");
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--tenants")) {
            throw new ParameterException(spec.commandLine(), "--tenants creates new tenants with API keys; with --token-url "
                    + "the run sends to the --client tenants instead: leave --tenants out");
        }
        Set<String> seen = new HashSet<>();
        for (OidcClient client : clients) {
            if (!seen.add(client.tenantId())) {
                throw new ParameterException(spec.commandLine(), "--client names tenant '" + client.tenantId() + "' twice: "
                        + "give each tenant once");
            }
        }
    }
}
