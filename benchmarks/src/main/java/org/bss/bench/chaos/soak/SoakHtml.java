package org.bss.bench.chaos.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.bss.loadgen.report.SvgChart;
import org.bss.loadgen.report.SvgChart.Axis;
import org.bss.loadgen.report.SvgChart.Series;

/** The soak's HTML report: the judgement, then each figure over time (the load generator's SVG charts), inline. */
final class SoakHtml {

    private static final String[] PALETTE = {"#1565c0", "#ef6c00", "#2e7d32", "#6a1b9a", "#c62828", "#00838f", "#5d4037",
        "#ad1457", "#9e9d24", "#455a64"};
    private static final String MARKER = "#8e8e8e";
    private static final String STYLE = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:0 auto;\
            max-width:1040px;padding:16px 24px 48px;background:#fafafa}
            h1{font-size:22px;margin:8px 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
            .verdict{display:inline-block;padding:2px 10px;border-radius:4px;font-weight:600;color:#fff;margin-left:10px;font-size:14px}
            .pass{background:#2e7d32}.fail{background:#c62828}
            svg.chart{width:100%;height:auto;background:#fff;border:1px solid #ddd;border-radius:6px;margin:6px 0}
            table{border-collapse:collapse;background:#fff;margin:6px 0}
            th,td{border:1px solid #ddd;padding:3px 10px;text-align:left;vertical-align:top}
            th{background:#f0f0f0;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
            """;

    private SoakHtml() {
    }

    static String render(SoakReport.Inputs in) {
        List<SoakSample> samples = in.run().samples();
        String title = "Soak: " + SoakRules.clock(in.run().plannedSeconds()) + " under load";
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(escape(title))
                .append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        html.append("<h1>").append(escape(title)).append("<span class=\"verdict ").append(in.pass() ? "pass\">PASS" : "fail\">FAIL")
                .append("</span></h1>\n");
        String sustained = SoakMarkdown.sustained(in.load());
        if (sustained != null) {
            html.append("<p>").append(escape(sustained.replace("**", ""))).append("</p>\n");
        }
        html.append("<p>").append(samples.size()).append(" samples; judged from ").append(SoakRules.clock(in.verdict().fromSeconds()))
                .append(" to ").append(SoakRules.clock(in.verdict().toSeconds())).append(". Command: <code>")
                .append(escape(in.command())).append("</code></p>\n");

        html.append("<h2>Judgement</h2>\n<table>\n<tr><th>check</th><th>verdict</th><th>figures</th></tr>\n");
        for (SoakJudgement.Check c : in.checks()) {
            html.append("<tr><td>").append(escape(c.subject())).append("</td><td><span class=\"verdict ")
                    .append(c.pass() ? "pass\">PASS" : "fail\">FAIL").append("</span></td><td>").append(escape(c.figures()))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n<h2>The rule</h2>\n<ul>\n");
        in.rules().statements().forEach(s -> html.append("<li>").append(escape(s)).append("</li>\n"));
        html.append("</ul>\n");

        if (!samples.isEmpty()) {
            SoakSample first = samples.getFirst();
            double warmup = in.rules().warmupSeconds() / 60;
            double end = samples.stream().filter(SoakSample::underLoad).mapToDouble(SoakSample::minutes).max()
                    .orElse(in.run().plannedSeconds() / 60);
            html.append("<h2>Heap after GC</h2>\n").append(chart(samples, "Heap after GC (MB)", "MB", warmup, end, List.of(
                    line("heap after a forced full GC", PALETTE[0], false, s -> bytes(s.heapAfterGcBytes())),
                    line("jvm.gc.live.data.size meter", PALETTE[1], true, s -> bytes(s.gcLiveDataBytes())))));
            html.append("<h2>Resident memory</h2>\n").append(chart(samples, "Resident memory of the platform's JVM (MB)", "MB", warmup,
                    end, List.of(line("VmRSS", PALETTE[0], false, s -> bytes(s.rssBytes())),
                            line("RssAnon", PALETTE[2], true, s -> bytes(s.rssAnonBytes())))));
            html.append("<h2>Threads, descriptors, connections</h2>\n").append(chart(samples, "Threads, fds, connections",
                    "count", warmup, end, List.of(line("threads", PALETTE[0], false, s -> known(s.threads())),
                            line("open fds", PALETTE[1], false, s -> known(s.openFds())),
                            line("TCP sockets", PALETTE[2], false, s -> known(s.tcpSockets())),
                            line("pg connections", PALETTE[3], false, s -> known(s.pgConnections())))));
            html.append("<h2>Kafka lag</h2>\n").append(chart(samples, "Kafka lag by group (records)", "records", warmup, end,
                    lagLines(samples)));
            html.append("<h2>PostgreSQL size</h2>\n").append(chart(samples, "PostgreSQL: public schema (MB)", "MB", warmup, end, List.of(
                    line("tables + indexes + TOAST", PALETTE[0], false, s -> bytes(s.pgTotalBytes())),
                    line("indexes", PALETTE[1], true, s -> bytes(s.pgIndexBytes())))));
            double reference = in.rules().referenceSeconds() / 60;
            html.append(chart(samples, "PostgreSQL bytes per stored event", "bytes/event", warmup, end,
                    List.of(line("bytes per event", PALETTE[0], false, s -> SoakJudgement.bytesPerEvent(first, s)),
                            new Line("reference", PALETTE[2], true, null, new double[] {reference, reference}))));
            html.append("<h2>CPU per event</h2>\n").append(chart(samples, "CPU per event stored since the sample before (µs)",
                    "µs/event", warmup, end, List.of(wholeLine("platform", PALETTE[0], false, cpuPerEvent(SoakSample.PLATFORM)),
                            wholeLine("PostgreSQL", PALETTE[1], false, cpuPerEvent(SoakSample.POSTGRESQL)))));
            samplesTable(html, samples, first);
        }
        html.append("<h2>Machine</h2>\n<p>").append(escape(SoakMarkdown.machine(in.machine()))).append("</p>\n");
        return html.append("</body>\n</html>\n").toString();
    }

    /** A process' CPU per event between each sample and the one before it (NaN for the first). */
    static Function<List<SoakSample>, double[]> cpuPerEvent(String process) {
        return samples -> {
            double[] perEvent = new double[samples.size()];
            for (int i = 0; i < perEvent.length; i++) {
                perEvent[i] = i == 0 ? Double.NaN : samples.get(i).cpuMicrosPerEvent(samples.get(i - 1), process);
            }
            return perEvent;
        };
    }

    /**
     * A figure of each sample (NaN where unknown), computed over the whole series at once, or a vertical at the given
     * minutes when it has none.
     */
    private record Line(String name, String color, boolean dashed, Function<List<SoakSample>, double[]> values,
            double[] vertical) {
    }

    private static Line line(String name, String color, boolean dashed, ToDoubleFunction<SoakSample> value) {
        return wholeLine(name, color, dashed, samples -> samples.stream().mapToDouble(value).toArray());
    }

    private static Line wholeLine(String name, String color, boolean dashed, Function<List<SoakSample>, double[]> values) {
        return new Line(name, color, dashed, values, null);
    }

    /** A line a group that ever lagged (the legend has room for a few); "bss-" left out of the names. */
    private static List<Line> lagLines(List<SoakSample> samples) {
        TreeSet<String> groups = new TreeSet<>();
        samples.forEach(s -> s.lagByGroup().forEach((group, lag) -> {
            if (lag > 0) {
                groups.add(group);
            }
        }));
        List<Line> lines = new ArrayList<>();
        int i = 0;
        for (String group : groups) {
            lines.add(line(group.replaceFirst("^bss-", ""), PALETTE[i++ % PALETTE.length], false, s -> s.lagByGroup().containsKey(group)
                    ? s.lagByGroup().get(group) : Double.NaN));
        }
        return lines;
    }

    /** The lines over minutes since the start, with the end of the warm-up and the last sample under load as dashed verticals. */
    static String chart(List<SoakSample> samples, String title, String unit, double warmupMinutes, double loadEndMinutes,
            List<Line> lines) {
        double[] xs = samples.stream().mapToDouble(SoakSample::minutes).toArray();
        double top = 0;
        List<double[]> ys = new ArrayList<>();
        for (Line line : lines) {
            if (line.values() == null) {
                ys.add(null);
                continue;
            }
            double[] y = line.values().apply(samples);
            for (double v : y) {
                top = Double.isNaN(v) ? top : Math.max(top, v);
            }
            ys.add(y);
        }
        Axis x = Axis.linear("minutes", Math.max(xs[xs.length - 1], loadEndMinutes));
        Axis y = Axis.linear(unit, top);
        List<Series> series = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            series.add(line.values() == null
                    ? new Series(line.name(), line.color(), line.dashed(), line.vertical(), new double[] {0, y.max()})
                    : new Series(line.name(), line.color(), line.dashed(), xs, ys.get(i)));
        }
        series.add(new Series("warm-up", MARKER, true, new double[] {warmupMinutes, warmupMinutes}, new double[] {0, y.max()}));
        series.add(new Series("load end", "#bdbdbd", true, new double[] {loadEndMinutes, loadEndMinutes}, new double[] {0, y.max()}));
        return SvgChart.standalone(SvgChart.lineChart(title, x, y, series));
    }

    private static void samplesTable(StringBuilder html, List<SoakSample> samples, SoakSample first) {
        html.append("<h2>Every sample</h2>\n<table>\n<tr>");
        for (String column : List.of("time", "phase", "heap after GC MB", "its GC pause ms", "RSS MB", "threads", "fds", "TCP sockets",
                "established", "PostgreSQL connections", "largest lag (group)", "events stored", "PostgreSQL MB", "bytes/event")) {
            html.append("<th>").append(escape(column)).append("</th>");
        }
        html.append("</tr>\n");
        for (SoakSample s : samples) {
            html.append("<tr><td>").append(SoakRules.clock(s.elapsedSeconds())).append("</td><td>").append(escape(s.phase())).append("</td>");
            for (String cell : List.of(SoakMarkdown.mb(s.heapAfterGcBytes()), SoakMarkdown.count(s.gcPauseMillis()),
                    SoakMarkdown.mb(s.rssBytes()), SoakMarkdown.count(s.threads()), SoakMarkdown.count(s.openFds()),
                    SoakMarkdown.count(s.tcpSockets()), SoakMarkdown.count(s.tcpEstablished()), SoakMarkdown.count(s.pgConnections()),
                    SoakMarkdown.lag(s), SoakMarkdown.count(s.eventsStored()), SoakMarkdown.mb(s.pgTotalBytes()),
                    SoakMarkdown.perEvent(first, s))) {
                html.append("<td class=\"num\">").append(escape(cell)).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private static double bytes(long value) {
        return value < 0 ? Double.NaN : value / SoakJudgement.MB;
    }

    private static double known(long value) {
        return value < 0 ? Double.NaN : value;
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
