package org.bss.bench.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bss.loadgen.report.SvgChart;
import tools.jackson.databind.json.JsonMapper;

/** The suite's results: a Markdown summary, an HTML page with one chart per scenario, and the figures as JSON. */
final class ChaosReport {

    private ChaosReport() {
    }

    static void write(Path dir, String base, List<ScenarioResult> results, String command, String machine, String setup)
            throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(base + ".md"), markdown(results, command, machine, setup, base));
        Files.writeString(dir.resolve(base + ".html"), html(results, command, machine, setup));
        Files.writeString(dir.resolve(base + ".json"), JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
                .writeValueAsString(results.stream().map(ChaosReport::figures).toList()));
    }

    static String markdown(List<ScenarioResult> results, String command, String machine, String setup, String base) {
        StringBuilder md = new StringBuilder("# Faults under load\n\n").append(setup).append("\n\n");
        long lost = results.stream().mapToLong(r -> r.missing() + r.duplicated()).sum();
        md.append(String.format(Locale.ROOT, "**%d scenarios; %s accepted events in all, %d missing, %d duplicated.**"
                        + " Charts: [%s.html](%s.html).%n%n", results.size(),
                String.format(Locale.ROOT, "%,d", results.stream().mapToLong(ScenarioResult::accepted).sum()),
                results.stream().mapToLong(ScenarioResult::missing).sum(),
                results.stream().mapToLong(ScenarioResult::duplicated).sum(), base, base));
        md.append("| scenario | fault | for | 2xx | 429 | 503 | other | no answer | p99 before / during / after (ms) | first 503 | recovered after"
                + " | accepted | stored | missing | duplicated | read models |\n");
        md.append("|---|---|--:|--:|--:|--:|--:|--:|---|--:|--:|--:|--:|--:|--:|---|\n");
        for (ScenarioResult r : results) {
            long other = r.statusCounts().values().stream().mapToLong(Long::longValue).sum()
                    - r.count(200, 299) - r.count(429) - r.count(503) - r.count(0);
            md.append(String.format(Locale.ROOT,
                    "| %s | %s | %d s | %,d | %,d | %,d | %,d | %,d | %,.0f / %,.0f / %,.0f | %s | %s | %,d | %,d | %,d | %,d | %s |%n",
                    r.scenario().name(), r.scenario().what(), r.scenario().faultFor().toSeconds(), r.count(200, 299), r.count(429), r.count(503), other,
                    r.count(0), r.p99BeforeMs(), r.p99DuringMs(), r.p99AfterMs(),
                    r.first503Seconds() < 0 ? "none" : String.format(Locale.ROOT, "%.0f s", r.first503Seconds()),
                    r.recoverySeconds() < 0 ? "not within the run" : String.format(Locale.ROOT, "%.0f s", r.recoverySeconds()),
                    r.accepted(), r.stored(), r.missing(), r.duplicated(), r.readModels()));
        }
        md.append(lost == 0 ? "\nEvery event answered 202 (or accepted within a 207) is stored exactly once.\n"
                : "\n**Events were lost or duplicated: see the scenarios above.**\n");
        md.append("""

                How to read it: *no answer* counts requests that got none (a refused or reset connection, or the
                client's 10 s timeout); such an event may still have been stored (counted as stored but never
                acknowledged, not as loss), and a client resends it with the same id. *p99 during* is the worst
                1-second p99 from the fault's start until recovery; *before* and *after* are the median 1-second p99s
                of the steady run and of the last third after the fault. *Recovered after*: seconds from the fault's
                end (the restart, resume or heal issued; a restart's own time counts) until 5 seconds in a row accepted 90 % of the target rate with p99 under three times the steady
                one (or 100 ms). *Read models*: the live projection's checksums of the scenario's tenants compared with
                those of a rebuild from the store after the run.
                """);
        md.append(cpu(results));
        md.append("\nCommand: `").append(command).append("`\n\nMachine: ").append(machine).append('\n');
        return md.toString();
    }

    static String html(List<ScenarioResult> results, String command, String machine, String setup) {
        StringBuilder body = new StringBuilder("<h1>Faults under load</h1><p>").append(escape(setup)).append("</p>");
        for (ScenarioResult r : results) {
            double end = r.seconds().isEmpty() ? 1 : r.seconds().get(r.seconds().size() - 1)[0] + 1;
            double[] xs = r.seconds().stream().mapToDouble(s -> s[0]).toArray();
            double maxRate = r.seconds().stream().mapToDouble(s -> Math.max(s[1], s[2])).max().orElse(1);
            double maxP99 = r.seconds().stream().mapToDouble(s -> s[3]).max().orElse(1);
            List<SvgChart.Shade> fault = List.of(new SvgChart.Shade(r.faultFrom(), r.faultTo(), "#d62728", "fault"));
            SvgChart.Axis x = SvgChart.Axis.linear("seconds", end);
            body.append("<h2>").append(escape(r.scenario().name())).append("</h2><p>")
                    .append(escape(r.scenario().what())).append(String.format(Locale.ROOT,
                            ". Accepted %,d, stored %,d, missing %,d, duplicated %,d; read models: %s.</p>", r.accepted(),
                            r.stored(), r.missing(), r.duplicated(), escape(r.readModels())));
            body.append(SvgChart.standalone(SvgChart.lineChart(r.scenario().name() + ": events accepted per second", x,
                    SvgChart.Axis.linear("events/s", maxRate * 1.1), List.of(
                            new SvgChart.Series("accepted/s", "#1f77b4", false, xs,
                                    r.seconds().stream().mapToDouble(s -> s[1]).toArray()),
                            new SvgChart.Series("target/s", "#7f7f7f", true, xs,
                                    r.seconds().stream().mapToDouble(s -> s[2]).toArray()),
                            new SvgChart.Series("503/s", "#d62728", false, xs,
                                    r.seconds().stream().mapToDouble(s -> s[4]).toArray())), fault)));
            body.append(SvgChart.standalone(SvgChart.lineChart(r.scenario().name() + ": p99 latency of each second", x,
                    SvgChart.Axis.log("ms", 1, Math.max(10, maxP99 * 1.5)), List.of(
                            new SvgChart.Series("p99", "#ff7f0e", false, xs,
                                    r.seconds().stream().mapToDouble(s -> Math.max(1, s[3])).toArray())), fault)));
        }
        body.append("<p>Command: <code>").append(escape(command)).append("</code></p><p>Machine: ")
                .append(escape(machine)).append("</p>");
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Faults under load</title>"
                + "<style>body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto}svg{max-width:100%}</style>"
                + "</head><body>" + body + "</body></html>\n";
    }

    /** The CPU table: per event accepted in each scenario's steady window, by part, and the median over the scenarios. */
    static String cpu(List<ScenarioResult> results) {
        List<Map<String, Double>> rows = results.stream().map(ScenarioResult::cpuMicrosPerEvent).toList();
        List<String> parts = rows.stream().flatMap(row -> row.keySet().stream()).distinct().toList();
        if (parts.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("""

                ## CPU per event in the steady phase

                Microseconds of CPU per accepted event, from /proc/PID/stat of each process, over each scenario's
                steady window (from a quarter into the time before the fault until the fault). *Load generator and
                gates*: this JVM, which also carries the platform's traffic to Kafka and PostgreSQL through the gates.
                PostgreSQL counts its backends.

                """);
        md.append("| scenario | ").append(String.join(" | ", parts)).append(" |\n|---|")
                .append("--:|".repeat(parts.size())).append('\n');
        for (int i = 0; i < results.size(); i++) {
            Map<String, Double> row = rows.get(i);
            md.append("| ").append(results.get(i).scenario().name());
            parts.forEach(part -> md.append(row.containsKey(part)
                    ? String.format(Locale.ROOT, " | %.0f", row.get(part)) : " | no events in the window"));
            md.append(" |\n");
        }
        md.append("| **median**");
        for (String part : parts) {
            double[] values = rows.stream().filter(row -> row.containsKey(part)).mapToDouble(row -> row.get(part)).toArray();
            md.append(String.format(Locale.ROOT, " | **%.0f**", ScenarioResult.median(values)));
        }
        return md.append(" |\n").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static Map<String, Object> figures(ScenarioResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", r.scenario().name());
        m.put("group", r.scenario().group());
        m.put("fault", r.scenario().what());
        m.put("faultFromSeconds", r.faultFrom());
        m.put("faultToSeconds", r.faultTo());
        Map<String, Long> statuses = new LinkedHashMap<>();
        r.statusCounts().forEach((status, count) -> statuses.put(String.valueOf(status), count));
        m.put("statusCounts", statuses);
        m.put("p99BeforeMs", r.p99BeforeMs());
        m.put("p99DuringMs", r.p99DuringMs());
        m.put("p99AfterMs", r.p99AfterMs());
        m.put("first503Seconds", r.first503Seconds());
        m.put("recoverySeconds", r.recoverySeconds());
        m.put("accepted", r.accepted());
        m.put("stored", r.stored());
        m.put("missing", r.missing());
        m.put("duplicated", r.duplicated());
        m.put("storedButNeverAcknowledged", r.unacknowledged());
        m.put("readModels", r.readModels());
        m.put("cpuMicrosPerEvent", r.cpuMicrosPerEvent());
        List<List<Double>> seconds = new ArrayList<>();
        r.seconds().forEach(s -> seconds.add(java.util.Arrays.stream(s).boxed().toList()));
        m.put("seconds", seconds);
        return m;
    }
}
