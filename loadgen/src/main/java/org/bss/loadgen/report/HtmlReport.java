package org.bss.loadgen.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.stream.DoubleStream;
import org.bss.loadgen.report.SvgChart.Axis;
import org.bss.loadgen.report.SvgChart.Bar;
import org.bss.loadgen.report.SvgChart.Series;
import org.bss.loadgen.report.SvgChart.Tick;

/** The HTML rendering of a {@link RunReport}: one page with inline CSS and SVG, nothing fetched from anywhere. */
final class HtmlReport {

    static final String TARGET = "#8e8e8e";
    static final String ACHIEVED = "#1565c0";
    static final String P50 = "#2e7d32";
    static final String P90 = "#1565c0";
    static final String P99 = "#ef6c00";
    static final String MAX = "#c62828";
    static final String READ_P99 = "#6a1b9a";

    private static final String STYLE = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:0 auto;\
            max-width:1040px;padding:16px 24px 48px;background:#fafafa}
            h1{font-size:22px;margin:8px 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;\
            padding-bottom:4px}
            .verdict{display:inline-block;padding:2px 10px;border-radius:4px;font-weight:600;color:#fff;\
            vertical-align:middle;margin-left:10px;font-size:14px}
            .pass{background:#2e7d32}.fail{background:#c62828}.none{background:#757575}
            .cards{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0}
            .card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:8px 14px;min-width:120px}
            .card b{display:block;font-size:20px}.card span{color:#666;font-size:12px}
            svg.chart{width:100%;height:auto;background:#fff;border:1px solid #ddd;border-radius:6px;margin:6px 0}
            table{border-collapse:collapse;background:#fff;margin:6px 0}
            th,td{border:1px solid #ddd;padding:3px 10px;text-align:left;vertical-align:top}
            th{background:#f0f0f0;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
            .pair{display:flex;flex-wrap:wrap;gap:24px}.pair>div{flex:1;min-width:320px}
            ul.failures li{color:#c62828}
            details{margin-top:24px}summary{cursor:pointer;font-weight:600}
            """;

    private HtmlReport() {
    }

    static String render(RunReport report) {
        Totals totals = report.totals();
        String verdict = Summary.verdict(report);
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.escape(report.title())).append("</title>\n")
                .append("<style>\n").append(STYLE).append(SvgChart.STYLE).append("</style>\n</head>\n<body>\n");
        html.append("<h1>").append(Html.escape(report.title()))
                .append("<span class=\"verdict ").append(verdictClass(verdict)).append("\">")
                .append(Html.escape(verdict)).append("</span></h1>\n");
        cards(html, totals, report.deliveries());

        html.append("<h2>Throughput</h2>\n").append(throughputChart(totals.intervals()));
        html.append("<h2>Latency over time</h2>\n").append(latencyChart(totals.intervals()));
        html.append("<h2>Latency by percentile</h2>\n").append(distributionChart(totals));
        html.append("<h2>Status codes</h2>\n").append(statusChart(totals));

        html.append("<h2>Thresholds: ").append(Html.escape(verdict)).append("</h2>\n");
        if (report.thresholdFailures() == null) {
            html.append("<p>No thresholds were set.</p>\n");
        } else if (report.thresholdFailures().isEmpty()) {
            html.append("<p>Every threshold was met.</p>\n");
        } else {
            html.append("<ul class=\"failures\">\n");
            report.thresholdFailures().forEach(f -> html.append("<li>").append(Html.escape(f)).append("</li>\n"));
            html.append("</ul>\n");
        }
        if (report.verification() != null) {
            html.append("<h2>Verification</h2>\n").append(keyValueTable(report.verification()));
        }
        if (report.deliveries() != null) {
            stream(html, report.deliveries());
        }
        html.append("<h2>Results</h2>\n").append(keyValueTable(Summary.results(totals)));
        html.append("<p>Latency in ms, from each request's due time to its response:</p>\n")
                .append(table(Summary.LATENCY_COLUMNS, List.of(Summary.latencyRow(totals))));
        html.append(table(List.of("status", "responses", "share"), Summary.statusRows(totals)));
        if (!totals.reads().isEmpty()) {
            html.append("<h2>").append(Html.escape(Summary.READS_HEADING)).append("</h2>\n")
                    .append(keyValueTable(Summary.readResults(totals)))
                    .append("<p>Read latency in ms, from each read's due time to its answer:</p>\n")
                    .append(table(Summary.READ_LATENCY_COLUMNS, List.of(Summary.readLatencyRow(totals.reads()))));
        }
        html.append("<div class=\"pair\">\n<div>\n<h2>Settings</h2>\n").append(keyValueTable(report.settings()))
                .append("</div>\n<div>\n<h2>Machine</h2>\n").append(keyValueTable(report.machine()))
                .append("</div>\n</div>\n");
        for (Section section : report.sections()) {
            html.append("<h2>").append(Html.escape(section.title())).append("</h2>\n")
                    .append(table(section.columns(), section.rows()));
        }
        html.append("<details>\n<summary>Every interval (").append(totals.intervals().size())
                .append(")</summary>\n").append(intervalTable(totals.intervals())).append("</details>\n");
        return html.append("</body>\n</html>\n").toString();
    }

    private static String verdictClass(String verdict) {
        return switch (verdict) {
            case "PASS" -> "pass";
            case "FAIL" -> "fail";
            default -> "none";
        };
    }

    private static void cards(StringBuilder html, Totals totals, Deliveries deliveries) {
        html.append("<div class=\"cards\">\n");
        card(html, Fmt.integer(Math.round(totals.achievedPerSecond())) + "/s", "events accepted per second");
        card(html, Fmt.integer(Math.round(totals.meanTargetPerSecond())) + "/s", "target");
        Pace pace = totals.pace();
        if (pace.known() && pace.eventsAsked() > 0) {
            card(html, Fmt.percent(pace.share()), "of the " + Fmt.integer(Math.round(pace.askedPerSecond()))
                    + " events/s asked kept");
        }
        card(html, Fmt.ms(totals.p50Ms()) + " ms", "p50 latency");
        card(html, Fmt.ms(totals.p99Ms()) + " ms", "p99 latency");
        card(html, Fmt.ms(totals.maxMs()) + " ms", "max latency");
        card(html, Fmt.percent(totals.errorRate()), "requests not 2xx");
        card(html, Fmt.integer(totals.eventsAccepted()), "events accepted of " + Fmt.integer(totals.eventsSent()));
        if (!totals.reads().isEmpty()) {
            card(html, Fmt.integer(Math.round(totals.readsPerSecond())) + "/s", "reads answered per second");
            card(html, Fmt.ms(totals.reads().p99Ms()) + " ms", "read p99 latency");
            card(html, Fmt.integer(totals.reads().notYet()) + " / " + Fmt.integer(totals.reads().failed()),
                    "reads not yet (404) / failed");
        }
        if (deliveries != null) {
            Deliveries.Subscriber all = deliveries.total();
            card(html, Fmt.ms(deliveries.latency().p99Ms()) + " ms", "delivery p99 latency");
            card(html, Fmt.integer(all.missed()) + " / " + Fmt.integer(all.duplicates()) + " / "
                    + Fmt.integer(all.unexpected()), "missed / duplicates / unexpected at subscribers");
        }
        html.append("</div>\n");
    }

    /** The stream subscribers: totals, latency, the worst subscribers, and every one folded away when many. */
    private static void stream(StringBuilder html, Deliveries deliveries) {
        html.append("<h2>").append(Html.escape(Summary.STREAM_HEADING)).append("</h2>\n")
                .append(keyValueTable(Summary.streamResults(deliveries)))
                .append("<p>").append(Html.escape(Summary.DELIVERY_LATENCY_HEADING)).append(":</p>\n")
                .append(table(Summary.DELIVERY_LATENCY_COLUMNS, List.of(Summary.deliveryLatencyRow(deliveries))));
        int count = deliveries.subscribers().size();
        html.append("<p>").append(Html.escape(Summary.subscribersHeading(deliveries, Summary.SUBSCRIBERS_SHOWN,
                "under the table"))).append(":</p>\n")
                .append(table(Summary.SUBSCRIBER_COLUMNS, Summary.subscriberRows(
                        Summary.shownSubscribers(deliveries, Summary.SUBSCRIBERS_SHOWN))));
        if (count > Summary.SUBSCRIBERS_SHOWN) {
            html.append("<details>\n<summary>Every subscriber (").append(Fmt.integer(count)).append(")</summary>\n")
                    .append(table(Summary.SUBSCRIBER_COLUMNS, Summary.subscriberRows(deliveries.subscribers())))
                    .append("</details>\n");
        }
        samples(html, "Missed, for instance", deliveries.missedSamples());
        samples(html, "Unexpected, for instance", deliveries.unexpectedSamples());
    }

    private static void samples(StringBuilder html, String heading, List<String> samples) {
        if (!samples.isEmpty()) {
            html.append("<p>").append(Html.escape(heading)).append(":</p>\n<ul class=\"failures\">\n");
            samples.forEach(s -> html.append("<li>").append(Html.escape(s)).append("</li>\n"));
            html.append("</ul>\n");
        }
    }

    private static void card(StringBuilder html, String value, String caption) {
        html.append("<div class=\"card\"><b>").append(Html.escape(value)).append("</b><span>")
                .append(Html.escape(caption)).append("</span></div>\n");
    }

    static String throughputChart(List<Interval> intervals) {
        double[] xs = intervals.stream().mapToDouble(Interval::endSeconds).toArray();
        double[] target = intervals.stream().mapToDouble(Interval::targetPerSecond).toArray();
        double[] achieved = intervals.stream().mapToDouble(Interval::achievedPerSecond).toArray();
        double max = Math.max(max(target), max(achieved));
        return SvgChart.lineChart("Events per second: target vs achieved (accepted)",
                timeAxis(intervals), Axis.linear("events/s", max),
                List.of(new Series("target", TARGET, true, xs, target),
                        new Series("achieved", ACHIEVED, false, xs, achieved)));
    }

    /** The writes' latencies per second, and the reads' p99 as a dashed line when there were reads. */
    static String latencyChart(List<Interval> intervals) {
        List<Interval> answered = intervals.stream().filter(i -> i.responses() > 0).toList();
        List<Interval> read = intervals.stream().filter(i -> i.reads().answered() > 0).toList();
        double[] readP99s = read.stream().mapToDouble(i -> i.reads().p99Ms()).toArray();
        double min = DoubleStream.concat(answered.stream().mapToDouble(Interval::p50Ms), Arrays.stream(readP99s))
                .filter(v -> v > 0).min().orElse(1);
        double max = DoubleStream.concat(answered.stream().mapToDouble(Interval::maxMs), Arrays.stream(readP99s))
                .max().orElse(1);
        Predicate<Interval> written = i -> i.responses() > 0;
        List<Series> series = new ArrayList<>(List.of(
                latencySeries("p50", P50, false, intervals, written, Interval::p50Ms),
                latencySeries("p90", P90, false, intervals, written, Interval::p90Ms),
                latencySeries("p99", P99, false, intervals, written, Interval::p99Ms),
                latencySeries("max", MAX, false, intervals, written, Interval::maxMs)));
        if (!read.isEmpty()) {
            series.add(latencySeries("reads p99", READ_P99, true, intervals, i -> i.reads().answered() > 0,
                    i -> i.reads().p99Ms()));
        }
        return SvgChart.lineChart(read.isEmpty() ? "Latency per second (ms, log scale)"
                        : "Latency per second (ms, log scale): writes, and the reads' p99",
                timeAxis(intervals), Axis.log("ms", min, max), series);
    }

    private static Series latencySeries(String name, String color, boolean dashed, List<Interval> intervals,
            Predicate<Interval> answered, ToDoubleFunction<Interval> value) {
        double[] xs = intervals.stream().mapToDouble(Interval::endSeconds).toArray();
        double[] ys = intervals.stream().mapToDouble(i -> answered.test(i) ? value.applyAsDouble(i) : Double.NaN)
                .toArray();
        return new Series(name, color, dashed, xs, ys);
    }

    /**
     * Latency against percentile, the percentile axis stretched towards the tail: x = log10(100 / (100 - p)), so
     * 90% sits at 1, 99% at 2, 99.9% at 3.
     */
    static String distributionChart(Totals totals) {
        List<Totals.PercentileValue> points = totals.latencyDistribution().stream()
                .filter(p -> p.percentile() < 100)
                .toList();
        double[] xs = points.stream().mapToDouble(p -> Math.log10(100 / (100 - p.percentile()))).toArray();
        double[] ys = points.stream().mapToDouble(Totals.PercentileValue::ms).toArray();
        int decades = Math.max(2, (int) Math.ceil(max(xs)));
        List<Tick> ticks = new ArrayList<>();
        String[] labels = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%", "99.9999%"};
        for (int d = 0; d <= decades && d < labels.length; d++) {
            ticks.add(new Tick(d, labels[d]));
        }
        double min = points.stream().mapToDouble(Totals.PercentileValue::ms).filter(v -> v > 0).min().orElse(1);
        return SvgChart.lineChart("Latency by percentile (ms, log scale; max " + Fmt.ms(totals.maxMs()) + " ms)",
                new Axis("percentile", 0, decades, false, ticks), Axis.log("ms", min, Math.max(max(ys), min)),
                List.of(new Series("all responses", P99, false, xs, ys)));
    }

    static String statusChart(Totals totals) {
        List<Bar> bars = new ArrayList<>();
        totals.statusCounts().forEach((status, count) -> bars.add(new Bar(Fmt.status(status), count,
                statusColor(status),
                Fmt.integer(count) + "  (" + Fmt.percent(Summary.share(count, totals.responses())) + ")")));
        return SvgChart.barChart("Responses by status", bars);
    }

    private static String statusColor(int status) {
        if (status >= 200 && status < 300) {
            return "#2e7d32";
        }
        if (status >= 400 && status < 500) {
            return "#ef6c00";
        }
        if (status >= 500) {
            return "#c62828";
        }
        return "#616161";
    }

    private static Axis timeAxis(List<Interval> intervals) {
        double end = intervals.isEmpty() ? 1 : intervals.get(intervals.size() - 1).endSeconds();
        return Axis.linear("seconds since start", end);
    }

    private static double max(double[] values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    static String keyValueTable(Map<String, ?> map) {
        StringBuilder html = new StringBuilder("<table>\n");
        map.forEach((key, value) -> html.append("<tr><th>").append(Html.escape(key)).append("</th>")
                .append(cell(value)).append("</tr>\n"));
        return html.append("</table>\n").toString();
    }

    static String table(List<String> columns, List<List<Object>> rows) {
        StringBuilder html = new StringBuilder("<table>\n<tr>");
        columns.forEach(c -> html.append("<th>").append(Html.escape(c)).append("</th>"));
        html.append("</tr>\n");
        for (List<Object> row : rows) {
            html.append("<tr>");
            row.forEach(value -> html.append(cell(value)));
            html.append("</tr>\n");
        }
        return html.append("</table>\n").toString();
    }

    private static String cell(Object value) {
        String text = Html.escape(Fmt.value(value));
        return value instanceof Number ? "<td class=\"num\">" + text + "</td>" : "<td>" + text + "</td>";
    }

    /** A row an interval; the reads' columns only when the run had reads. */
    private static String intervalTable(List<Interval> intervals) {
        boolean withReads = intervals.stream().anyMatch(i -> !i.reads().isEmpty());
        List<String> columns = new ArrayList<>(List.of("end s", "target/s", "achieved/s", "requests", "events sent",
                "responses", "accepted", "errors", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms"));
        if (withReads) {
            columns.addAll(List.of("reads", "read ok", "read 404", "read failed", "read p99 ms"));
        }
        List<List<Object>> rows = new ArrayList<>();
        for (Interval i : intervals) {
            List<Object> row = new ArrayList<>(List.of(Summary.round(i.endSeconds(), 3),
                    Math.round(i.targetPerSecond()), Math.round(i.achievedPerSecond()), i.requestsSent(),
                    i.eventsSent(), i.responses(), i.eventsAccepted(), i.errors(), i.p50Ms(), i.p90Ms(), i.p99Ms(),
                    i.p999Ms(), i.maxMs()));
            if (withReads) {
                Reads r = i.reads();
                row.addAll(List.of(r.sent(), r.ok(), r.notYet(), r.failed(), r.p99Ms()));
            }
            rows.add(row);
        }
        return table(columns, rows);
    }
}
