package org.bss.bench.platform;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.bss.bench.ProcCpu;
import org.bss.loadgen.platform.PlatformClient;
import org.bss.platform.bus.ConsistencyToken;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Time travel measured over HTTP (bench/asof/run.sh): one customer with a year of events (10,000 by default) among
 * background customers, posted in shuffled batches; once the projection and the store have them all, the first
 * {@code GET /api/v1/customers/{id}?asOf=} (cold: it folds every event and leaves snapshots), then warm reads as of
 * random instants of the year, warm reads as of now, and live reads, one at a time from one client thread; with the
 * database's address, the snapshots the reads left and the parts of a warm read (AsOfParts). Writes
 * {@code <name>.json}, {@code <name>.md} and {@code <name>.svg}.
 *
 * <pre>AsOfBenchmark --url URL --admin-key-file FILE --out-dir DIR [--name asof] [--command TEXT]
 *     [--customer-events 10000] [--background-customers 200] [--background-events 50] [--batch 500]
 *     [--warmup 200] [--reads 2000] [--seed 1] [--platform-pid PID] [--postmaster-pid PID]
 *     [--platform-jvm TEXT] [--jdbc URL --user U --password P [--parts 1000]]</pre>
 *
 * Exit status: 0 the warm p99 is below the target, 3 it is not, 1 error.
 */
public final class AsOfBenchmark {

    static final double TARGET_P99_MS = 50;
    static final String CUSTOMER = "cust-asof-main";
    /** The case the target is about. */
    static final String WARM = "warm-random";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, String> options;
    private final SplittableRandom random;
    private final long platformPid;
    private final long postmasterPid;
    private final Map<String, Object> result = new LinkedHashMap<>();
    private AsOfClient client;
    private LatencyCase.Idle idle = LatencyCase.Idle.UNKNOWN;
    private String tenantId;
    private Instant yearStart;
    private Instant yearEnd;

    private AsOfBenchmark(Map<String, String> options) {
        this.options = options;
        this.random = new SplittableRandom(number("seed", 1));
        this.platformPid = number("platform-pid", 0);
        this.postmasterPid = number("postmaster-pid", 0);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        System.exit(new AsOfBenchmark(options).run());
    }

    private int run() throws Exception {
        result.put("benchmark", "time travel: GET /api/v1/customers/{id}?asOf=, one customer with a year of events");
        result.put("command", options.getOrDefault("command", "AsOfBenchmark"));
        result.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        result.put("machine", machine());
        tenant();
        List<ObjectNode> events = events();
        load(events);
        List<LatencyCase> cases = measure();
        result.put("cases", cases.stream().map(c -> c.figures(idle)).toList());
        snapshots();
        parts("parts", (int) number("parts", 1000));
        double warmP99 = cases.stream().filter(c -> c.name.equals(WARM)).findFirst().orElseThrow().percentileMs(99);
        result.put("target", Map.of("warmP99Ms", TARGET_P99_MS, "met", warmP99 < TARGET_P99_MS));
        result.put("loadAverageAtEnd", Machine.loadAverage());
        write(cases);
        System.out.printf(java.util.Locale.ROOT, ">> warm p99 %.1f ms: the target (< %.0f ms) is %s%n", warmP99, TARGET_P99_MS,
                warmP99 < TARGET_P99_MS ? "met" : "missed");
        return warmP99 < TARGET_P99_MS ? 0 : 3;
    }

