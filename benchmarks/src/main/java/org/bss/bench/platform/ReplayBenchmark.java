package org.bss.bench.platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bss.bench.ProcCpu;
import org.bss.loadgen.platform.PlatformClient;
import org.bss.model.envelope.StructuredFormat;
import org.bss.platform.bus.BusEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replay jobs measured over HTTP (bench/replay/run.sh): loads events of the catalog into a few tenants, then
 * replays them to a topic at max (one job a tenant), rebuilds the read models, replays one tenant at a fixed rate,
 * and measures live ingest (the load generator, single-event) alone and while a replay at max runs. Writes
 * {@code <name>.json}, {@code <name>.md} and {@code <name>.svg}.
 *
 * <pre>ReplayBenchmark --url URL --admin-key-file FILE --out-dir DIR --loadgen-jar JAR --work DIR [--name replay]
 *     [--command TEXT] [--events 300000] [--rate-events 120000] [--tenants 3] [--rate 2000] [--batch 500]
 *     [--load-threads 4] [--ingest-rate 150000/min] [--duration 60s] [--warmup 10s] [--connections 200]
 *     [--topic bench-replay] [--seed 1] [--platform-pid PID] [--postmaster-pid PID] [--platform-jvm TEXT]
 *     [--java BIN] [--loadgen-jvm "-Xms512m -Xmx1536m"] [--jdbc URL --user U --password P]</pre>
 *
 * Exit status: 0 done, 1 error.
 */
public final class ReplayBenchmark {

    static final String BATCH = "application/cloudevents-batch+json";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long POLL_MILLIS = 500;
    private static final int CHUNK = 20_000;

    private final Map<String, String> options;
    private final long platformPid;
    private final long postmasterPid;
    private final Map<String, Object> result = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private URI url;
    private String adminKey;
    private final List<PlatformClient.TenantKey> tenants = new ArrayList<>();
    private final Map<String, Long> eventsByTenant = new LinkedHashMap<>();

    private ReplayBenchmark(Map<String, String> options) {
        this.options = options;
        this.platformPid = number("platform-pid", 0);
        this.postmasterPid = number("postmaster-pid", 0);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        System.exit(new ReplayBenchmark(options).run());
    }

    private int run() throws Exception {
        url = URI.create(options.get("url"));
        adminKey = Files.readString(Path.of(options.get("admin-key-file"))).strip();
        result.put("benchmark", "replay jobs: to a topic at max, rebuild of the read models, a fixed rate, live ingest beside a replay");
        result.put("command", options.getOrDefault("command", "ReplayBenchmark"));
        result.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        result.put("machine", machine());
        result.put("settings", settings());
        load();
        settle();
        result.put("topicMax", topicMax());
        settle();
        result.put("rebuild", rebuild());
        settle();
        result.put("fixedRate", fixedRate());
        settle();
        result.put("ingest", ingest());
        result.put("loadAverageAtEnd", Machine.loadAverage());
        write();
        return 0;
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

    private Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("events", number("events", 300_000));
        s.put("rateTenantEvents", number("rate-events", 120_000));
        s.put("tenants", number("tenants", 3));
        s.put("batch", number("batch", 500));
        s.put("loadThreads", number("load-threads", 4));
        s.put("fixedRatePerSecond", number("rate", 2000));
        s.put("ingestRate", options.getOrDefault("ingest-rate", "150000/min"));
        s.put("ingestDuration", options.getOrDefault("duration", "60s"));
        s.put("ingestWarmup", options.getOrDefault("warmup", "10s"));
        s.put("ingestJitWarmup", options.getOrDefault("jit-warmup", "30s"));
        s.put("ingestConnections", number("connections", 200));
        s.put("topic", topic());
        s.put("seed", number("seed", 1));
        s.put("cpuFigures", platformPid > 0);
        return s;
    }

    // ---------------------------------------------------------------- load

