package org.bss.bench.chaos.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The soak's Markdown report: verdict, rule, samples, the load, how it was measured and on what. */
final class SoakMarkdown {

    /** Why the heap is read after a forced collection rather than from the platform's meter. */
    static final String HEAP_METHOD = "Heap after GC is `jcmd PID GC.run` (a System.gc(): a full, stop-the-world collection"
            + " under G1) then `jcmd PID GC.heap_info`: the heap used right after the collection, less the young regions"
            + " allocated between the two calls. The platform's own `jvm.gc.live.data.size` meter was not chosen to judge"
            + " by: Micrometer sets it to the old generation's usage only after a major collection or one that shrank the old"
            + " generation, so under G1 with a 2 GB heap it can keep one value for minutes of young collections while promoted"
            + " objects pile up, and it lags a leak by a whole concurrent cycle; it is recorded beside (after each forced"
            + " collection it reads the same old generation). The price is one full collection a sample (its duration, attach"
            + " included, is in soak.json as gcRunMillis), visible as one slow request a minute in the load's latency.";

    private SoakMarkdown() {
    }

    static String render(SoakReport.Inputs in) {
        SoakRun run = in.run();
        List<SoakSample> samples = run.samples();
        StringBuilder md = new StringBuilder();
        md.append("# Soak: ").append(SoakRules.clock(run.plannedSeconds())).append(" under load").append(rate(in.load()))
                .append(", sampled every ").append(SoakRules.clock(number(run.settings().get("everySeconds")))).append("\n\n");
        md.append("**").append(in.pass() ? "No leak found: every check passed"
                        : in.checks().stream().filter(c -> !c.pass()).count() + " of " + in.checks().size() + " checks failed")
                .append("**. The development jar on its embedded defaults (Kafka in its JVM, PostgreSQL and Redis beside it) and"
                        + " the load generator on one machine; ")
                .append(samples.size()).append(" samples, ").append(in.verdict().windowSamples()).append(" of them judged (")
                .append(SoakRules.clock(in.verdict().fromSeconds())).append(" to ").append(SoakRules.clock(in.verdict().toSeconds()))
                .append(").\n\n");
        if (run.plannedSeconds() < SoakRules.FULL_RUN_SECONDS) {
            md.append("A run shorter than 30 minutes: a smoke test of the suite, not a soak. Its warm-up and reference time are"
                    + " scaled to its length; its slopes come from a few minutes and say little.\n\n");
        }

        md.append("## Judgement\n\n");
        table(md, List.of("check", "verdict", "figures"), in.checks().stream()
                .map(c -> List.of(c.subject(), c.pass() ? "PASS" : "**FAIL**", c.figures())).toList());

        md.append("\n## The rule\n\n");
        in.rules().statements().forEach(s -> md.append("- ").append(s).append('\n'));
        if (in.load() != null) {
            md.append("- And every event the load generator had accepted is stored exactly once (its `--verify`, after the load).\n");
        }

        md.append("\n## Samples every ").append(SoakRules.clock(in.rules().warmupSeconds())).append("\n\n");
        SoakSample first = samples.isEmpty() ? null : samples.getFirst();
        List<List<String>> rows = new ArrayList<>();
        for (SoakSample s : SoakReport.every(samples, in.rules().warmupSeconds())) {
            rows.add(List.of(SoakRules.clock(s.elapsedSeconds()), s.phase(), mb(s.heapAfterGcBytes()), mb(s.rssBytes()),
                    count(s.threads()), count(s.openFds()), count(s.tcpSockets()), count(s.pgConnections()), lag(s),
                    count(s.eventsStored()), mb(s.pgTotalBytes()), perEvent(first, s)));
        }
        table(md, List.of("time", "phase", "heap after GC MB", "RSS MB", "threads", "fds", "TCP sockets", "PostgreSQL connections",
                "largest lag (group)", "events stored", "PostgreSQL MB", "bytes/event"), rows);
        md.append("\nEvery sample, with each table's size and each group's lag: the JSON file beside this one; charts over time:"
                + " the HTML file.\n");

        if (in.load() != null) {
            load(md, in.load(), in.loadReportLink());
        }

        md.append("\n## How it was measured\n\n");
        md.append("- Command: `").append(in.command()).append("` (from the repository root)\n");
        md.append("- Started: ").append(run.settings().get("startedAt")).append("; a sample every ")
                .append(SoakRules.clock(number(run.settings().get("everySeconds")))).append(" while the load ran, then, once"
                        + " every consumer group was within ").append(String.format(Locale.ROOT, "%,d", in.rules().lagNearZero()))
                .append(" records (or ").append(SoakRules.clock(number(run.settings().get("drainSeconds"))))
                .append(" had passed), one after it.\n");
        md.append("- ").append(HEAP_METHOD).append('\n');
        md.append("- RSS (VmRSS) and threads: /proc/PID/status of the platform's JVM, which also runs the embedded Kafka broker;"
                + " PostgreSQL and Redis are processes of their own and not in it. Open file descriptors: the entries of"
                + " /proc/PID/fd. TCP sockets: those descriptors that are sockets, found by inode in /proc/PID/net/tcp and tcp6,"
                + " in any state (a connection left in CLOSE_WAIT counts).\n");
        md.append("- PostgreSQL: client backends in pg_stat_activity (the sampler's own left out); pg_total_relation_size and"
                + " pg_indexes_size of every table of the public schema, a partitioned table with all its partitions.\n");
        md.append("- Kafka lag: `GET /api/v1/admin/consumers` (committed offsets of every consumer group against the"
                + " partitions' last stable offsets). Events stored: the `bss_store_events_total` counter of /actuator/prometheus.\n");
        md.append("- Platform: `").append(run.settings().get("platformCommandLine")).append("`\n");
        md.append("- Its JVM flags: `").append(run.settings().get("platformJvmFlags")).append("`\n");
        md.append("- Machine: ").append(machine(in.machine())).append(". Other work may share it: figures such as the load's"
                + " latency are indicative; the trends are what this report judges.\n");
        return md.toString();
    }

