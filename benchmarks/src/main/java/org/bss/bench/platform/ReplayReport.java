package org.bss.bench.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The replay benchmark's results as Markdown, and its chart: ingest latency without and with a replay, replay rates. */
final class ReplayReport {

    private static final String ALONE = "#1f77b4";
    private static final String WITH = "#ff7f0e";
    private static final String RATE = "#2ca02c";
    private static final String ASKED = "#7f7f7f";

    private ReplayReport() {
    }

    private record Bar(String label, double value, String color, String note) {
    }

    /** Two panels of horizontal bars, each scaled to its largest value. */
    @SuppressWarnings("unchecked")
    static String chart(Map<String, Object> r) {
        Map<String, Object> ingest = (Map<String, Object>) r.get("ingest");
        Map<String, Object> alone = (Map<String, Object>) ((Map<String, Object>) ingest.get("alone")).get("latencyMs");
        Map<String, Object> with = (Map<String, Object>) ((Map<String, Object>) ingest.get("withReplay")).get("latencyMs");
        List<Bar> latency = new ArrayList<>();
        for (String p : List.of("p50", "p95", "p99")) {
            latency.add(new Bar(p + " ingest alone", num(alone.get(p)), ALONE, f("%.1f ms", num(alone.get(p)))));
            latency.add(new Bar(p + " with a replay at max", num(with.get(p)), WITH, f("%.1f ms", num(with.get(p)))));
        }
        Map<String, Object> fixed = (Map<String, Object>) r.get("fixedRate");
        Map<String, Object> during = (Map<String, Object>) ((Map<String, Object>) ingest.get("withReplay")).get("replay");
        List<Bar> rates = new ArrayList<>();
        rates.add(rate("to a topic at max", (Map<String, Object>) r.get("topicMax")));
        rates.add(rate("rebuild at max", (Map<String, Object>) r.get("rebuild")));
        rates.add(new Bar("at a fixed rate: asked", num(fixed.get("askedPerSecond")), ASKED,
                f("%,.0f events/s", num(fixed.get("askedPerSecond")))));
        rates.add(new Bar("at a fixed rate: achieved", num(fixed.get("achievedPerSecond")), RATE,
                f("%,.1f events/s (%+.2f %%)", num(fixed.get("achievedPerSecond")), num(fixed.get("deviationPercent")))));
        rates.add(new Bar("to a topic at max, beside ingest", num(during.get("eventsPerSecond")), WITH,
                f("%,.0f events/s, yielding %.0f %% of the polls", num(during.get("eventsPerSecond")),
                        num(during.get("yieldingPercent")))));
        int width = 960;
        int row = 26;
        int top = 36;
        StringBuilder svg = new StringBuilder();
        int height = top + (latency.size() + rates.size()) * row + 2 * 34 + 20;
        svg.append(f("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Replay jobs\""
                + " style=\"font-family:system-ui,sans-serif;background:#fff\">%n", width, height));
        svg.append(f("<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>%n", width, height));
        svg.append("<title>Replay jobs: live ingest latency without and with a replay, and replay rates</title>\n");
        int y = panel(svg, "Live ingest latency, single-event (" + ((Map<String, Object>) ingest.get("alone")).get("rate") + ")",
                latency, 8, width, row);
        panel(svg, "Replay rates (events/s)", rates, y + 14, width, row);
        return svg.append("</svg>\n").toString();
    }

    private static Bar rate(String label, Map<String, Object> phase) {
        return new Bar(label, num(phase.get("eventsPerSecond")), RATE, f("%,.0f events/s", num(phase.get("eventsPerSecond"))));
    }

