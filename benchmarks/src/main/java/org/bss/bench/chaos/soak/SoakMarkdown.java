package org.bss.bench.chaos.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The soak's Markdown report: verdict, rule, samples, the load, how it was measured and on what. */
final class SoakMarkdown {

    /** Why the heap is read after a forced collection rather than from the platform's meter. */
    static final String HEAP_METHOD = "Heap after GC: `jcmd PID GC.run` (a full, stop-the-world collection under G1, tagged"
            + " cause \"Diagnostic Command\" in jvm.gc.pause), then `jcmd PID GC.heap_info`: the heap used right after it, less"
            + " the young regions allocated between the two calls. The platform's own `jvm.gc.live.data.size` meter is recorded"
            + " beside but not judged: Micrometer sets it to the old generation's usage after a major collection, and also after"
            + " any collection that leaves the old generation smaller (under G1, a young collection that frees humongous"
            + " regions), when it holds everything promoted since, garbage included; between such collections it does not move."
            + " It measures no live set, and a leak shows in it late and in steps.";

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
        String sustained = sustained(in.load());
        if (sustained != null) {
            md.append(sustained).append("\n\n");
        }
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
        SoakSample previous = null;
        for (SoakSample s : SoakReport.every(samples, in.rules().warmupSeconds())) {
            rows.add(List.of(SoakRules.clock(s.elapsedSeconds()), s.phase(), mb(s.heapAfterGcBytes()), mb(s.rssBytes()),
                    count(s.threads()), count(s.openFds()), count(s.tcpSockets()), count(s.pgConnections()), lag(s),
                    count(s.eventsStored()), mb(s.pgTotalBytes()), perEvent(first, s), cpu(previous, s)));
            previous = s;
        }
        table(md, List.of("time", "phase", "heap after GC MB", "RSS MB", "threads", "fds", "TCP sockets", "PostgreSQL connections",
                "largest lag (group)", "events stored", "PostgreSQL MB", "bytes/event",
                "CPU µs/event since the row before: platform, PostgreSQL"), rows);
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
        md.append("- ").append(HEAP_METHOD).append(heapFigures(SoakJudgement.window(samples, in.rules()))).append('\n');
        md.append("- RSS (VmRSS) and threads: /proc/PID/status of the platform's JVM, which also runs the embedded Kafka broker;"
                + " PostgreSQL and Redis are processes of their own and not in it. Open file descriptors: the entries of"
                + " /proc/PID/fd. TCP sockets: those descriptors that are sockets, found by inode in /proc/PID/net/tcp and tcp6,"
                + " in any state (a connection left in CLOSE_WAIT counts).\n");
        md.append("- PostgreSQL: client backends in pg_stat_activity (the sampler's own left out); pg_total_relation_size and"
                + " pg_indexes_size of every table of the public schema, a partitioned table with all its partitions.\n");
        md.append("- Kafka lag: `GET /api/v1/admin/consumers` (committed offsets of every consumer group against the"
                + " partitions' last stable offsets). Events stored: the `bss_store_events_total` counter of /actuator/prometheus.\n");
        md.append("- CPU: user and system time from /proc/PID/stat, of the platform's JVM, and of PostgreSQL: the postmaster with"
                + " its live backends and the time of those that ended (its children's); over the events stored between two"
                + " rows. The load generator's and Redis' are not in it.\n");
        md.append("- Platform: `").append(run.settings().get("platformCommandLine")).append("`\n");
        md.append("- Its heap and collector (jcmd VM.flags; all of them in the JSON file): `")
                .append(heapFlags(String.valueOf(run.settings().get("platformJvmFlags")))).append("`\n");
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

    /** A sentence when the platform accepted less than 97 % of the rate asked for, else null. */
    static String sustained(JsonNode load) {
        if (load == null) {
            return null;
        }
        double target = load.path("totals").path("meanTargetPerSecond").asDouble();
        double achieved = load.path("totals").path("achievedPerSecond").asDouble();
        if (target <= 0 || achieved >= 0.97 * target) {
            return null;
        }
        return String.format(Locale.ROOT, "**The rate was not sustained**: %,.0f events/min accepted of %,.0f asked for; the load"
                + " generator (an open model) went on sending what was due past the planned length, and its latency counts the"
                + " wait. The resources below were judged under the load the platform did take.", achieved * 60, target * 60);
    }

    /** The meter against the heap after the forced collections, and what those cost, over the judged window. */
    static String heapFigures(List<SoakSample> window) {
        double meter = window.stream().mapToLong(SoakSample::gcLiveDataBytes).filter(v -> v >= 0).average().orElse(Double.NaN);
        double forced = window.stream().mapToLong(SoakSample::heapAfterGcBytes).filter(v -> v >= 0).average().orElse(Double.NaN);
        long[] pauses = window.stream().mapToLong(SoakSample::gcPauseMillis).filter(v -> v >= 0).sorted().toArray();
        StringBuilder text = new StringBuilder();
        if (!Double.isNaN(meter) && !Double.isNaN(forced) && pauses.length > 0) {
            text.append(String.format(Locale.ROOT, " Over this run's window the meter averaged %,.0f MB and the heap after the forced"
                    + " collection %,.0f MB: it was read right after that collection, which sets it.", meter / SoakJudgement.MB,
                    forced / SoakJudgement.MB));
        }
        if (pauses.length > 0) {
            text.append(String.format(Locale.ROOT, " The price: one full collection a sample, its pause %,d ms at the median and"
                    + " %,d ms at most here (jvm.gc.pause), which the load's latency includes.", pauses[pauses.length / 2],
                    pauses[pauses.length - 1]));
        }
        return text.toString();
    }

    private static String rate(JsonNode load) {
        return load == null ? "" : String.format(Locale.ROOT, " at %,.0f events/min",
                load.path("totals").path("meanTargetPerSecond").asDouble() * 60);
    }

    /** The flags that say which collector and how much heap. */
    static String heapFlags(String flags) {
        return String.join(" ", java.util.Arrays.stream(flags.split("\\s+"))
                .filter(f -> f.matches("-XX:[+]Use\\w+GC|-XX:(Initial|Max|Min|SoftMax)HeapSize=\\d+|-XX:[+]AlwaysPreTouch")).toList());
    }

    /** The machine as the load generator describes it, less the heap of the JVM writing the report. */
    static String machine(Map<String, Object> machine) {
        List<String> parts = new ArrayList<>();
        machine.forEach((key, value) -> {
            if (!key.equals("maxHeap")) {
                parts.add(key + " " + value);
            }
        });
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

    /** CPU per event stored since the row before, of the platform and of PostgreSQL. */
    private static String cpu(SoakSample previous, SoakSample s) {
        if (previous == null) {
            return "";
        }
        return micros(s.cpuMicrosPerEvent(previous, SoakSample.PLATFORM)) + ", "
                + micros(s.cpuMicrosPerEvent(previous, SoakSample.POSTGRESQL));
    }

    private static String micros(double value) {
        return Double.isNaN(value) ? "?" : String.format(Locale.ROOT, "%,.0f", value);
    }

    static void table(StringBuilder md, List<String> columns, List<List<String>> rows) {
        md.append("| ").append(String.join(" | ", columns)).append(" |\n|").append(" --- |".repeat(columns.size())).append('\n');
        for (List<String> row : rows) {
            md.append("| ").append(String.join(" | ", row.stream().map(c -> c.replace("|", "\\|")).toList())).append(" |\n");
        }
    }
}
