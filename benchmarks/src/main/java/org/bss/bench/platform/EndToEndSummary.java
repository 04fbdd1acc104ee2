package org.bss.bench.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bss.loadgen.evaluate.RunFiles;
import org.bss.loadgen.report.SvgChart;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The end-to-end benchmark's verdict (bench/e2e/run.sh): reads the load generator's JSON reports, the store's progress
 * sampled from /actuator/prometheus, the accept-to-stored histogram, the floors and ceilings and the CPU of each stage's
 * threads ({@link StageFloors}), and writes bench/results/e2e.md.
 * With {@code --sustained REPORT --samples FILE} it only says (exit status 0 or 1) whether a probe run was sustained:
 * accepted and stored at no less than 97% and 95% of its target rate, and at most 0.1% of requests refused.
 */
public final class EndToEndSummary {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final double SINGLE_TARGET_PER_MIN = 400_000;
    static final double BATCH_TARGET_PER_MIN = 1_500_000;

    /** One run of the load generator, with what the store did meanwhile. */
    record Run(String name, JsonNode report, double targetPerSecond, double acceptedPerSecond, double storedPerSecond,
            double lagAtEndSeconds, double p50Ms, double p99Ms, double p999Ms, double maxMs, double errorRate,
            JsonNode verification) {

        static Run of(String name, Path report, List<double[]> samples) throws IOException {
            JsonNode root = JSON.readTree(Files.readString(report));
            JsonNode totals = root.path("totals");
            JsonNode settings = root.path("settings");
            double from = settings.path("measuredFromEpochMs").asDouble() / 1000;
            double to = settings.path("measuredToEpochMs").asDouble() / 1000;
            double[] first = at(samples, from);
            double[] last = at(samples, to);
            double stored = first == null || last == null || last[0] <= first[0] ? Double.NaN : (last[1] - first[1]) / (last[0] - first[0]);
            JsonNode latency = totals.path("latencyMs");
            return new Run(name, root, totals.path("meanTargetPerSecond").asDouble(), totals.path("achievedPerSecond").asDouble(),
                    stored, last == null ? Double.NaN : last[2], latency.path("p50").asDouble(), latency.path("p99").asDouble(),
                    latency.path("p99_9").asDouble(), latency.path("max").asDouble(), totals.path("errorRate").asDouble(),
                    root.path("verification"));
        }

        boolean sustained() {
            return acceptedPerSecond >= 0.97 * targetPerSecond && storedPerSecond >= 0.95 * targetPerSecond && errorRate <= 0.001;
        }

        long lost() {
            return verification.isObject() ? verification.path("missing").asLong() + verification.path("duplicated").asLong() : -1;
        }
    }

    /** The sample nearest to an instant: {epoch seconds, events stored so far, lag seconds}. */
    static double[] at(List<double[]> samples, double epochSeconds) {
        double[] best = null;
        for (double[] sample : samples) {
            if (best == null || Math.abs(sample[0] - epochSeconds) < Math.abs(best[0] - epochSeconds)) {
                best = sample;
            }
        }
        return best;
    }