    private static int panel(StringBuilder svg, String title, List<Bar> bars, int y, int width, int row) {
        int labelWidth = 250;
        double space = width - labelWidth - 300;
        double max = bars.stream().mapToDouble(Bar::value).filter(Double::isFinite).max().orElse(1);
        svg.append(f("<text x=\"16\" y=\"%d\" font-size=\"15\" font-weight=\"600\">%s</text>%n", y + 20, escape(title)));
        y += 30;
        for (Bar bar : bars) {
            double w = max > 0 && Double.isFinite(bar.value()) ? Math.max(1, space * bar.value() / max) : 0;
            svg.append(f("<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">%s</text>", labelWidth - 8, y + 17,
                    escape(bar.label())));
            svg.append(f("<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>", labelWidth, y + 4, w, row - 8,
                    bar.color()));
            svg.append(f("<text x=\"%.1f\" y=\"%d\" font-size=\"12\">%s</text>%n", labelWidth + w + 8, y + 17, escape(bar.note())));
            y += row;
        }
        return y;
    }

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> r, String name) {
        Map<String, Object> machine = (Map<String, Object>) r.get("machine");
        Map<String, Object> settings = (Map<String, Object>) r.get("settings");
        Map<String, Object> load = (Map<String, Object>) r.get("load");
        Map<String, Object> topic = (Map<String, Object>) r.get("topicMax");
        Map<String, Object> rebuild = (Map<String, Object>) r.get("rebuild");
        Map<String, Object> fixed = (Map<String, Object>) r.get("fixedRate");
        Map<String, Object> ingest = (Map<String, Object>) r.get("ingest");
        Map<String, Object> alone = (Map<String, Object>) ingest.get("alone");
        Map<String, Object> with = (Map<String, Object>) ingest.get("withReplay");
        Map<String, Object> during = (Map<String, Object>) with.get("replay");
        StringBuilder md = new StringBuilder();
        md.append("# Replay jobs: throughput, CPU per event, rate accuracy, and live ingest beside a replay\n\n");
        md.append(f("On the development jar's embedded defaults (`bss.replay.workers` = 1, `page-size` = 500, `yield-backlog` ="
                        + " 20,000), %,d events of the catalog in %d tenants. A replay to a topic at max: **%,d events/s**;"
                        + " a rebuild of the read models: **%,d events/s**; at %,d/s a job achieved **%,.1f/s (%+.2f %%)**."
                        + " Live ingest p99 %.1f ms alone, **%.1f ms beside a replay at max (×%.2f)**, while the replay"
                        + " delivered %,d events/s and yielded to ingest in %.0f %% of the polls.%n%n",
                lng(load.get("events")), ((Map<String, Object>) load.get("eventsByTenant")).size(),
                lng(topic.get("eventsPerSecond")), lng(rebuild.get("eventsPerSecond")), lng(fixed.get("askedPerSecond")),
                num(fixed.get("achievedPerSecond")), num(fixed.get("deviationPercent")), p(alone, "p99"), p(with, "p99"),
                num(ingest.get("p99Ratio")), lng(during.get("eventsPerSecond")), num(during.get("yieldingPercent"))));
        md.append("![ingest latency without and with a replay; replay rates](").append(name).append(".svg)\n\n");

        md.append("## Replay throughput and CPU per event\n\n");
        md.append("Events/s = events delivered / (`finishedAt` − `startedAt`) of the jobs (the first start to the last"
                + " finish when several jobs ran one after the other); wall = from `POST /api/v1/replays` to the poll (every"
                + " 500 ms) that saw the last job completed. CPU: the platform's JVM (which also runs the embedded Kafka"
                + " broker, so a topic target's writes are in it) and PostgreSQL (postmaster and backends) over that wall time,"
                + " from /proc in clock ticks, divided by the events delivered.\n\n");
        md.append("| job | events | seconds | events/s | wall s | platform JVM CPU s | PostgreSQL CPU s | JVM µs/event |"
                + " PostgreSQL µs/event | total µs/event |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        phaseRow(md, "to topic `" + settings.get("topic") + "` at max, one job a tenant", topic);
        phaseRow(md, "rebuild of the read models", rebuild);
        phaseRow(md, f("to the topic at %,d/s, one tenant", lng(fixed.get("askedPerSecond"))), fixed);
        md.append("\nThe jobs one by one:\n\n");
        md.append("| phase | tenant | speed | delivered | refused | queued s | seconds | events/s |\n");
        md.append("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
        Map<String, Map<String, Object>> phases = new java.util.LinkedHashMap<>();
        phases.put("topic max", topic);
        phases.put("rebuild", rebuild);
        phases.put("fixed rate", fixed);
        for (var e : phases.entrySet()) {
            for (Map<String, Object> job : (List<Map<String, Object>>) e.getValue().get("jobs")) {
                md.append(f("| %s | %s | %s | %,d | %,d | %.2f | %.2f | %,d |%n", e.getKey(),
                        job.get("tenant") == null ? "every tenant" : job.get("tenant"), job.get("speed"), lng(job.get("delivered")),
                        lng(job.get("refused")), num(job.get("queuedSeconds")), num(job.get("seconds")),
                        lng(job.get("eventsPerSecond"))));
            }
        }
        md.append("\n");

        md.append("## Fixed rate accuracy\n\n");
        md.append(f("One job at `%,d/s` over %,d events: achieved %,.1f events/s = delivered / (`finishedAt` − `startedAt`),"
                        + " **%+.2f %%** from the asked rate (the job's time includes counting its selection before the first"
                        + " event).", lng(fixed.get("askedPerSecond")), lng(fixed.get("delivered")),
                num(fixed.get("achievedPerSecond")), num(fixed.get("deviationPercent"))));
        if (fixed.get("steadyPerSecond") != null) {
            md.append(f(" From the job's first checkpoint with events delivered (its first page; `updatedAt` as the poll saw it)"
                            + " to its finish (%.2f s): %,.1f events/s, **%+.2f %%**.", num(fixed.get("steadyWindowSeconds")),
                    num(fixed.get("steadyPerSecond")), num(fixed.get("steadyDeviationPercent"))));
        }
        md.append("\n\n");

        md.append("## Live ingest without and with a replay\n\n");
        md.append(f("The load generator, single-event (one event a request), steady at %s for %s after %s of warm-up, %d"
                        + " connections, 2 tenants of its own; latency from sending a request to its answer, over the measured"
                        + " time (without the warm-up)%s. Then the same load again while a replay job to the topic at max runs,"
                        + " created just before the load (%d job%s: another is created whenever one completes; the last is"
                        + " cancelled after the load). The replay's events/s = the growth of `progress.delivered` over the"
                        + " measured time, polled every 500 ms; yielding = polls with `progress.yielding` true (the store's"
                        + " backlog on `bss.events` above `bss.replay.yield-backlog`).%n%n",
                alone.get("rate"), alone.get("duration"), alone.get("warmup"), lng(settings.get("ingestConnections")),
                ingest.get("jitWarmup") instanceof Map<?, ?> jit ? f("; before both, %s of the same load to warm the platform's"
                        + " JIT up, not part of any figure (%,.0f/s achieved, p99 %.1f ms)", jit.get("duration"),
                        num(jit.get("achievedPerSecond")), num(jit.get("p99Ms"))) : "",
                lng(during.get("jobs")), lng(during.get("jobs")) == 1 ? "" : "s"));
        md.append("| run | requests | achieved/s | errors | p50 ms | p90 ms | p95 ms | p99 ms | p99.9 ms | max ms |"
                + " platform JVM cores | PostgreSQL cores |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        ingestRow(md, "ingest alone", alone);
        ingestRow(md, "ingest with a replay at max", with);
        md.append(f("%np99 with / without: **×%.2f**.%n%n", num(ingest.get("p99Ratio"))));
        md.append(f("The replay during the measured load (%.1f s): %,d events delivered, **%,d events/s** (%,d/s without"
                        + " load above), yielding in %d of %d polls (**%.1f %%**)%s; over the whole load, warm-up included:"
                        + " %,d events in %.1f s.%n", num(during.get("measuredSeconds")), lng(during.get("delivered")),
                lng(during.get("eventsPerSecond")), lng(topic.get("eventsPerSecond")), lng(during.get("yieldingPolls")),
                lng(during.get("polls")), num(during.get("yieldingPercent")),
                lng(during.get("pollsNotRunning")) > 0 ? f(", %d polls saw a job not running (completed, next created)",
                        lng(during.get("pollsNotRunning"))) : "",
                lng(during.get("deliveredWholeRun")), num(during.get("wholeRunSeconds"))));
        if (during.get("problems") != null) {
            md.append("\nProblems seen while polling: ").append(during.get("problems")).append("\n");
        }
        md.append("\n");

        md.append("## Data\n\n");
        md.append(f("%,d events (`BenchEvents`: %s) posted in batches of %d (`application/cloudevents-batch+json`) from %d"
                        + " threads in %.1f s (%,d events/s); all stored %.1f s after the first post (%,d events/s; %s).%n%n",
                lng(load.get("events")), load.get("eventsByType"), lng(load.get("batch")), lng(load.get("threads")),
                num(load.get("postSeconds")), lng(load.get("postedPerSecond")), num(load.get("storedAfterSeconds")),
                lng(load.get("storedPerSecond")), load.get("countedBy")));
        md.append("| tenant | events |\n| --- | ---: |\n");
        ((Map<String, Object>) load.get("eventsByTenant")).forEach((t, n) -> md.append(f("| %s | %,d |%n", t, lng(n))));
        md.append("\nBetween phases the benchmark waits for the platform and PostgreSQL to use less than a quarter of a core"
                + " over 2 s (the projection and the store caught up), at most 2 minutes.\n\n");

        md.append("## How it was run\n\n");
        md.append("```\n").append(r.get("command")).append("\n```\n\n");
        md.append(f("%s, on %s.%n%n", r.get("date"), "the development jar (embedded Kafka, PostgreSQL and Redis on the same machine)"));
        md.append("| machine | |\n| --- | --- |\n");
        md.append(f("| cores | %s |%n| CPU | %s |%n| JVM | %s |%n| platform JVM options | `%s` |%n| OS | %s |%n"
                        + "| load average (1, 5, 15 min) at start / end | %s / %s |%n", machine.get("cores"), machine.get("cpuModel"),
                machine.get("jvm"), machine.get("platformJvmArgs"), machine.get("os"), machine.get("loadAverageAtStart"),
                r.get("loadAverageAtEnd")));
        md.append("\nThe load generator, the benchmark and the platform share the machine; figures from a shared 2-core"
                + " machine are indicative.\n\nAll figures: `bench/results/").append(name).append(".json`.\n");
        return md.toString();
    }

    @SuppressWarnings("unchecked")
    private static void phaseRow(StringBuilder md, String label, Map<String, Object> phase) {
        Map<String, Object> cpu = (Map<String, Object>) phase.get("cpu");
        md.append(f("| %s | %,d | %.2f | %,d | %.2f | %s | %s | %s | %s | %s |%n", label, lng(phase.get("delivered")),
                num(phase.get("seconds")), lng(phase.get("eventsPerSecond")), num(phase.get("wallSecondsCreateToCompleted")),
                opt(cpu.get("platformJvmSeconds"), "%.2f"), opt(cpu.get("postgresSeconds"), "%.2f"),
                opt(cpu.get("platformJvmMicrosPerEvent"), "%.1f"), opt(cpu.get("postgresMicrosPerEvent"), "%.1f"),
                opt(cpu.get("totalMicrosPerEvent"), "%.1f")));
    }

    @SuppressWarnings("unchecked")
    private static void ingestRow(StringBuilder md, String label, Map<String, Object> run) {
        Map<String, Object> cpu = (Map<String, Object>) run.getOrDefault("cpu", Map.of());
        md.append(f("| %s | %,d | %,.0f | %,d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %s | %s |%n", label,
                lng(run.get("requests")), num(run.get("achievedPerSecond")), lng(run.get("errors")), p(run, "p50"), p(run, "p90"),
                p(run, "p95"), p(run, "p99"), p(run, "p99_9"), p(run, "max"), opt(cpu.get("platformJvmCores"), "%.2f"),
                opt(cpu.get("postgresCores"), "%.2f")));
    }

    @SuppressWarnings("unchecked")
    private static double p(Map<String, Object> run, String percentile) {
        return num(((Map<String, Object>) run.get("latencyMs")).get(percentile));
    }

    private static String opt(Object value, String format) {
        return value == null ? "–" : f(format, num(value));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
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