    private static void load(StringBuilder md, JsonNode load, String link) {
        JsonNode totals = load.path("totals");
        JsonNode latency = totals.path("latencyMs");
        JsonNode v = load.path("verification");
        md.append("\n## The load\n\n");
        table(md, List.of("scenario", "target/min", "accepted/min", "events accepted", "errors", "p50", "p99", "p99.9", "max",
                "accepted / stored / missing / duplicated"), List.of(List.of(
                load.path("settings").path("scenario").asString() + ", " + load.path("settings").path("mode").asString(),
                String.format(Locale.ROOT, "%,.0f", totals.path("meanTargetPerSecond").asDouble() * 60),
                String.format(Locale.ROOT, "%,.0f", totals.path("achievedPerSecond").asDouble() * 60),
                String.format(Locale.ROOT, "%,d", totals.path("eventsAccepted").asLong()),
                String.format(Locale.ROOT, "%,d (%.3f %%)", totals.path("errors").asLong(), totals.path("errorRate").asDouble() * 100),
                ms(latency.path("p50").asDouble()), ms(latency.path("p99").asDouble()), ms(latency.path("p99_9").asDouble()),
                ms(latency.path("max").asDouble()),
                v.isObject() ? String.format(Locale.ROOT, "%,d / %,d / %,d / %,d", v.path("accepted").asLong(),
                        v.path("stored").asLong(), v.path("missing").asLong(), v.path("duplicated").asLong()) : "not verified")));
        if (link != null) {
            md.append("\nThe load generator's own report: [").append(link).append("](").append(link).append(") (JSON and text beside it).\n");
        }
    }

    private static String rate(JsonNode load) {
        return load == null ? "" : String.format(Locale.ROOT, " at %,.0f events/min",
                load.path("totals").path("meanTargetPerSecond").asDouble() * 60);
    }

    static String machine(Map<String, Object> machine) {
        List<String> parts = new ArrayList<>();
        machine.forEach((key, value) -> parts.add(key + " " + value));
        return String.join(", ", parts);
    }

    static String lag(SoakSample s) {
        if (s.maxLag() < 0) {
            return "?";
        }
        String group = s.lagByGroup().entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
        return count(s.maxLag()) + (s.maxLag() > 0 ? " (" + group + ")" : "");
    }

    static String perEvent(SoakSample first, SoakSample s) {
        double value = first == null ? Double.NaN : SoakJudgement.bytesPerEvent(first, s);
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%,.0f", value);
    }

    static String mb(long bytes) {
        return bytes < 0 ? "?" : String.format(Locale.ROOT, "%,.0f", bytes / SoakJudgement.MB);
    }

    static String count(long value) {
        return value < 0 ? "?" : String.format(Locale.ROOT, "%,d", value);
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, value < 10 ? "%.2f ms" : "%,.1f ms", value);
    }

    static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    static void table(StringBuilder md, List<String> columns, List<List<String>> rows) {
        md.append("| ").append(String.join(" | ", columns)).append(" |\n|").append(" --- |".repeat(columns.size())).append('\n');
        for (List<String> row : rows) {
            md.append("| ").append(String.join(" | ", row.stream().map(c -> c.replace("|", "\\|")).toList())).append(" |\n");
        }
    }
}
