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
    static final String STREAM_HEADING = "Stream subscribers";
    static final String DELIVERY_LATENCY_HEADING =
            "Delivery latency (ms, from sending the request that carried an event to a subscriber reading it)";
    static final List<String> DELIVERY_LATENCY_COLUMNS = List.of("deliveries", "p50", "p99", "p99.9", "max");
    static final List<String> SUBSCRIBER_COLUMNS = List.of("#", "tenant", "expected", "delivered", "missed",
            "duplicates", "unexpected", "uncertain", "overflowed", "reconnects");
    /** Subscribers a table shows before the rest go to the JSON report (and a folded HTML table). */
    static final int SUBSCRIBERS_SHOWN = 20;

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
        Pace pace = totals.pace();
        if (pace.known()) {
            results.put("pace", pace.eventsAsked() == 0 ? "no events asked, so none to keep up with" : pace(pace));
        }
        return results;
    }

    /** E.g. "62.52% of the 6,667 events/s asked (4,167/s accepted: 400,000 of 400,000 events accepted, ...)". */
    static String pace(Pace pace) {
        return Fmt.percent(pace.share()) + " of the " + Fmt.integer(Math.round(pace.askedPerSecond()))
                + " events/s asked (" + Fmt.integer(Math.round(pace.acceptedPerSecond())) + "/s accepted: "
                + pace.detail() + ")";
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

    /** The stream subscribers' totals, each figure with what it counts. */
    static Map<String, Object> streamResults(Deliveries deliveries) {
        Deliveries.Subscriber all = deliveries.total();
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("subscribers", Fmt.integer(deliveries.subscribers().size()) + " over "
                + Fmt.integer(deliveries.tenants()) + (deliveries.tenants() == 1 ? " tenant" : " tenants")
                + ", each with its tenant's key: " + deliveries.request());
        results.put("filter", deliveries.filter());
        results.put("expected", Fmt.integer(all.expected())
                + " (accepted events of each one's tenant matching the filter, added up)");
        results.put("delivered", Fmt.integer(all.delivered()) + " (" + Fmt.percent(share(all.delivered(), all.expected()))
                + ")");
        results.put("missed", Fmt.integer(all.missed()) + " (expected, never delivered)");
        results.put("duplicates", Fmt.integer(all.duplicates()) + " (copies beyond the first)");
        results.put("unexpected", Fmt.integer(all.unexpected())
                + " (another tenant's, outside the filter, or refused when sent)");
        results.put("uncertain", Fmt.integer(all.uncertain())
                + " (delivered; their requests were answered 5xx or not at all: neither missed nor unexpected)");
        results.put("overflowed", Fmt.integer(all.overflowed()) + " (stream.overflow: cut off as too slow)");
        results.put("reconnects", Fmt.integer(all.reconnects()) + " (opened again with Last-Event-ID)");
        results.put("settled", deliveries.settled());
        return results;
    }

    static List<Object> deliveryLatencyRow(Deliveries deliveries) {
        Deliveries.Latency l = deliveries.latency();
        return List.of(l.count(), l.p50Ms(), l.p99Ms(), l.p999Ms(), l.maxMs());
    }

    /** All subscribers by number when they are few, else the first {@code limit} with the most faults. */
    static List<Deliveries.Subscriber> shownSubscribers(Deliveries deliveries, int limit) {
        List<Deliveries.Subscriber> all = deliveries.subscribers();
        return all.size() <= limit ? all : all.stream().sorted(Deliveries.WORST_FIRST).limit(limit).toList();
    }

    /** @param restWhere where the subscribers not shown are, e.g. "in the JSON report" */
    static String subscribersHeading(Deliveries deliveries, int limit, String restWhere) {
        int count = deliveries.subscribers().size();
        return count <= limit ? "Subscribers" : "Subscribers: " + limit + " of " + Fmt.integer(count)
                + ", the most missed, duplicated and unexpected first (every one " + restWhere + ")";
    }

    static List<List<Object>> subscriberRows(List<Deliveries.Subscriber> subscribers) {
        List<List<Object>> rows = new ArrayList<>();
        for (Deliveries.Subscriber s : subscribers) {
            rows.add(List.of(s.number(), s.tenant(), s.expected(), s.delivered(), s.missed(), s.duplicates(),
                    s.unexpected(), s.uncertain(), s.overflowed(), s.reconnects()));
        }
        return rows;
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
