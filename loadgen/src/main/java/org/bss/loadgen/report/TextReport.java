package org.bss.loadgen.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The plain-text rendering of a {@link RunReport}. */
final class TextReport {

    private TextReport() {
    }

    static String render(RunReport report) {
        StringBuilder out = new StringBuilder();
        out.append(report.title()).append('\n').append("=".repeat(report.title().length())).append("\n\n");
        block(out, "Settings", keyValues(report.settings()));
        block(out, "Machine", keyValues(report.machine()));
        Totals totals = report.totals();
        block(out, "Results", keyValues(Summary.results(totals)));
        block(out, "Latency (ms, from each request's due time to its response)",
                table(Summary.LATENCY_COLUMNS, List.of(Summary.latencyRow(totals))));
        block(out, "Status counts", table(List.of("status", "responses", "share"), Summary.statusRows(totals)));
        if (!totals.reads().isEmpty()) {
            block(out, Summary.READS_HEADING, keyValues(Summary.readResults(totals)));
            block(out, "Read latency (ms, from each read's due time to its answer)",
                    table(Summary.READ_LATENCY_COLUMNS, List.of(Summary.readLatencyRow(totals.reads()))));
        }
        if (report.deliveries() != null) {
            stream(out, report.deliveries());
        }
        if (report.verification() != null) {
            block(out, "Verification", keyValues(report.verification()));
        }
        block(out, "Thresholds: " + Summary.verdict(report), thresholdLines(report));
        for (Section section : report.sections()) {
            block(out, section.title(), table(section.columns(), section.rows()));
        }
        return out.toString();
    }

    private static void stream(StringBuilder out, Deliveries deliveries) {
        block(out, Summary.STREAM_HEADING, keyValues(Summary.streamResults(deliveries)));
        block(out, Summary.DELIVERY_LATENCY_HEADING,
                table(Summary.DELIVERY_LATENCY_COLUMNS, List.of(Summary.deliveryLatencyRow(deliveries))));
        block(out, Summary.subscribersHeading(deliveries, Summary.SUBSCRIBERS_SHOWN, "in the JSON report"), table(Summary.SUBSCRIBER_COLUMNS,
                Summary.subscriberRows(Summary.shownSubscribers(deliveries, Summary.SUBSCRIBERS_SHOWN))));
        if (!deliveries.missedSamples().isEmpty()) {
            block(out, "Missed, for instance", deliveries.missedSamples());
        }
        if (!deliveries.unexpectedSamples().isEmpty()) {
            block(out, "Unexpected, for instance", deliveries.unexpectedSamples());
        }
    }

    private static void block(StringBuilder out, String heading, List<String> lines) {
        out.append(heading).append('\n');
        for (String line : lines) {
            out.append("  ").append(line).append('\n');
        }
        out.append('\n');
    }

    private static List<String> thresholdLines(RunReport report) {
        List<String> lines = new ArrayList<>();
        if (report.thresholdFailures() != null) {
            report.thresholdFailures().forEach(failure -> lines.add("FAIL " + failure));
        }
        return lines;
    }

    static List<String> keyValues(Map<String, ?> map) {
        int width = map.keySet().stream().mapToInt(String::length).max().orElse(0);
        List<String> lines = new ArrayList<>();
        map.forEach((key, value) -> lines.add(pad(key, width, false) + "  " + Fmt.value(value)));
        return lines;
    }

    /** An aligned table: a header, a rule, the rows; numbers right-aligned, everything else left-aligned. */
    static List<String> table(List<String> columns, List<List<Object>> rows) {
        int count = columns.size();
        for (List<Object> row : rows) {
            count = Math.max(count, row.size());
        }
        int[] widths = new int[count];
        boolean[] numeric = new boolean[count];
        for (int c = 0; c < count; c++) {
            widths[c] = c < columns.size() ? columns.get(c).length() : 0;
            numeric[c] = !rows.isEmpty();
        }
        for (List<Object> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], Fmt.value(row.get(c)).length());
                if (!looksNumeric(row.get(c))) {
                    numeric[c] = false;
                }
            }
        }
        List<String> lines = new ArrayList<>();
        List<Object> header = new ArrayList<>(columns);
        lines.add(line(header, widths, numeric));
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < count; c++) {
            rule.append(c == 0 ? "" : "  ").append("-".repeat(widths[c]));
        }
        lines.add(rule.toString());
        for (List<Object> row : rows) {
            lines.add(line(row, widths, numeric));
        }
        return lines;
    }

    private static String line(List<Object> cells, int[] widths, boolean[] numeric) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            String cell = c < cells.size() ? (cells.get(c) instanceof String s ? s : Fmt.value(cells.get(c))) : "";
            line.append(c == 0 ? "" : "  ").append(pad(cell, widths[c], numeric[c]));
        }
        return line.toString().stripTrailing();
    }

    private static boolean looksNumeric(Object cell) {
        return cell == null || cell instanceof Number
                || cell instanceof String s && s.matches("-?[0-9][0-9,.]*( ?%| ms| s|/s)?");
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return right ? fill + s : s + fill;
    }
}