    private Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Machine.nproc());
        m.put("cpuModel", Machine.cpuModel());
        m.put("loadAverageAtStart", Machine.loadAverage());
        m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                + System.getProperty("java.vm.vendor") + ")");
        m.put("platformJvmArgs", options.getOrDefault("platform-jvm", "?"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        return m;
    }

    private void tenant() throws Exception {
        URI url = URI.create(options.get("url"));
        String adminKey = Files.readString(Path.of(options.get("admin-key-file"))).strip();
        tenantId = "asof-" + Long.toHexString(new Random().nextLong() & 0xffffffffL);
        System.out.println(">> creating tenant " + tenantId);
        PlatformClient admin = new PlatformClient(url, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
        PlatformClient.TenantKey key = admin.createTenant(adminKey, tenantId, 1_000_000, 1_000_000);
        client = new AsOfClient(url, key.apiKey());
        result.put("tenant", tenantId);
    }

    /** The customer's year and the background customers' years, shuffled together. */
    private List<ObjectNode> events() {
        int customerEvents = (int) number("customer-events", 10_000);
        int backgroundCustomers = (int) number("background-customers", 200);
        int backgroundEvents = (int) number("background-events", 50);
        yearEnd = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        yearStart = yearEnd.minus(Duration.ofDays(365));
        System.out.printf(">> generating %,d events of %s and %,d of %,d background customers, %s to %s%n", customerEvents,
                CUSTOMER, (long) backgroundCustomers * backgroundEvents, backgroundCustomers, yearStart, yearEnd);
        List<CustomerYear.Event> main = CustomerYear.of(CUSTOMER, customerEvents, CustomerYear.Shape.MAIN, yearStart, yearEnd,
                random.nextLong());
        Map<String, Integer> byType = new TreeMap<>();
        main.forEach(e -> byType.merge(e.type(), 1, Integer::sum));
        List<ObjectNode> all = new ArrayList<>(main.stream().map(CustomerYear.Event::json).toList());
        for (int i = 1; i <= backgroundCustomers; i++) {
            CustomerYear.of(String.format("cust-asof-bg-%04d", i), backgroundEvents, CustomerYear.Shape.BACKGROUND, yearStart,
                    yearEnd, random.nextLong()).forEach(e -> all.add(e.json()));
        }
        Collections.shuffle(all, new Random(random.nextLong()));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("customer", CUSTOMER);
        data.put("customerEvents", main.size());
        data.put("customerEventsByType", byType);
        data.put("backgroundCustomers", backgroundCustomers);
        data.put("backgroundEventsEach", backgroundEvents);
        data.put("totalEvents", all.size());
        data.put("yearStart", yearStart.toString());
        data.put("yearEnd", yearEnd.toString());
        data.put("averageEventBytes", all.stream().limit(2000).mapToInt(e -> JSON.writeValueAsBytes(e).length).average().orElse(0));
        result.put("data", data);
        System.out.println("   the customer's events by type: " + byType);
        return all;
    }

    /** Posts the events in batches, then waits for the projection (a consistency token) and the store (a count). */
    private void load(List<ObjectNode> events) {
        int batch = (int) number("batch", 500);
        System.out.printf(">> posting %,d events in batches of %d%n", events.size(), batch);
        long start = System.nanoTime();
        ConsistencyToken token = ConsistencyToken.NONE;
        for (int from = 0, n = 1; from < events.size(); from += batch, n++) {
            token = token.and(client.post(events.subList(from, Math.min(events.size(), from + batch))));
            if (n % 10 == 0 || from + batch >= events.size()) {
                System.out.printf("   %,d posted (%.1f s)%n", Math.min(events.size(), from + batch), seconds(start));
            }
        }
        double posted = seconds(start);
        System.out.println(">> waiting for the projection to pass " + token);
        client.awaitProjection(CUSTOMER, token, Duration.ofMinutes(10));
        double projected = seconds(start);
        System.out.printf("   projected (%.1f s after the first post)%n", projected);
        System.out.println(">> waiting for the store to hold all " + events.size() + " events");
        AsOfClient.Count count = new AsOfClient.Count(null, 0);
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while ((count = client.countStored(count)).events() < events.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the store holds " + count.events() + " of " + events.size() + " after 10 minutes");
            }
            System.out.printf("   %,d stored%n", count.events());
            sleep(1000);
        }
        double stored = seconds(start);
        System.out.printf("   %,d stored (%.1f s after the first post)%n", count.events(), stored);
        Map<String, Object> load = new LinkedHashMap<>();
        load.put("batch", batch);
        load.put("postSeconds", Machine.round(posted, 2));
        load.put("projectedAfterSeconds", Machine.round(projected, 2));
        load.put("storedAfterSeconds", Machine.round(stored, 2));
        load.put("stored", count.events());
        result.put("load", load);
    }

    /** Cold, warm at random instants, warm as of now, live; and whether as of now answers what live does. */
    private List<LatencyCase> measure() {
        int warmup = (int) number("warmup", 200);
        int reads = (int) number("reads", 2000);
        LatencyCase cold = new LatencyCase("cold",
                "the first as-of read of the customer, as of now: no snapshot yet, folds every event and leaves a snapshot every 100");
        System.out.println(">> cold: the first read as of now");
        String now = Instant.now().toString();
        cold.started(cpu());
        AsOfClient.Answer first = client.get(AsOfClient.customer(CUSTOMER, now));
        cold.ended(cpu());
        cold.record(first);
        System.out.printf("   %d in %.1f ms%n", first.status(), first.nanos() / 1e6);
        if (first.status() != 200) {
            throw new IllegalStateException("the cold read answered " + first.status() + ": " + first.text());
        }
        result.put("check", check(first));
        List<LatencyCase> cases = new ArrayList<>(List.of(cold));
        if (options.containsKey("jdbc")) {
            int freshReads = Math.max(1, reads / 2);
            LatencyCase fresh = new LatencyCase(WARM + "-fresh", "as of a random instant like " + WARM + ", but right after"
                    + " loading and the cold read, before VACUUM ANALYZE (whether autovacuum got there first: autovacuum below)");
            System.out.printf(">> warm, fresh: %d reads as of random instants (warm-up), then %,d measured, before VACUUM ANALYZE%n",
                    warmup, freshReads);
            series(fresh, warmup, freshReads, () -> AsOfClient.customer(CUSTOMER, randomInstant().toString()));
            cases.add(fresh);
            result.put("autovacuum", autovacuum());
            parts("partsFresh", Math.max(1, freshReads / 3));
            settle();
        }
        LatencyCase warm = new LatencyCase(WARM,
                "as of a random instant of the year (uniform), after " + warmup + " such reads as warm-up");
        System.out.printf(">> warm: %d reads as of random instants of the year (warm-up), then %,d measured%n", warmup, reads);
        series(warm, warmup, reads, () -> AsOfClient.customer(CUSTOMER, randomInstant().toString()));
        LatencyCase nowCase = new LatencyCase("warm-now", "as of now (the instant of the request, past the year's end)");
        System.out.printf(">> warm as of now: %,d reads%n", reads);
        series(nowCase, 50, reads, () -> AsOfClient.customer(CUSTOMER, Instant.now().toString()));
        LatencyCase live = new LatencyCase("live", "the live read model (no asOf), for comparison");
        System.out.printf(">> live: %,d reads%n", reads);
        series(live, 50, reads, () -> AsOfClient.customer(CUSTOMER, null));
        cases.addAll(List.of(warm, nowCase, live));
        return cases;
    }

    /** What autovacuum had done to the read-model tables by the end of the fresh reads. */
    private List<Map<String, Object>> autovacuum() {
        List<Map<String, Object>> tables = new ArrayList<>();
        try (Connection c = database(); PreparedStatement s = c.prepareStatement("select relname, n_live_tup,"
                + " n_mod_since_analyze, autovacuum_count, autoanalyze_count, last_autovacuum, last_autoanalyze"
                + " from pg_stat_user_tables where relname in ('rm_links', 'rm_snapshots') order by relname");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                Map<String, Object> table = new LinkedHashMap<>();
                table.put("table", rs.getString(1));
                table.put("liveRows", rs.getLong(2));
                table.put("modifiedSinceAnalyze", rs.getLong(3));
                table.put("autovacuums", rs.getLong(4));
                table.put("autoanalyzes", rs.getLong(5));
                table.put("lastAutovacuum", String.valueOf(rs.getObject(6)));
                table.put("lastAutoanalyze", String.valueOf(rs.getObject(7)));
                tables.add(table);
            }
        } catch (SQLException e) {
            tables.add(Map.of("error", e.getMessage()));
        }
        System.out.println("   autovacuum so far: " + tables);
        return tables;
    }

    private Connection database() throws SQLException {
        return DriverManager.getConnection(options.get("jdbc"), options.getOrDefault("user", "postgres"),
                options.getOrDefault("password", "postgres"));
    }

    /**
     * Before the warm reads: VACUUM ANALYZE of the tables the reads use, as autovacuum would have done by then on a
     * running system (statistics, and the visibility map that index-only scans need), so that the reads do not race
     * it; then what the platform's JVM and PostgreSQL spend idle, over 10 s without requests.
     */
    private void settle() {
        String jdbc = options.get("jdbc");
        if (jdbc != null) {
            System.out.println(">> VACUUM ANALYZE of rm_links, rm_snapshots, events and event_keys");
            long start = System.nanoTime();
            try (Connection c = database(); var s = c.createStatement()) {
                s.execute("vacuum (analyze) rm_links, rm_snapshots, events, event_keys");
            } catch (SQLException e) {
                throw new IllegalStateException("VACUUM ANALYZE failed: " + e.getMessage(), e);
            }
            result.put("vacuumSeconds", Machine.round(seconds(start), 2));
        }
        if (platformPid > 0 || postmasterPid > 0) {
            System.out.println(">> idle: the platform's and PostgreSQL's CPU over 10 s without requests");
            LatencyCase.Cpu from = cpu();
            sleep(10_000);
            idle = LatencyCase.Idle.between(from, cpu());
            double tick = 1000.0 / ProcCpu.ticksPerSecond();
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("platformJvmCores", Machine.round(idle.platformTicksPerSecond() * tick / 1000, 3));
            figures.put("postgresCores", Machine.round(idle.postgresTicksPerSecond() * tick / 1000, 3));
            result.put("idle", figures);
            System.out.println("   " + figures);
        }
    }

    private void series(LatencyCase measured, int warmup, int reads, Supplier<String> path) {
        for (int i = 0; i < warmup; i++) {
            AsOfClient.Answer answer = client.get(path.get());
            if (answer.status() != 200) {
                throw new IllegalStateException(path.get() + " answered " + answer.status() + ": " + answer.text());
            }
        }
        measured.started(cpu());
        for (int i = 1; i <= reads; i++) {
            measured.record(client.get(path.get()));
            if (i % 500 == 0) {
                System.out.printf(java.util.Locale.ROOT, "   %,d reads: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", i,
                        measured.percentileMs(50), measured.percentileMs(99), measured.maxMs());
            }
        }
        measured.ended(cpu());
    }

    /** The cold answer as of now against the live read: the same customer, apart from asOf and freshness. */
    private Map<String, Object> check(AsOfClient.Answer asOfNow) {
        AsOfClient.Answer live = client.get(AsOfClient.customer(CUSTOMER, null));
        ObjectNode a = (ObjectNode) asOfNow.json();
        ObjectNode b = (ObjectNode) live.json();
        a.remove(List.of("asOf", "freshness"));
        b.remove(List.of("asOf", "freshness"));
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("asOfNowEqualsLive", a.equals(b));
        check.put("subscriptions", a.path("subscriptions").size());
        check.put("openInvoices", a.path("openInvoices").size());
        check.put("answerBytes", asOfNow.body().length);
        System.out.println("   as of now equals the live read: " + check.get("asOfNowEqualsLive"));
        return check;
    }

    /** How many snapshots the reads left and how large their state is (when the database is reachable). */
    private void snapshots() {
        String jdbc = options.get("jdbc");
        if (jdbc == null) {
            return;
        }
        try (Connection c = database();
             PreparedStatement s = c.prepareStatement("select count(*), coalesce(avg(octet_length(state::text)), 0),"
                     + " coalesce(max(octet_length(state::text)), 0), coalesce(max(events), 0),"
                     + " (select count(*) from rm_links l where l.tenant_id = ? and l.aggregate = ?),"
                     + " coalesce(avg(octet_length((state - 'usage')::text)), 0), coalesce(sum(pg_column_size(state)), 0),"
                     + " (select count(*) from jsonb_object_keys((select state -> 'usage' from rm_snapshots l"
                     + " where l.tenant_id = ? and l.aggregate = ? order by events desc limit 1)))"
                     + " from rm_snapshots where tenant_id = ? and aggregate = ?")) {
            for (int i = 1; i <= 6; i += 2) {
                s.setString(i, tenantId);
                s.setString(i + 1, "customer/" + CUSTOMER);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                Map<String, Object> snapshots = new LinkedHashMap<>();
                snapshots.put("count", rs.getLong(1));
                snapshots.put("averageStateBytes", Math.round(rs.getDouble(2)));
                snapshots.put("averageStateBytesWithoutUsage", Math.round(rs.getDouble(6)));
                snapshots.put("largestStateBytes", rs.getLong(3));
                snapshots.put("largestUsageRows", rs.getLong(8));
                snapshots.put("largestEvents", rs.getLong(4));
                snapshots.put("storedBytes", rs.getLong(7));
                snapshots.put("customerLinks", rs.getLong(5));
                result.put("snapshots", snapshots);
            }
        } catch (SQLException e) {
            result.put("snapshots", Map.of("error", e.getMessage()));
        }
    }

    /**
     * The parts of {@code reads} warm reads as of random instants (AsOfParts), replayed against the database from
     * this JVM, each right after an HTTP read as of the same instant; 0 skips them. Kept in the results as {@code key}.
     */
    private void parts(String key, int reads) {
        if (!options.containsKey("jdbc") || reads == 0) {
            return;
        }
        System.out.printf(">> the parts of a warm read: TimeTravel's statements and folds replayed, 200 warm-up, %,d measured%n", reads);
        try (Connection c = database()) {
            LatencyCase alongside = new LatencyCase(WARM + "-alongside", "as of a random instant, each followed by"
                    + " the parts of a read as of the same instant replayed");
            alongside.started(cpu());
            Map<String, Object> parts = new LinkedHashMap<>(AsOfParts.measure(c, tenantId, CUSTOMER, 200, this::randomInstant,
                    reads, instant -> alongside.record(client.get(AsOfClient.customer(CUSTOMER, instant.toString())))));
            alongside.ended(cpu());
            parts.put("http", alongside.figures(idle));
            Instant midYear = yearStart.plus(Duration.between(yearStart, yearEnd).dividedBy(2));
            parts.put("plansAsOf", midYear.toString());
            parts.put("plans", AsOfParts.plans(c, tenantId, CUSTOMER, midYear));
            result.put(key, parts);
            System.out.println("   " + parts.get("partsMs"));
        } catch (SQLException e) {
            result.put(key, Map.of("error", e.getMessage()));
        }
    }

    /** An instant of the year, uniformly, from just after the customer was created. */
    private Instant randomInstant() {
        long from = 3 * 3600;
        return yearStart.plusSeconds(from + random.nextLong(Duration.between(yearStart, yearEnd).toSeconds() - from));
    }

    private void write(List<LatencyCase> cases) throws Exception {
        Path dir = Path.of(options.getOrDefault("out-dir", "bench/results"));
        String name = options.getOrDefault("name", "asof");
        Files.createDirectories(dir);
        if (Files.exists(dir.resolve(name + "-findings.md"))) {
            result.put("findings", name + "-findings.md");
        }
        Files.writeString(dir.resolve(name + ".json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result) + "\n");
        Files.writeString(dir.resolve(name + ".svg"), AsOfReport.chart(cases));
        Files.writeString(dir.resolve(name + ".md"), AsOfReport.markdown(result, name));
        System.out.println(">> wrote " + dir.resolve(name + ".md") + ", .json and .svg");
    }

    private LatencyCase.Cpu cpu() {
        return LatencyCase.Cpu.now(platformPid, postmasterPid);
    }

    private long number(String name, long otherwise) {
        return options.containsKey(name) ? Long.parseLong(options.get(name)) : otherwise;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
