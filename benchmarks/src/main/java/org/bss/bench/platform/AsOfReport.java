package org.bss.bench.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bss.loadgen.report.SvgChart;

/** The time-travel benchmark's results as Markdown, and its latency percentiles per case as an SVG chart. */
final class AsOfReport {

    private static final String[] COLORS = {"#7f7f7f", "#9467bd", "#1f77b4", "#2ca02c", "#ff7f0e"};
    private static final double[] PERCENTILES = {50, 90, 99, 99.9};

    private AsOfReport() {
    }

    /** p50, p90, p99, p99.9 and max of each case (log scale), and the 50 ms target. */
    static String chart(List<LatencyCase> cases) {
        List<SvgChart.Tick> ticks = List.of(new SvgChart.Tick(0, "p50"), new SvgChart.Tick(1, "p90"),
                new SvgChart.Tick(2, "p99"), new SvgChart.Tick(3, "p99.9"), new SvgChart.Tick(4, "max"));
        SvgChart.Axis x = new SvgChart.Axis("percentile", 0, 4, false, ticks);
        double[] xs = {0, 1, 2, 3, 4};
        List<SvgChart.Series> series = new ArrayList<>();
        double low = Double.MAX_VALUE;
        double high = AsOfBenchmark.TARGET_P99_MS;
        for (int i = 0; i < cases.size(); i++) {
            LatencyCase c = cases.get(i);
            double[] ys = new double[5];
            for (int p = 0; p < PERCENTILES.length; p++) {
                ys[p] = c.percentileMs(PERCENTILES[p]);
            }
            ys[4] = c.maxMs();
            for (double y : ys) {
                low = Math.min(low, y);
                high = Math.max(high, y);
            }
            series.add(new SvgChart.Series(c.name, COLORS[i % COLORS.length], c.name.equals("cold"), xs, ys));
        }
        double target = AsOfBenchmark.TARGET_P99_MS;
        series.add(new SvgChart.Series("target " + (int) target + " ms", "#d62728", true, xs,
                new double[] {target, target, target, target, target}));
        SvgChart.Axis y = SvgChart.Axis.log("latency (ms, log scale)", Math.max(0.1, low), high);
        return SvgChart.standalone(SvgChart.lineChart("Time travel: latency per case", x, y, series));
    }

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> r, String name) {
        Map<String, Object> machine = (Map<String, Object>) r.get("machine");
        Map<String, Object> data = (Map<String, Object>) r.get("data");
        Map<String, Object> load = (Map<String, Object>) r.get("load");
        Map<String, Object> target = (Map<String, Object>) r.get("target");
        List<Map<String, Object>> cases = (List<Map<String, Object>>) r.get("cases");
        Map<String, Object> warm = cases.stream().filter(c -> AsOfBenchmark.WARM.equals(c.get("name"))).findFirst().orElseThrow();
        double warmP99 = num(((Map<String, Object>) warm.get("latencyMs")).get("p99"));
        StringBuilder md = new StringBuilder();
        md.append("# Time travel: as-of reads of a customer with ").append(f("%,d", lng(data.get("customerEvents"))))
                .append(" events\n\n");
        md.append(f("Target: p99 < %.0f ms warm. **Warm p99 %.1f ms: %s** (%s, after VACUUM ANALYZE).", num(target.get("warmP99Ms")),
                warmP99, Boolean.TRUE.equals(target.get("met")) ? "met" : "missed", AsOfBenchmark.WARM));
        cases.stream().filter(c -> (AsOfBenchmark.WARM + "-fresh").equals(c.get("name"))).findFirst().ifPresent(fresh ->
                md.append(f(" Right after loading, before it (%s): p99 %.1f ms.", fresh.get("name"),
                        num(((Map<String, Object>) fresh.get("latencyMs")).get("p99")))));
        md.append("\n\n");
        md.append("`GET /api/v1/customers/{id}?asOf=<RFC 3339>` answers the customer as of an instant, folded from the event")
                .append(" store's events through the projection's links, from the latest snapshot before the instant")
                .append(" (reads leave one every `bss.projection.snapshot-every` = 100 events they fold). One client thread,")
                .append(" one request at a time, latency from sending the request to having read the whole answer.\n\n");
        md.append("| case | reads | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | mean ms | platform CPU ms/read | PostgreSQL CPU ms/read |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Map<String, Object> c : cases) {
            Map<String, Object> ms = (Map<String, Object>) c.get("latencyMs");
            Map<String, Object> cpu = (Map<String, Object>) c.getOrDefault("cpu", Map.of());
            md.append(f("| %s | %,d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %s | %s |%n", c.get("name"), lng(c.get("reads")),
                    num(ms.get("p50")), num(ms.get("p90")), num(ms.get("p99")), num(ms.get("p999")), num(ms.get("max")),
                    num(ms.get("mean")), cpu(cpu, "platformJvmMsPerRead"), cpu(cpu, "postgresMsPerRead")));
        }
        md.append("\n");
        for (Map<String, Object> c : cases) {
            md.append("- **").append(c.get("name")).append("**: ").append(c.get("description"));
            if (lng(c.get("notOk")) > 0) {
                md.append(f(" (%d answers not 200, the first: %s)", lng(c.get("notOk")), c.get("firstNotOk")));
            }
            md.append("\n");
        }
        md.append("\nCPU per read: the CPU time of the platform's JVM (which also runs the embedded Kafka broker) and of")
                .append(" PostgreSQL (postmaster and backends) while the reads ran, from /proc in clock ticks of 10 ms, divided")
                .append(" by the reads (the cold case is one read); in brackets, less what they spend idle");
        if (r.get("idle") instanceof Map<?, ?> idle) {
            md.append(f(" (%.3f and %.3f cores, measured over 10 s without requests before the warm reads)",
                    num(idle.get("platformJvmCores")), num(idle.get("postgresCores"))));
        }
        md.append(".");
        if (r.get("vacuumSeconds") != null) {
            md.append(f(" Before the warm reads the benchmark ran VACUUM ANALYZE of rm_links, rm_snapshots, events and"
                    + " event_keys (%.1f s), as autovacuum would have by then on a running system.", num(r.get("vacuumSeconds"))));
        }
        md.append("\n\n");
        md.append("![latency percentiles per case](").append(name).append(".svg)\n\n");
        if (r.get("findings") != null) {
            md.append("Where the time goes inside the platform (a profile) and what would make as-of reads faster: [")
                    .append(r.get("findings")).append("](").append(r.get("findings")).append(").\n\n");
        }
        Map<String, Object> check = (Map<String, Object>) r.get("check");
        if (check != null) {
            md.append(f("Check: the cold answer (as of now) %s the live read apart from `asOf` and `freshness`"
                            + " (%d subscriptions, %d open invoices, %,d bytes).%n%n",
                    Boolean.TRUE.equals(check.get("asOfNowEqualsLive")) ? "equals" : "**differs from**",
                    lng(check.get("subscriptions")), lng(check.get("openInvoices")), lng(check.get("answerBytes"))));
        }
        Map<String, Object> snapshots = (Map<String, Object>) r.get("snapshots");
        if (snapshots != null && snapshots.containsKey("count")) {
            md.append(f("Snapshots of the customer after the run: %d (of %,d links); state as JSON text %,d bytes on"
                            + " average (%,d of them not usage), %,d the largest (%,d events folded, %,d usage rows: one a"
                            + " subscription, metric and day); %,d bytes stored, compressed, in all.%n%n",
                    lng(snapshots.get("count")), lng(snapshots.get("customerLinks")), lng(snapshots.get("averageStateBytes")),
                    lng(snapshots.get("averageStateBytesWithoutUsage")), lng(snapshots.get("largestStateBytes")),
                    lng(snapshots.get("largestEvents")), lng(snapshots.get("largestUsageRows")), lng(snapshots.get("storedBytes"))));
        }
        if (r.get("parts") instanceof Map<?, ?> parts && parts.containsKey("partsMs")) {
            parts(md, (Map<String, Object>) parts, r.get("partsFresh") instanceof Map<?, ?> fresh && fresh.containsKey("partsMs")
                    ? (Map<String, Object>) fresh : null);
        }
        if (r.get("autovacuum") instanceof List<?> tables) {
            md.append("Autovacuum by the end of the fresh reads (before the benchmark's VACUUM ANALYZE):\n\n");
            md.append("| table | live rows (statistics) | modified since analyze | autovacuums | autoanalyzes |\n| --- | ---: | ---: | ---: | ---: |\n");
            for (Object table : tables) {
                Map<String, Object> t = (Map<String, Object>) table;
                md.append(f("| %s | %,d | %,d | %d | %d |%n", t.get("table"), lng(t.get("liveRows")),
                        lng(t.get("modifiedSinceAnalyze")), lng(t.get("autovacuums")), lng(t.get("autoanalyzes"))));
            }
            md.append("\n");
        }
        md.append("## Data\n\n");
        md.append(f("Customer `%s`: %,d events from %s to %s. By type:%n%n", data.get("customer"), lng(data.get("customerEvents")),
                data.get("yearStart"), data.get("yearEnd")));
        md.append("| type | events |\n| --- | ---: |\n");
        ((Map<String, Object>) data.get("customerEventsByType")).forEach((type, n) -> md.append(f("| %s | %,d |%n", type, lng(n))));
        md.append(f("%nPlus %,d background customers with %,d events each; %,d events in all (about %.0f bytes each),"
                        + " shuffled together and posted in batches of %d (`application/cloudevents-batch+json`) in %.1f s;"
                        + " projected %.1f s and stored %.1f s after the first post (%,d events counted through"
                        + " `GET /api/v1/events`).%n%n", lng(data.get("backgroundCustomers")), lng(data.get("backgroundEventsEach")),
                lng(data.get("totalEvents")), num(data.get("averageEventBytes")), lng(load.get("batch")),
                num(load.get("postSeconds")), num(load.get("projectedAfterSeconds")), num(load.get("storedAfterSeconds")),
                lng(load.get("stored"))));
        if (r.get("profile") instanceof String profile) {
            md.append(profile).append("\n");
        }
        md.append("## How it was run\n\n");
        md.append("```\n").append(r.get("command")).append("\n```\n\n");
        md.append(f("%s, on %s.%n%n", r.get("date"), "the development jar (embedded Kafka, PostgreSQL and Redis on the same machine)"));
        md.append("| machine | |\n| --- | --- |\n");
        md.append(f("| cores | %s |%n| CPU | %s |%n| JVM | %s |%n| platform JVM options | `%s` |%n| OS | %s |%n"
                        + "| load average (1, 5, 15 min) at start / end | %s / %s |%n", machine.get("cores"), machine.get("cpuModel"),
                machine.get("jvm"), machine.get("platformJvmArgs"), machine.get("os"), machine.get("loadAverageAtStart"),
                r.get("loadAverageAtEnd")));
        md.append("\nAll figures: `bench/results/").append(name).append(".json`.\n");
        return md.toString();
    }

    /**
     * The parts of a warm read (AsOfParts) against the mean of the HTTP reads made alongside them, after VACUUM
     * ANALYZE and, when measured, before it (fresh).
     */
    @SuppressWarnings("unchecked")
    private static void parts(StringBuilder md, Map<String, Object> settled, Map<String, Object> fresh) {
        md.append("## Where a warm read's time goes\n\n");
        md.append("The steps of the platform's time travel (`TimeTravel.fold`) replayed from the benchmark's JVM against the"
                + " platform's database, the same statements and folds, each timed on its own (`AsOfParts`), each replayed"
                + " read right after an HTTP read as of the same random instant: an estimate from outside the platform, which"
                + " is not changed for the benchmark.");
        md.append(f(" After VACUUM ANALYZE: %,d reads after 200 unmeasured; the HTTP reads took %s.", lng(settled.get("reads")),
                http(settled)));
        if (fresh != null) {
            md.append(f(" Fresh, before it: %,d reads; the HTTP reads took %s.", lng(fresh.get("reads")), http(fresh)));
        }
        md.append(f(" On average a read starts from a snapshot of %,d characters of JSON and folds %.1f links past it.%n%n",
                lng(settled.get("averageSnapshotChars")), num(settled.get("averageLinksFolded"))));
        double httpMean = num(((Map<String, Object>) ((Map<String, Object>) settled.get("http")).get("latencyMs")).get("mean"));
        double freshMean = fresh == null ? Double.NaN
                : num(((Map<String, Object>) ((Map<String, Object>) fresh.get("http")).get("latencyMs")).get("mean"));
        md.append("| part | mean ms | p50 ms | p99 ms | share of the HTTP read's mean |")
                .append(fresh == null ? "\n| --- | ---: | ---: | ---: | ---: |\n"
                        : " fresh: mean ms | fresh: share |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        Map<String, Object> freshParts = fresh == null ? Map.of() : (Map<String, Object>) fresh.get("partsMs");
        ((Map<String, Object>) settled.get("partsMs")).forEach((part, value) -> {
            Map<String, Object> ms = (Map<String, Object>) value;
            md.append(f("| %s | %.2f | %.2f | %.2f | %.0f %% |", part, num(ms.get("mean")), num(ms.get("p50")),
                    num(ms.get("p99")), 100 * num(ms.get("mean")) / httpMean));
            if (fresh != null) {
                double mean = num(((Map<String, Object>) freshParts.get(part)).get("mean"));
                md.append(f(" %.2f | %.0f %% |", mean, 100 * mean / freshMean));
            }
            md.append("\n");
        });
        double sum = num(settled.get("sumOfMeansMs"));
        md.append(f("| sum of the parts | %.2f | | | %.0f %% |", sum, 100 * sum / httpMean));
        if (fresh != null) {
            double freshSum = num(fresh.get("sumOfMeansMs"));
            md.append(f(" %.2f | %.0f %% |", freshSum, 100 * freshSum / freshMean));
        }
        md.append(f("%n| the HTTP read | %.2f | | | 100 %% |", httpMean));
        if (fresh != null) {
            md.append(f(" %.2f | 100 %% |", freshMean));
        }
        md.append("\n\n");
        if (fresh != null) {
            plans(md, "fresh", fresh);
        }
        plans(md, "after VACUUM ANALYZE", settled);
        md.append("\n");
    }

    /** The statements' plans as run (EXPLAIN ANALYZE), folded away. */
    @SuppressWarnings("unchecked")
    private static void plans(StringBuilder md, String state, Map<String, Object> parts) {
        if (!(parts.get("plans") instanceof Map<?, ?> plans)) {
            return;
        }
        md.append("<details><summary>PostgreSQL's plans, ").append(state).append(", of a read as of ")
                .append(parts.get("plansAsOf")).append(" (EXPLAIN ANALYZE, BUFFERS)</summary>\n\n");
        ((Map<String, Object>) plans).forEach((statement, plan) ->
                md.append(statement).append(":\n\n```\n").append(plan).append("```\n\n"));
        md.append("</details>\n");
    }

    @SuppressWarnings("unchecked")
    private static String http(Map<String, Object> parts) {
        Map<String, Object> ms = (Map<String, Object>) ((Map<String, Object>) parts.get("http")).get("latencyMs");
        return f("%.1f ms on average (p50 %.1f, p99 %.1f)", num(ms.get("mean")), num(ms.get("p50")), num(ms.get("p99")));
    }

    /** A CPU figure per read and, in brackets, the same less idle; ? when unknown. */
    private static String cpu(Map<String, Object> cpu, String key) {
        if (!cpu.containsKey(key)) {
            return "?";
        }
        return f("%.2f (%.2f)", num(cpu.get(key)), num(cpu.get(key + "LessIdle")));
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static double num(Object value) {
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }

    private static long lng(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