    static List<double[]> samples(Path file) throws IOException {
        List<double[]> samples = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3) {
                samples.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])});
            }
        }
        return samples;
    }

    /** Percentiles of bss_store_delay_seconds between two scrapes of its cumulative buckets (linear within a bucket). */
    static Map<String, Double> delay(Path before, Path after) throws IOException {
        return delay(before, after, "bss_store_delay_seconds");
    }

    /** Percentiles of a histogram between two scrapes of its cumulative buckets (linear within a bucket). */
    static Map<String, Double> delay(Path before, Path after, String metric) throws IOException {
        TreeMap<Double, Double> counts = new TreeMap<>();
        for (Path file : List.of(before, after)) {
            double sign = file.equals(before) ? -1 : 1;
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(metric + "_bucket")) {
                    String le = line.replaceAll(".*le=\"([^\"]+)\".*", "$1");
                    double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                    double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    counts.merge(bound, sign * value, Double::sum);
                }
            }
        }
        Map<String, Double> result = new LinkedHashMap<>();
        double total = counts.isEmpty() ? 0 : counts.lastEntry().getValue();
        result.put("events", total);
        for (double p : new double[] {50, 99, 99.9}) {
            double rank = total * p / 100;
            double lower = 0;
            double below = 0;
            Double value = Double.NaN;
            for (Map.Entry<Double, Double> bucket : counts.entrySet()) {
                if (bucket.getValue() >= rank && total > 0) {
                    double upper = bucket.getKey().isInfinite() ? lower : bucket.getKey();
                    double inBucket = bucket.getValue() - below;
                    value = inBucket <= 0 ? upper : lower + (upper - lower) * (rank - below) / inBucket;
                    break;
                }
                lower = bucket.getKey();
                below = bucket.getValue();
            }
            result.put("p" + (p == 99.9 ? "99.9" : Integer.toString((int) p)), value * 1000);
        }
        return result;
    }

    /** Cache hits (near, Redis) and misses between two scrapes of the bss_cache_* counters. */
    static Map<String, Double> cache(Path before, Path after) throws IOException {
        Map<String, Double> sums = new LinkedHashMap<>(Map.of("near", 0.0, "redis", 0.0, "misses", 0.0));
        for (Path file : List.of(before, after)) {
            double sign = file.equals(before) ? -1 : 1;
            for (String line : Files.readAllLines(file)) {
                String name = line.startsWith("bss_cache_hits_total") ? (line.contains("near") ? "near" : "redis")
                        : line.startsWith("bss_cache_misses_total") ? "misses" : null;
                if (name != null) {
                    sums.merge(name, sign * Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
                }
            }
        }
        double reads = sums.get("near") + sums.get("redis") + sums.get("misses");
        sums.put("reads", reads);
        sums.put("ratio", reads == 0 ? 0 : (sums.get("near") + sums.get("redis")) / reads);
        return sums;
    }

    /** --key value... pairs; a key's values run to the next --key. */
    static Map<String, List<String>> options(List<String> args) {
        Map<String, List<String>> options = new LinkedHashMap<>();
        String key = null;
        for (String arg : args) {
            if (arg.startsWith("--")) {
                key = arg.substring(2);
                options.put(key, new ArrayList<>());
            } else if (key != null) {
                options.get(key).add(arg);
            }
        }
        return options;
    }

    public static void main(String[] args) throws IOException {
        Map<String, List<String>> options = options(List.of(args));
        List<double[]> samples = samples(Path.of(options.get("samples").getFirst()));
        if (options.containsKey("sustained")) {
            Run probe = Run.of("probe", Path.of(options.get("sustained").getFirst()), samples);
            System.out.printf(Locale.ROOT, "   accepted %,.0f/s, stored %,.0f/s of %,.0f/s, errors %.3f%%: %s%n", probe.acceptedPerSecond(),
                    probe.storedPerSecond(), probe.targetPerSecond(), probe.errorRate() * 100, probe.sustained() ? "sustained" : "not sustained");
            System.exit(probe.sustained() ? 0 : 1);
        }
        Run single = Run.of("single", Path.of(options.get("single").getFirst()), samples);
        Run batch = Run.of("batch", Path.of(options.get("batch").getFirst()), samples);
        Map<String, Double> singleDelay = delay(Path.of(options.get("single-delay").get(0)), Path.of(options.get("single-delay").get(1)));
        Map<String, Double> batchDelay = delay(Path.of(options.get("batch-delay").get(0)), Path.of(options.get("batch-delay").get(1)));
        JsonNode ceilings = options.containsKey("ceilings") ? JSON.readTree(Files.readString(Path.of(options.get("ceilings").getFirst()))) : null;
        List<Run> probes = runsIn(options.getOrDefault("probes", List.of()), samples);
        List<Run> sweep = runsIn(options.getOrDefault("sweep", List.of()), samples);

        List<String[]> targets = new ArrayList<>();
        targets.add(verdict("single-event mode: accepted ≥ 400,000 events/min for the run (≥ 99%, errors ≤ 0.1%)",
                fmt(single.acceptedPerSecond() * 60) + "/min",
                single.acceptedPerSecond() * 60 >= 0.99 * SINGLE_TARGET_PER_MIN && single.errorRate() <= 0.001));
        targets.add(verdict("single-event mode: p99 accept latency < 50 ms (from each request's due time)",
                ms(single.p99Ms()), single.p99Ms() < 50));
        targets.add(verdict("single-event mode: zero loss (missing + duplicated)", lossText(single), single.lost() == 0));
        targets.add(verdict("accept → stored p99 < 1 s at 400,000/min (bss_store_delay_seconds over the single run)",
                ms(singleDelay.get("p99")), singleDelay.get("p99") < 1000));
        Map<String, Double> projectionDelay = options.containsKey("projection-delay")
                ? delay(Path.of(options.get("projection-delay").get(0)), Path.of(options.get("projection-delay").get(1)),
                        "bss_projection_delay_seconds") : null;
        if (projectionDelay != null && projectionDelay.get("events") > 0) {
            targets.add(verdict("accept → read models p99 < 2 s at 400,000/min (bss_projection_delay_seconds over the single run)",
                    ms(projectionDelay.get("p99")), projectionDelay.get("p99") < 2000));
        }
        Map<String, Double> analyticsDelay = options.containsKey("analytics-delay")
                ? delay(Path.of(options.get("analytics-delay").get(0)), Path.of(options.get("analytics-delay").get(1)),
                        "bss_analytics_delay_seconds") : null;
        if (analyticsDelay != null && analyticsDelay.get("events") > 0) {
            targets.add(verdict("accept → 1-minute figures p99 < 5 s at 400,000/min (bss_analytics_delay_seconds over the single run)",
                    ms(analyticsDelay.get("p99")), analyticsDelay.get("p99") < 5000));
        }
        Run reads = options.containsKey("reads") ? Run.of("reads", Path.of(options.get("reads").getFirst()), samples) : null;
        Map<String, Double> cache = options.containsKey("cache")
                ? cache(Path.of(options.get("cache").get(0)), Path.of(options.get("cache").get(1))) : null;
        if (cache != null && cache.get("reads") > 0) {
            targets.add(verdict("with reads: cache hit ratio ≥ 95 % (bss_cache_* over the reads run)",
                    String.format(Locale.ROOT, "%.1f %%", cache.get("ratio") * 100), cache.get("ratio") >= 0.95));
        }
        targets.add(verdict("batch mode (" + batch.report().path("settings").path("mode").asString() + "): stored ≥ 1,500,000 events/min",
                fmt(batch.storedPerSecond() * 60) + "/min", batch.storedPerSecond() * 60 >= BATCH_TARGET_PER_MIN));
        targets.add(verdict("batch mode: zero loss", lossText(batch), batch.lost() == 0));
        boolean pass = targets.stream().allMatch(t -> t[2].startsWith("PASS"));

        StringBuilder md = new StringBuilder();
        md.append("# End to end: the load generator against the platform on one machine\n\n");
        md.append("**").append(pass ? "All targets met" : "Targets missed: " + targets.stream().filter(t -> !t[2].startsWith("PASS")).count()
                + " of " + targets.size()).append("**. Platform, Kafka, PostgreSQL, Redis and the load generator all on this machine (")
                .append(single.report().path("machine").path("cores").asString()).append(" cores).\n\n");
        table(md, List.of("target", "measured", "verdict"), targets.stream().map(List::of).toList());

        md.append("\n## Runs\n\n");
        List<List<String>> rows = new ArrayList<>();
        for (Run run : List.of(single, batch)) {
            rows.add(runRow(run));
        }
        table(md, runColumns(), rows);
        md.append("\nLatency is counted from the instant each request was due (open model), to its answer: queueing in the load "
                + "generator when all connections are busy counts. Stored/s is the store's counter (bss_store_events_total) over the measured "
                + "window, sampled each second from /actuator/prometheus; lag is bss_store_lag_seconds at the window's end.\n\n");
        table(md, List.of("accept → stored (bss_store_delay_seconds)", "events", "p50", "p99", "p99.9"), List.of(
                List.of("single-event run", fmt(singleDelay.get("events")), ms(singleDelay.get("p50")), ms(singleDelay.get("p99")), ms(singleDelay.get("p99.9"))),
                List.of("batch run", fmt(batchDelay.get("events")), ms(batchDelay.get("p50")), ms(batchDelay.get("p99")), ms(batchDelay.get("p99.9")))));

        if (projectionDelay != null) {
            md.append("\n");
            table(md, List.of("accept → read models (bss_projection_delay_seconds)", "events", "p50", "p99", "p99.9"), List.of(
                    List.of("single-event run", fmt(projectionDelay.get("events")), ms(projectionDelay.get("p50")),
                            ms(projectionDelay.get("p99")), ms(projectionDelay.get("p99.9")))));
        }
        if (analyticsDelay != null && analyticsDelay.get("events") > 0) {
            md.append("\nThe lag of bss.events.aggregated: from the acceptance of the newest event in a tenant's 1-minute "
                    + "`events` figure to that figure written to PostgreSQL (one sample per figure written).\n\n");
            table(md, List.of("accept → 1-minute figures (bss_analytics_delay_seconds)", "figures", "p50", "p99", "p99.9"), List.of(
                    List.of("single-event run", fmt(analyticsDelay.get("events")), ms(analyticsDelay.get("p50")),
                            ms(analyticsDelay.get("p99")), ms(analyticsDelay.get("p99.9")))));
        }
        if (reads != null) {
            JsonNode r = reads.report().path("totals").path("reads");
            md.append("\n## Reads beside the writes\n\nA run at the single run's rate with reads (")
                    .append(reads.report().path("settings").path("reads").asString())
                    .append("): customers the traffic created, the busy ones more often. Writes' figures exclude the reads; ")
                    .append("a read of a customer the projection has not folded yet is 404 (not yet).\n\n");
            table(md, List.of("", "per second", "ok", "not yet (404)", "failed", "p50", "p99", "p99.9", "max"), List.of(
                    List.of("reads", fmt(r.path("perSecond").asDouble()), fmt(r.path("ok").asDouble()), fmt(r.path("notYet").asDouble()),
                            fmt(r.path("failed").asDouble()), ms(r.path("latencyMs").path("p50").asDouble()),
                            ms(r.path("latencyMs").path("p99").asDouble()), ms(r.path("latencyMs").path("p99_9").asDouble()),
                            ms(r.path("latencyMs").path("max").asDouble())),
                    List.of("writes (events)", fmt(reads.acceptedPerSecond()), "", "", "", ms(reads.p50Ms()), ms(reads.p99Ms()),
                            ms(reads.p999Ms()), ms(reads.maxMs()))));
            if (cache != null) {
                md.append(String.format(Locale.ROOT, "%nCache over that run: %,.0f answers from memory, %,.0f from Redis, %,.0f from PostgreSQL: "
                        + "hit ratio %.1f %%.%n", cache.get("near"), cache.get("redis"), cache.get("misses"), cache.get("ratio") * 100));
            }
        }
        if (options.containsKey("cpu")) {
            md.append("\n## CPU per event\n\n").append(Files.readString(Path.of(options.get("cpu").getFirst()))).append("\n");
        }

        if (!sweep.isEmpty()) {
            List<Run> points = new ArrayList<>(sweep);
            points.add(single);
            points.sort(Comparator.comparingDouble(Run::targetPerSecond));
            Path chart = Path.of(options.get("out").getFirst()).resolveSibling("e2e").resolve("latency-by-rate.svg");
            Files.createDirectories(chart.getParent());
            Files.writeString(chart, SvgChart.standalone(latencyByRate(points)));
            md.append("\n## Single-event latency by rate: where p99 < 50 ms holds on this machine\n\n")
                    .append("![p50, p99 and p99.9 by rate](e2e/").append(chart.getFileName()).append(")\n\n")
                    .append("Each lower rate ran for ").append(Duration.parse(sweep.getFirst().report().path("settings").path("duration").asString()).toSeconds())
                    .append(" s after its own warm-up, right after the single-event run; the highest row is that run.\n\n");
            table(md, List.of("target/min", "accepted/min", "p50", "p99", "p99.9", "max", "p99 < 50 ms"), points.stream()
                    .map(run -> List.of(fmt(run.targetPerSecond() * 60), fmt(run.acceptedPerSecond() * 60), ms(run.p50Ms()),
                            ms(run.p99Ms()), ms(run.p999Ms()), ms(run.maxMs()), run.p99Ms() < 50 ? "yes" : "no"))
                    .toList());
        }

        if (!probes.isEmpty()) {
            md.append("\n## Batch probes: the highest rate sustained\n\nEach rate was tried for a short run, highest first; the first one "
                    + "accepted at ≥ 97% and stored at ≥ 95% of its rate with ≤ 0.1% errors is the batch run's rate.\n\n");
            List<List<String>> probeRows = new ArrayList<>();
            for (Run probe : probes) {
                List<String> row = new ArrayList<>(runRow(probe).subList(0, 9));
                row.add(probe.sustained() ? "sustained" : "not sustained");
                probeRows.add(row);
            }
            List<String> columns = new ArrayList<>(runColumns().subList(0, 9));
            columns.add("verdict");
            table(md, columns, probeRows);
        }

        if (ceilings != null && options.containsKey("stages")) {
            List<Path> files = options.get("stages").stream().map(Path::of).toList();
            md.append("\n## Each stage against its floor: CPU per event\n\n");
            md.append("CPU of each stage per event accepted in the single-event run (warm-up included), from the kernel's "
                    + "counters of the threads that do only that stage's work, beside its floor: the same work done alone, "
                    + "measured after the runs on the same machine and servers.\n\n");
            md.append(StageFloors.table(files.get(0), files.get(1), files.get(2), files.get(3),
                    single.verification().path("accepted").asLong(), ceilings));
        }
        if (ceilings != null) {
            md.append("\n## Each stage against its ceiling on this machine\n\n");
            double http = ceilings.path("http").path("requestsPerSecond").asDouble();
            double kafka = ceilings.path("kafka").path("recordsPerSecond").asDouble();
            double copy = ceilings.path("copy").path("rowsPerSecond").asDouble();
            table(md, List.of("stage", "platform", "ceiling", "ratio", "ceiling measured by"), List.of(
                    List.of("HTTP: requests/s in single-event mode", fmt(single.acceptedPerSecond()), fmt(http), ratio(single.acceptedPerSecond(), http),
                            "closed loop of the load generator's client, " + ceilings.path("http").path("connections").asInt() + " connections, "
                                    + ceilings.path("http").path("endpoint").asString() + " (p99 " + ms(ceilings.path("http").path("p99Ms").asDouble()) + ")"),
                    List.of("Kafka: events/s accepted in batch mode", fmt(batch.acceptedPerSecond()), fmt(kafka), ratio(batch.acceptedPerSecond(), kafka),
                            "kafka-producer-perf-test " + ceilings.path("kafka").path("arguments").asString()),
                    List.of("Store: rows/s stored in batch mode", fmt(batch.storedPerSecond()), fmt(copy), ratio(batch.storedPerSecond(), copy),
                            "raw COPY of " + fmt(ceilings.path("copy").path("rows").asDouble()) + " rows (the plan's mix, "
                                    + ceilings.path("copy").path("bytesPerRow").asString() + " bytes a row) into a table like events, "
                                    + "batches of 2,000 on 2 connections")));
            md.append("\nThe ceilings ran after the runs, on the same servers, with the platform idle. Each is what that part does "
                    + "alone with the whole machine; in the runs every part shares the same cores.\n");
        }

        if (options.containsKey("peer")) {
            Path peer = Path.of(options.get("peer").getFirst());
            String report = Files.readString(peer);
            int from = report.indexOf("## Saturation");
            int to = report.indexOf("\n## ", from + 1);
            if (from >= 0) {
                md.append("\n## Beside a peer: the Strimzi Kafka Bridge\n\n");
                md.append("From the same run of this script, after the figures above: [").append(peer.getFileName())
                        .append("](").append(peer.getFileName()).append(") has the offered rates, latencies, the bridge's settings and "
                                + "where the platform is behind.\n");
                md.append(report, from + report.substring(from).indexOf('\n'), to < 0 ? report.length() : to);
            }
        }

        md.append("\n## How it was measured\n\n");
        md.append("- Command: `").append(options.getOrDefault("command", List.of("bench/e2e/run.sh")).getFirst()).append("`\n");
        md.append("- Date: ").append(Instant.now()).append("\n");
        md.append("- Reports with charts (throughput and latency percentiles over time, status counts, settings, machine): "
                + "[single-event](e2e/e2e-single.html), [batch](e2e/e2e-batch.html); JSON and text next to them.\n");
        if (options.containsKey("jit-samples")) {
            List<double[]> jit = jitSamples(Path.of(options.get("jit-samples").getFirst()));
            Path chart = Path.of(options.get("out").getFirst()).resolveSibling("e2e").resolve("jit-warmup.svg");
            Files.createDirectories(chart.getParent());
            Files.writeString(chart, SvgChart.standalone(jitWarmup(jit)));
            double[] last = jit.isEmpty() ? new double[] {0, 0, 0, 0} : jit.getLast();
            double settled = Double.parseDouble(options.get("jit-samples").get(1));
            md.append(String.format(Locale.ROOT, "- Before the single-event run, the platform served %s of single events until its JIT "
                            + "compilers took under %.0f %% of its CPU over 30 s (at most %s): %s after %.0f s, the last 30 s at "
                            + "%.1f %% (%.2f of %.2f cores). Not part of any figure: a freshly started JVM compiles for minutes, "
                            + "and on 2 cores that would be part of every figure measured meanwhile ([chart](e2e/%s)).%n",
                    options.get("jit-warmup").get(1), settled, options.get("jit-warmup").getFirst(),
                    last[3] < settled ? "settled" : "not settled when the load ended", last[0], last[3], last[2], last[1],
                    chart.getFileName()));
        } else if (options.containsKey("jit-warmup") && !options.get("jit-warmup").getFirst().matches("0s?")) {
            md.append("- Before the single-event run, the platform served ").append(options.get("jit-warmup").get(1))
                    .append(" of single events for ").append(options.get("jit-warmup").getFirst())
                    .append(" (JIT warm-up, not part of any figure: a freshly started JVM compiles for minutes,"
                            + " and on 2 cores that would be part of every figure measured meanwhile).\n");
        }
        md.append("- Single-event run settings: ").append(single.report().path("settings").toString()).append("\n");
        md.append("- Batch run settings: ").append(batch.report().path("settings").toString()).append("\n");
        md.append("- Machine: ").append(single.report().path("machine").toString()).append("\n");
        Files.writeString(Path.of(options.get("out").getFirst()), md.toString());
        System.exit(pass ? 0 : 3);
    }

    /** The JIT warm-up's windows, as bench/lib/threads.sh's jit_settle prints them: seconds, cores, compilers' cores, their %. */
    static List<double[]> jitSamples(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(line -> !line.isBlank())
                .map(line -> Arrays.stream(line.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray())
                .toList();
    }

    static String jitWarmup(List<double[]> windows) {
        double[] xs = windows.stream().mapToDouble(w -> w[0]).toArray();
        double top = Math.max(2, windows.stream().mapToDouble(w -> w[1]).max().orElse(2));
        return SvgChart.lineChart("The platform JVM's CPU during the JIT warm-up (cores, each point the 30 s before it)",
                SvgChart.Axis.linear("seconds since the warm-up began", xs.length == 0 ? 60 : xs[xs.length - 1]),
                SvgChart.Axis.linear("cores", top), List.of(
                        new SvgChart.Series("whole JVM", "#1565c0", false, xs, windows.stream().mapToDouble(w -> w[1]).toArray()),
                        new SvgChart.Series("JIT compiler threads", "#c62828", false, xs, windows.stream().mapToDouble(w -> w[2]).toArray())));
    }

    /** The runs in these folders (given as one or more space-separated lists), each read from its JSON report. */
    static List<Run> runsIn(List<String> folders, List<double[]> samples) throws IOException {
        List<Run> runs = new ArrayList<>();
        for (String dir : folders.stream().flatMap(s -> List.of(s.split(" ")).stream()).filter(s -> !s.isBlank()).toList()) {
            Path folder = Path.of(dir);
            try (var files = Files.list(folder)) {
                Path json = files.filter(p -> p.toString().endsWith(".json"))
                        .filter(p -> !Set.of(RunFiles.LABELS, RunFiles.SPAN).contains(p.getFileName().toString()))
                        .findFirst().orElseThrow();
                runs.add(Run.of(folder.getFileName().toString(), json, samples));
            }
        }
        return runs;
    }

    /** p50, p99 and p99.9 against the target rate (events/min), with the 50 ms target dashed. */
    static String latencyByRate(List<Run> points) {
        double[] xs = points.stream().mapToDouble(run -> run.targetPerSecond() * 60).toArray();
        double top = Arrays.stream(xs).max().orElse(1);
        double min = points.stream().mapToDouble(Run::p50Ms).filter(v -> v > 0).min().orElse(1);
        double max = Math.max(50, points.stream().mapToDouble(Run::p999Ms).max().orElse(1));
        return SvgChart.lineChart("Single-event latency by rate (ms, log scale)", SvgChart.Axis.linear("target events/min", top),
                SvgChart.Axis.log("ms", Math.min(min, 50), max), List.of(
                        new SvgChart.Series("p50", "#2e7d32", false, xs, points.stream().mapToDouble(Run::p50Ms).toArray()),
                        new SvgChart.Series("p99", "#ef6c00", false, xs, points.stream().mapToDouble(Run::p99Ms).toArray()),
                        new SvgChart.Series("p99.9", "#c62828", false, xs, points.stream().mapToDouble(Run::p999Ms).toArray()),
                        new SvgChart.Series("p99 target", "#8e8e8e", true, new double[] {0, top}, new double[] {50, 50})));
    }

    private static List<String> runColumns() {
        return List.of("run", "target/s", "accepted/s", "accepted/min", "stored/s", "p50", "p99", "p99.9", "errors", "max", "store lag at end",
                "accepted / stored / missing / duplicated");
    }

    private static List<String> runRow(Run run) {
        JsonNode v = run.verification();
        return List.of(run.name(), fmt(run.targetPerSecond()), fmt(run.acceptedPerSecond()), fmt(run.acceptedPerSecond() * 60),
                fmt(run.storedPerSecond()), ms(run.p50Ms()), ms(run.p99Ms()), ms(run.p999Ms()),
                String.format(Locale.ROOT, "%.3f%% %s", run.errorRate() * 100, run.report().path("totals").path("statusCounts").toString()),
                ms(run.maxMs()), String.format(Locale.ROOT, "%.1f s", run.lagAtEndSeconds()),
                v.isObject() ? fmt(v.path("accepted").asDouble()) + " / " + fmt(v.path("stored").asDouble()) + " / " + v.path("missing").asLong()
                        + " / " + v.path("duplicated").asLong() : "not verified");
    }

    private static String lossText(Run run) {
        JsonNode v = run.verification();
        return v.isObject() ? "missing " + v.path("missing").asLong() + ", duplicated " + v.path("duplicated").asLong() + " of "
                + fmt(v.path("accepted").asDouble()) + " accepted" : "not verified";
    }

    private static String[] verdict(String target, String measured, boolean met) {
        return new String[] {target, measured, met ? "PASS" : "FAIL"};
    }

    private static void table(StringBuilder md, List<String> columns, List<List<String>> rows) {
        md.append("| ").append(String.join(" | ", columns)).append(" |\n|");
        md.append(" --- |".repeat(columns.size())).append('\n');
        for (List<String> row : rows) {
            md.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
    }

    private static String fmt(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, value < 10 ? "%.2f ms" : "%,.1f ms", value);
    }

    private static String ratio(double platform, double ceiling) {
        return ceiling > 0 ? String.format(Locale.ROOT, "%.2f", platform / ceiling) : "n/a";
    }
}