    /**
     * Creates the tenants (the first gets --rate-events events, the others share the rest) and posts the events of
     * BenchEvents in batches from a few threads, then waits until the store holds them all.
     */
    private void load() throws Exception {
        long total = number("events", 300_000);
        long first = Math.min(total, number("rate-events", 120_000));
        int count = (int) Math.max(1, number("tenants", 3));
        if (count > 1 && first >= total) {
            throw new IllegalArgumentException("--rate-events must be less than --events when there are other tenants");
        }
        String prefix = "replay-" + Long.toHexString(new Random().nextLong() & 0xffffffL);
        PlatformClient admin = new PlatformClient(url, http);
        for (int t = 1; t <= count; t++) {
            String id = prefix + "-t" + t;
            tenants.add(admin.createTenant(adminKey, id, 1_000_000, 1_000_000));
        }
        System.out.printf(">> load: %,d events into %d tenants (%s: %,d; the others share the rest), batches of %d, %d threads%n",
                total, count, tenants.getFirst().tenantId(), first, number("batch", 500), number("load-threads", 4));
        long seed = number("seed", 1);
        long start = System.nanoTime();
        Map<String, Integer> byType = new java.util.TreeMap<>();
        ExecutorService pool = Executors.newFixedThreadPool((int) number("load-threads", 4));
        long posted = 0;
        try {
            long chunkNo = 0;
            for (long done = 0; done < first; done += CHUNK) {
                posted += post(pool, BenchEvents.generate((int) Math.min(CHUNK, first - done), 1, seed + chunkNo++), 0, byType);
                System.out.printf("   %,d of %,d posted (%.1f s)%n", posted, total, seconds(start));
            }
            for (long done = 0; done < total - first && count > 1; done += CHUNK) {
                posted += post(pool, BenchEvents.generate((int) Math.min(CHUNK, total - first - done), count - 1,
                        seed + chunkNo++), 1, byType);
                System.out.printf("   %,d of %,d posted (%.1f s)%n", posted, total, seconds(start));
            }
        } finally {
            pool.shutdownNow();
        }
        double postSeconds = seconds(start);
        System.out.printf(">> waiting for the store to hold all %,d events%n", total);
        long stored = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        while ((stored = storedCount()) < total) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the store holds " + stored + " of " + total + " after 15 minutes");
            }
            System.out.printf("   %,d stored (%.1f s)%n", stored, seconds(start));
            sleep(1000);
        }
        double storedSeconds = seconds(start);
        System.out.printf("   %,d stored, %.1f s after the first post (posting took %.1f s, %,.0f events/s)%n", stored,
                storedSeconds, postSeconds, total / postSeconds);
        Map<String, Object> load = new LinkedHashMap<>();
        load.put("events", total);
        load.put("eventsByTenant", eventsByTenant);
        load.put("eventsByType", byType);
        load.put("batch", number("batch", 500));
        load.put("threads", number("load-threads", 4));
        load.put("postSeconds", Machine.round(postSeconds, 2));
        load.put("postedPerSecond", Math.round(total / postSeconds));
        load.put("storedAfterSeconds", Machine.round(storedSeconds, 2));
        load.put("storedPerSecond", Math.round(total / storedSeconds));
        load.put("stored", stored);
        load.put("countedBy", options.containsKey("jdbc") ? "select count(*) from events where tenant_id = any(...)"
                : "GET /api/v1/events, page by page, per tenant");
        result.put("load", load);
    }

    /** Posts a generated chunk: its tenant bench-tK goes to tenants[offset + K - 1]. Answers the events posted. */
    private long post(ExecutorService pool, BenchEvents.Generated generated, int offset, Map<String, Integer> byType)
            throws Exception {
        generated.byType().forEach((type, n) -> byType.merge(type, n, Integer::sum));
        Map<String, List<BusEvent>> byTenant = new LinkedHashMap<>();
        for (BusEvent e : generated.events()) {
            byTenant.computeIfAbsent(e.tenantId(), k -> new ArrayList<>()).add(e);
        }
        int batch = (int) number("batch", 500);
        List<Future<Integer>> sent = new ArrayList<>();
        for (Map.Entry<String, List<BusEvent>> entry : byTenant.entrySet()) {
            int k = Integer.parseInt(entry.getKey().substring("bench-t".length()));
            PlatformClient.TenantKey tenant = tenants.get(offset + k - 1);
            List<BusEvent> events = entry.getValue();
            eventsByTenant.merge(tenant.tenantId(), (long) events.size(), Long::sum);
            for (int from = 0; from < events.size(); from += batch) {
                List<BusEvent> part = events.subList(from, Math.min(events.size(), from + batch));
                sent.add(pool.submit(() -> postBatch(tenant, part)));
            }
        }
        long n = 0;
        for (Future<Integer> f : sent) {
            n += f.get();
        }
        return n;
    }

    private int postBatch(PlatformClient.TenantKey tenant, List<BusEvent> events) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream(events.size() * 600);
        body.write('[');
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            StructuredFormat.write(events.get(i).event(), body);
        }
        body.write(']');
        byte[] bytes = body.toByteArray();
        for (int attempt = 1; ; attempt++) {
            HttpRequest request = HttpRequest.newBuilder(url.resolve("/api/v1/events")).timeout(Duration.ofSeconds(60))
                    .header("X-API-Key", tenant.apiKey()).header("Content-Type", BATCH).header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 202) {
                return events.size();
            }
            if ((answer.statusCode() == 429 || answer.statusCode() == 503) && attempt < 20) {
                sleep(200L * attempt);
                continue;
            }
            throw new IllegalStateException("POST /api/v1/events answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    /** How many of the loaded tenants' events the store holds. */
    private long storedCount() throws SQLException {
        if (options.containsKey("jdbc")) {
            try (Connection c = database();
                 PreparedStatement s = c.prepareStatement("select count(*) from events where tenant_id = any(?)")) {
                s.setArray(1, c.createArrayOf("text", tenants.stream().map(PlatformClient.TenantKey::tenantId).toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }
        long n = 0;
        for (PlatformClient.TenantKey t : tenants) {
            n += new AsOfClient(url, t.apiKey()).countStored(new AsOfClient.Count(null, 0)).events();
        }
        return n;
    }

    private Connection database() throws SQLException {
        return DriverManager.getConnection(options.get("jdbc"), options.getOrDefault("user", "postgres"),
                options.getOrDefault("password", "postgres"));
    }

    /**
     * Waits for the machine to calm down between phases (the projection and the store catching up): the platform's
     * and PostgreSQL's CPU under a quarter of a core over 2 s, for at most 2 minutes.
     */
    private void settle() {
        if (platformPid <= 0) {
            sleep(3000);
            return;
        }
        long start = System.nanoTime();
        double tick = 1.0 / ProcCpu.ticksPerSecond();
        while (seconds(start) < 120) {
            LatencyCase.Cpu from = cpu();
            sleep(2000);
            LatencyCase.Cpu to = cpu();
            double cores = ((to.platformTicks() - from.platformTicks()) + (to.postgresTicks() - from.postgresTicks())) * tick
                    / ((to.wallNanos() - from.wallNanos()) / 1e9);
            if (cores < 0.25) {
                System.out.printf("   settled (%.2f cores busy, after %.0f s)%n", cores, seconds(start));
                return;
            }
            System.out.printf("   settling: the platform and PostgreSQL use %.2f cores%n", cores);
        }
    }

    // ---------------------------------------------------------------- replay jobs

    private String topic() {
        return options.getOrDefault("topic", "bench-replay");
    }

    private ObjectNode topicJob(String tenant, String speed) {
        ObjectNode body = JSON.createObjectNode();
        body.put("tenant", tenant);
        body.put("speed", speed);
        body.putObject("target").put("kind", "topic").put("topic", topic());
        return body;
    }

    private JsonNode create(ObjectNode body) {
        Answer answer = send(HttpRequest.newBuilder(url.resolve("/api/v1/replays")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
        if (answer.status() != 201) {
            throw new IllegalStateException("POST /api/v1/replays " + body + " answered " + answer.status() + ": " + answer.text());
        }
        return JSON.readTree(answer.text());
    }

    private JsonNode job(String id) {
        Answer answer = send(HttpRequest.newBuilder(url.resolve("/api/v1/replays/" + id)).GET());
        if (answer.status() != 200) {
            throw new IllegalStateException("GET /api/v1/replays/" + id + " answered " + answer.status() + ": " + answer.text());
        }
        return JSON.readTree(answer.text());
    }

    private JsonNode cancel(String id) {
        Answer answer = send(HttpRequest.newBuilder(url.resolve("/api/v1/replays/" + id)).DELETE());
        return answer.status() == 200 ? JSON.readTree(answer.text()) : job(id);
    }

    private record Answer(int status, String text) {
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).header("X-API-Key", adminKey)
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException("the replay API failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** One poll of a job: when (epoch ms), the job, its state, what it had delivered, whether it was yielding. */
    record Sample(long epochMs, String job, String state, long delivered, boolean yielding, Double rate, Instant updatedAt) {
        static Sample of(JsonNode job) {
            JsonNode p = job.path("progress");
            return new Sample(System.currentTimeMillis(), job.path("id").asString(), job.path("state").asString(),
                    p.path("delivered").asLong(), p.path("yielding").asBoolean(),
                    p.path("rate").isNumber() ? p.path("rate").asDouble() : null, instant(job, "updatedAt"));
        }

        boolean finished() {
            return state.equals("completed") || state.equals("cancelled") || state.equals("failed");
        }
    }

    /** Polls the jobs every 500 ms until each has finished; throws unless each completed. Answers their last view. */
    private List<JsonNode> await(String label, List<String> ids, List<Sample> samples) {
        List<JsonNode> last = new ArrayList<>();
        long start = System.nanoTime();
        long lastPrint = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(number("job-timeout-minutes", 30)).toNanos();
        while (true) {
            last.clear();
            boolean all = true;
            long delivered = 0;
            long total = 0;
            boolean yielding = false;
            for (String id : ids) {
                JsonNode job = job(id);
                Sample sample = Sample.of(job);
                samples.add(sample);
                last.add(job);
                all &= sample.finished();
                delivered += sample.delivered();
                total += job.path("progress").path("total").asLong(0);
                yielding |= sample.yielding();
            }
            if (all || System.nanoTime() - lastPrint > 2_000_000_000L) {
                lastPrint = System.nanoTime();
                System.out.printf("   %s: %,d of %,d delivered (%.0f s)%s%n", label, delivered, total, seconds(start),
                        yielding ? ", yielding to ingest" : "");
            }
            if (all) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(label + ": the jobs did not finish in time: " + last);
            }
            sleep(POLL_MILLIS);
        }
        for (JsonNode job : last) {
            if (!"completed".equals(job.path("state").asString())) {
                throw new IllegalStateException(label + ": job " + job.path("id").asString() + " ended "
                        + job.path("state").asString() + ": " + job.path("error"));
            }
        }
        return List.copyOf(last);
    }

    /** A finished job's figures: delivered, its own start and finish, events/s between them. */
    private static Map<String, Object> jobFigures(JsonNode job) {
        JsonNode p = job.path("progress");
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("id", job.path("id").asString());
        f.put("tenant", job.path("tenant").isNull() ? null : job.path("tenant").asString());
        f.put("speed", job.path("speed").asString());
        f.put("state", job.path("state").asString());
        f.put("read", p.path("read").asLong());
        f.put("delivered", p.path("delivered").asLong());
        f.put("refused", p.path("refused").asLong());
        f.put("total", p.path("total").isNumber() ? p.path("total").asLong() : null);
        f.put("createdAt", job.path("createdAt").asString());
        f.put("startedAt", job.path("startedAt").asString());
        f.put("finishedAt", job.path("finishedAt").asString());
        Instant started = instant(job, "startedAt");
        Instant finished = instant(job, "finishedAt");
        if (started != null && finished != null) {
            double seconds = Duration.between(started, finished).toNanos() / 1e9;
            f.put("seconds", Machine.round(seconds, 3));
            f.put("eventsPerSecond", seconds > 0 ? Math.round(p.path("delivered").asLong() / seconds) : null);
            f.put("queuedSeconds", Machine.round(Duration.between(instant(job, "createdAt"), started).toNanos() / 1e9, 3));
        }
        return f;
    }

    private static Instant instant(JsonNode job, String field) {
        JsonNode v = job.path(field);
        return v.isString() ? Instant.parse(v.asString()) : null;
    }

    /**
     * Jobs run one after the other (bss.replay.workers = 1 by default): delivered in all, from the first start to the
     * last finish, the wall time from creating the first to seeing the last completed, and the CPU per event.
     */
    private Map<String, Object> phase(String description, List<JsonNode> jobs, double wallSeconds, LatencyCase.Cpu from,
                                      LatencyCase.Cpu to) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("description", description);
        long delivered = jobs.stream().mapToLong(j -> j.path("progress").path("delivered").asLong()).sum();
        Instant firstStart = jobs.stream().map(j -> instant(j, "startedAt")).min(Instant::compareTo).orElseThrow();
        Instant lastFinish = jobs.stream().map(j -> instant(j, "finishedAt")).max(Instant::compareTo).orElseThrow();
        double seconds = Duration.between(firstStart, lastFinish).toNanos() / 1e9;
        r.put("jobs", jobs.stream().map(ReplayBenchmark::jobFigures).toList());
        r.put("delivered", delivered);
        r.put("seconds", Machine.round(seconds, 3));
        r.put("eventsPerSecond", Math.round(delivered / seconds));
        r.put("wallSecondsCreateToCompleted", Machine.round(wallSeconds, 2));
        r.put("cpu", cpuFigures(from, to, delivered));
        return r;
    }

    private Map<String, Object> cpuFigures(LatencyCase.Cpu from, LatencyCase.Cpu to, long events) {
        Map<String, Object> cpu = new LinkedHashMap<>();
        if (platformPid <= 0) {
            cpu.put("note", "not measured (a platform this benchmark did not start)");
            return cpu;
        }
        double tick = 1.0 / ProcCpu.ticksPerSecond();
        double seconds = (to.wallNanos() - from.wallNanos()) / 1e9;
        double platform = (to.platformTicks() - from.platformTicks()) * tick;
        double postgres = (to.postgresTicks() - from.postgresTicks()) * tick;
        cpu.put("wallSeconds", Machine.round(seconds, 2));
        cpu.put("platformJvmSeconds", Machine.round(platform, 2));
        cpu.put("postgresSeconds", Machine.round(postgres, 2));
        cpu.put("platformJvmCores", Machine.round(platform / seconds, 2));
        cpu.put("postgresCores", Machine.round(postgres / seconds, 2));
        if (events > 0) {
            cpu.put("platformJvmMicrosPerEvent", Machine.round(platform * 1e6 / events, 1));
            cpu.put("postgresMicrosPerEvent", Machine.round(postgres * 1e6 / events, 1));
            cpu.put("totalMicrosPerEvent", Machine.round((platform + postgres) * 1e6 / events, 1));
        }
        cpu.put("resolutionSeconds", tick);
        return cpu;
    }

    private Map<String, Object> topicMax() {
        System.out.printf(">> replay to topic %s at max: one job a tenant (%d), run one after the other%n", topic(), tenants.size());
        LatencyCase.Cpu from = cpu();
        long start = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (PlatformClient.TenantKey t : tenants) {
            ids.add(create(topicJob(t.tenantId(), "max")).path("id").asString());
        }
        List<JsonNode> jobs = await("topic max", ids, new ArrayList<>());
        double wall = seconds(start);
        Map<String, Object> r = phase("every loaded tenant's events to topic " + topic() + " at max, one job a tenant", jobs, wall,
                from, cpu());
        System.out.printf("   %,d events in %.1f s: %,d events/s; CPU %s%n", r.get("delivered"), r.get("seconds"),
                r.get("eventsPerSecond"), cpuLine(r));
        return r;
    }

    private Map<String, Object> rebuild() {
        System.out.println(">> rebuild of the read models at max");
        LatencyCase.Cpu from = cpu();
        long start = System.nanoTime();
        ObjectNode body = JSON.createObjectNode();
        body.putObject("target").put("kind", "rebuild");
        String id = create(body).path("id").asString();
        List<JsonNode> jobs = await("rebuild", List.of(id), new ArrayList<>());
        double wall = seconds(start);
        Map<String, Object> r = phase("every stored event of every tenant folded into new read models, swapped in once caught up",
                jobs, wall, from, cpu());
        System.out.printf("   %,d events in %.1f s: %,d events/s; CPU %s%n", r.get("delivered"), r.get("seconds"),
                r.get("eventsPerSecond"), cpuLine(r));
        return r;
    }

    private Map<String, Object> fixedRate() {
        long rate = number("rate", 2000);
        PlatformClient.TenantKey tenant = tenants.getFirst();
        long events = eventsByTenant.getOrDefault(tenant.tenantId(), 0L);
        System.out.printf(">> fixed rate: %s (%,d events) to %s at %d/s (about %.0f s)%n", tenant.tenantId(), events, topic(),
                rate, events / (double) rate);
        LatencyCase.Cpu from = cpu();
        long start = System.nanoTime();
        String id = create(topicJob(tenant.tenantId(), rate + "/s")).path("id").asString();
        List<Sample> samples = new ArrayList<>();
        List<JsonNode> jobs = await("fixed rate", List.of(id), samples);
        Map<String, Object> r = phase("one tenant's events to topic " + topic() + " at " + rate + "/s", jobs, seconds(start), from, cpu());
        double achieved = ((Number) r.get("delivered")).doubleValue() / (Double) r.get("seconds");
        r.put("askedPerSecond", rate);
        r.put("achievedPerSecond", Machine.round(achieved, 1));
        r.put("deviationPercent", Machine.round((achieved - rate) * 100.0 / rate, 2));
        // the same from the job's own checkpoints (each stores delivered and updatedAt): from the first one that had
        // delivered events to the finish, leaving out the counting before the first event and the first page
        JsonNode done = jobs.getFirst();
        Sample firstCheckpoint = samples.stream().filter(x -> x.delivered() > 0 && x.updatedAt() != null).findFirst().orElse(null);
        Instant finished = instant(done, "finishedAt");
        if (firstCheckpoint != null && finished != null && finished.isAfter(firstCheckpoint.updatedAt())) {
            double window = Duration.between(firstCheckpoint.updatedAt(), finished).toNanos() / 1e9;
            double steady = (done.path("progress").path("delivered").asLong() - firstCheckpoint.delivered()) / window;
            r.put("steadyPerSecond", Machine.round(steady, 1));
            r.put("steadyDeviationPercent", Machine.round((steady - rate) * 100.0 / rate, 2));
            r.put("steadyWindowSeconds", Machine.round(window, 2));
        }
        System.out.printf("   asked %d/s, achieved %.1f/s (%+.2f %%)%s%n", rate, achieved, (achieved - rate) * 100.0 / rate,
                r.containsKey("steadyPerSecond") ? String.format(Locale.ROOT, "; from its first checkpoint on %.1f/s (%+.2f %%)",
                        (Double) r.get("steadyPerSecond"), (Double) r.get("steadyDeviationPercent")) : "");
        return r;
    }

    // ---------------------------------------------------------------- live ingest

    private Map<String, Object> ingest() throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        String jit = options.getOrDefault("jit-warmup", "30s");
        if (!jit.matches("0+[a-z]*")) {
            // The platform's JVM has not run single-event ingest yet: the first run would pay for compiling it.
            System.out.printf(">> JIT warm-up of ingest: %s single-event for %s (not part of any figure)%n",
                    options.getOrDefault("ingest-rate", "150000/min"), jit);
            Map<String, Object> warm = loadgen("ingest-jit-warmup", jit, "0s");
            r.put("jitWarmup", Map.of("duration", jit, "achievedPerSecond", warm.get("achievedPerSecond"),
                    "p99Ms", ((Map<?, ?>) warm.get("latencyMs")).get("p99")));
            settle();
        }
        System.out.printf(">> live ingest alone: %s single-event for %s (after %s warm-up)%n",
                options.getOrDefault("ingest-rate", "150000/min"), options.getOrDefault("duration", "60s"),
                options.getOrDefault("warmup", "10s"));
        LatencyCase.Cpu from = cpu();
        Map<String, Object> alone = loadgen("ingest-alone");
        alone.put("cpu", cpuFigures(from, cpu(), ((Number) alone.get("eventsAccepted")).longValue()));
        r.put("alone", alone);
        settle();

        System.out.printf(">> live ingest with a replay at max to %s: the same load, a replay job running all along%n", topic());
        List<Sample> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> jobIds = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        jobIds.add(create(topicJob(tenants.getFirst().tenantId(), "max")).path("id").asString());
        Thread poller = Thread.ofPlatform().name("replay-poller").daemon().start(() -> {
            int next = 1;
            long lastPrint = 0;
            while (!stop.get()) {
                try {
                    String id = jobIds.getLast();
                    Sample s = Sample.of(job(id));
                    samples.add(s);
                    if (System.currentTimeMillis() - lastPrint > 5000) {
                        lastPrint = System.currentTimeMillis();
                        System.out.printf("   replay %d (%s): %s, %,d delivered%s%n", jobIds.size(), id, s.state(), s.delivered(),
                                s.yielding() ? ", yielding" : "");
                    }
                    if (s.finished()) {
                        if (!s.state().equals("completed")) {
                            problems.add("job " + id + " ended " + s.state());
                        }
                        String tenant = tenants.get(next++ % tenants.size()).tenantId();
                        jobIds.add(create(topicJob(tenant, "max")).path("id").asString());
                        System.out.printf("   replay %d completed early: started another, of %s%n", jobIds.size() - 1, tenant);
                    }
                } catch (RuntimeException e) {
                    problems.add(String.valueOf(e.getMessage()));
                }
                sleep(POLL_MILLIS);
            }
        });
        from = cpu();
        Map<String, Object> with;
        try {
            with = loadgen("ingest-with-replay");
        } finally {
            stop.set(true);
            poller.join(10_000);
        }
        LatencyCase.Cpu to = cpu();
        JsonNode lastJob = cancel(jobIds.getLast());
        System.out.printf("   the last replay job (%s) stopped: %s%n", jobIds.getLast(), lastJob.path("state").asString());
        Map<String, Object> replay = duringLoad(List.copyOf(samples), ((Number) with.get("measuredFromEpochMs")).longValue(),
                ((Number) with.get("measuredToEpochMs")).longValue());
        replay.put("jobs", jobIds.size());
        replay.put("jobIds", List.copyOf(jobIds));
        if (!problems.isEmpty()) {
            replay.put("problems", List.copyOf(problems));
        }
        with.put("cpu", cpuFigures(from, to, ((Number) with.get("eventsAccepted")).longValue()
                + ((Number) replay.get("deliveredWholeRun")).longValue()));
        with.put("replay", replay);
        r.put("withReplay", with);
        double p99Alone = ((Number) ((Map<?, ?>) alone.get("latencyMs")).get("p99")).doubleValue();
        double p99With = ((Number) ((Map<?, ?>) with.get("latencyMs")).get("p99")).doubleValue();
        r.put("p99Ratio", Machine.round(p99With / p99Alone, 2));
        System.out.printf("   ingest p99 %.1f ms alone, %.1f ms with a replay (x%.2f); the replay %,d events/s during the"
                        + " measured load, yielding %.0f %% of the time%n", p99Alone, p99With, p99With / p99Alone,
                replay.get("eventsPerSecond"), ((Number) replay.get("yieldingPercent")).doubleValue());
        return r;
    }

    /** The replay's events/s and share of polls yielding within the load's measured window (and over all of it). */
    private static Map<String, Object> duringLoad(List<Sample> samples, long from, long to) {
        Map<String, Long> last = new LinkedHashMap<>();
        long inWindow = 0;
        long whole = 0;
        int polls = 0;
        int yielding = 0;
        int notRunning = 0;
        long first = Long.MAX_VALUE;
        long end = 0;
        for (Sample s : samples) {
            long delta = s.delivered() - last.getOrDefault(s.job(), 0L);
            last.put(s.job(), s.delivered());
            whole += delta;
            first = Math.min(first, s.epochMs());
            end = Math.max(end, s.epochMs());
            if (s.epochMs() >= from && s.epochMs() <= to) {
                inWindow += delta;
                polls++;
                if (s.yielding()) {
                    yielding++;
                }
                if (!s.state().equals("running")) {
                    notRunning++;
                }
            }
        }
        double seconds = (to - from) / 1000.0;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("measuredSeconds", Machine.round(seconds, 2));
        r.put("delivered", inWindow);
        r.put("eventsPerSecond", seconds > 0 ? Math.round(inWindow / seconds) : 0);
        r.put("polls", polls);
        r.put("yieldingPolls", yielding);
        r.put("yieldingPercent", polls > 0 ? Machine.round(yielding * 100.0 / polls, 1) : 0.0);
        r.put("pollsNotRunning", notRunning);
        r.put("deliveredWholeRun", whole);
        r.put("wholeRunSeconds", Machine.round((end - first) / 1000.0, 2));
        r.put("samples", samples.stream().map(s -> List.of(s.epochMs(), s.delivered(), s.yielding() ? 1 : 0)).toList());
        return r;
    }

    /** Runs the load generator (single-event, steady) in a JVM of its own; answers the figures of its report. */
    private Map<String, Object> loadgen(String name) throws Exception {
        return loadgen(name, options.getOrDefault("duration", "60s"), options.getOrDefault("warmup", "10s"));
    }

    private Map<String, Object> loadgen(String name, String duration, String warmup) throws Exception {
        Path out = Path.of(options.get("work")).resolve(name);
        List<String> command = new ArrayList<>();
        command.add(options.getOrDefault("java", "java"));
        command.addAll(List.of(options.getOrDefault("loadgen-jvm", "-Xms512m -Xmx1536m").split("\\s+")));
        command.addAll(List.of("-jar", options.get("loadgen-jar"), "run", "--url", url.toString(), "--admin-key-file",
                options.get("admin-key-file"), "--scenario", "steady", "--rate", options.getOrDefault("ingest-rate", "150000/min"),
                "--duration", duration, "--warmup", warmup,
                "--batch", "1", "--connections", String.valueOf(number("connections", 200)), "--tenants", "2",
                "--out", out.toString(), "--name", name));
        Process process = new ProcessBuilder(command).inheritIO().start();
        int status = process.waitFor();
        if (status != 0 && status != 3) {
            throw new IllegalStateException("the load generator failed (" + status + ")");
        }
        JsonNode report = JSON.readTree(out.resolve(name + ".json").toFile());
        JsonNode totals = report.path("totals");
        JsonNode settings = report.path("settings");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("rate", options.getOrDefault("ingest-rate", "150000/min"));
        r.put("duration", settings.path("duration").asString());
        r.put("warmup", settings.path("warm-up").asString());
        r.put("measuredFrom", settings.path("measured from").asString());
        r.put("measuredTo", settings.path("measured to").asString());
        r.put("measuredFromEpochMs", settings.path("measuredFromEpochMs").asLong());
        r.put("measuredToEpochMs", settings.path("measuredToEpochMs").asLong());
        r.put("requests", totals.path("requests").asLong());
        r.put("eventsAccepted", totals.path("eventsAccepted").asLong());
        r.put("errors", totals.path("errors").asLong());
        r.put("errorRate", totals.path("errorRate").asDouble());
        r.put("achievedPerSecond", Machine.round(totals.path("achievedPerSecond").asDouble(), 1));
        r.put("targetPerSecond", Machine.round(totals.path("meanTargetPerSecond").asDouble(), 1));
        Map<String, Object> ms = new LinkedHashMap<>();
        JsonNode latency = totals.path("latencyMs");
        ms.put("p50", latency.path("p50").asDouble());
        ms.put("p90", latency.path("p90").asDouble());
        for (JsonNode point : totals.path("latencyDistribution")) {
            if (point.path("percentile").asDouble() == 95.0) {
                ms.put("p95", point.path("ms").asDouble());
            }
        }
        ms.put("p99", latency.path("p99").asDouble());
        ms.put("p99_9", latency.path("p99_9").asDouble());
        ms.put("max", latency.path("max").asDouble());
        ms.put("mean", Machine.round(latency.path("mean").asDouble(), 3));
        r.put("latencyMs", ms);
        return r;
    }

    // ---------------------------------------------------------------- output

    private void write() throws Exception {
        Path dir = Path.of(options.getOrDefault("out-dir", "bench/results"));
        String name = options.getOrDefault("name", "replay");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result) + "\n");
        Files.writeString(dir.resolve(name + ".svg"), ReplayReport.chart(result));
        Files.writeString(dir.resolve(name + ".md"), ReplayReport.markdown(result, name));
        System.out.println(">> wrote " + dir.resolve(name + ".md") + ", .json and .svg");
    }

    @SuppressWarnings("unchecked")
    private static String cpuLine(Map<String, Object> phase) {
        Map<String, Object> cpu = (Map<String, Object>) phase.get("cpu");
        if (!cpu.containsKey("platformJvmMicrosPerEvent")) {
            return "not measured";
        }
        return String.format(Locale.ROOT, "%.1f µs/event in the platform's JVM, %.1f in PostgreSQL", cpu.get("platformJvmMicrosPerEvent"),
                cpu.get("postgresMicrosPerEvent"));
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

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
