package org.bss.loadgen.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pieces of a report that the text and HTML renderings share. */
final class Summary {

    static final List<String> LATENCY_COLUMNS = List.of("p50", "p90", "p99", "p99.9", "p99.99", "max", "mean");
    static final List<String> READ_LATENCY_COLUMNS = List.of("p50", "p90", "p99", "p99.9", "max");
    static final String READS_HEADING = "Reads: GET /api/v1/customers/{id}, none of them in the figures above";

    private Summary() {
    }

    static Map<String, Object> results(Totals totals) {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("duration", Fmt.decimal(round(totals.durationSeconds(), 1)) + " s, "
                + Fmt.integer(totals.intervals().size()) + " intervals");
        results.put("requests", Fmt.integer(totals.requests()) + " sent, " + Fmt.integer(totals.responses())
                + " answered, " + Fmt.integer(totals.unanswered()) + " unanswered");
        results.put("events", Fmt.integer(totals.eventsSent()) + " sent, " + Fmt.integer(totals.eventsAccepted())
                + " accepted (" + Fmt.percent(share(totals.eventsAccepted(), totals.eventsSent())) + ")");
        results.put("throughput", Fmt.integer(Math.round(totals.achievedPerSecond())) + " events/s accepted (target "
                + Fmt.integer(Math.round(totals.meanTargetPerSecond())) + "/s)");
        results.put("errors", Fmt.integer(totals.errors()) + " responses not 2xx; error rate "
                + Fmt.percent(totals.errorRate()) + " of requests");
        return results;
    }

    static List<Object> latencyRow(Totals totals) {
        return List.of(totals.p50Ms(), totals.p90Ms(), totals.p99Ms(), totals.p999Ms(), totals.p9999Ms(),
                totals.maxMs(), round(totals.meanMs(), 3));
    }

    static Map<String, Object> readResults(Totals totals) {
        Reads reads = totals.reads();
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("reads", Fmt.integer(reads.sent()) + " sent, " + Fmt.integer(reads.answered()) + " answered");
        results.put("throughput", Fmt.integer(Math.round(totals.readsPerSecond())) + " reads/s answered");
        results.put("outcomes", Fmt.integer(reads.ok()) + " ok (200), " + Fmt.integer(reads.notYet())
                + " not yet (404), " + Fmt.integer(reads.failed()) + " failed");
        if (reads.failed() > 0) {
            List<String> failures = new ArrayList<>();
            reads.failures().forEach((status, count) -> failures.add(
                    (status == 0 ? "io" : status.toString()) + ": " + Fmt.integer(count)));
            results.put("failed by status", String.join(", ", failures));
        }
        return results;
    }

    static List<Object> readLatencyRow(Reads reads) {
        return List.of(reads.p50Ms(), reads.p90Ms(), reads.p99Ms(), reads.p999Ms(), reads.maxMs());
    }

    static List<List<Object>> statusRows(Totals totals) {
        List<List<Object>> rows = new ArrayList<>();
        totals.statusCounts().forEach((status, count) -> rows.add(
                List.of(Fmt.status(status), count, Fmt.percent(share(count, totals.responses())))));
        return rows;
    }

    /** "PASS", "FAIL" or "none checked". */
    static String verdict(RunReport report) {
        if (report.thresholdFailures() == null) {
            return "none checked";
        }
        return report.thresholdFailures().isEmpty() ? "PASS" : "FAIL";
    }

    static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
