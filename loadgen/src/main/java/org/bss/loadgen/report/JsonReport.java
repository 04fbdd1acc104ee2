package org.bss.loadgen.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/** The JSON rendering of a {@link RunReport}: everything, every interval included, numbers as numbers. */
final class JsonReport {

    private static final ObjectWriter WRITER = JsonMapper.builder().build().writerWithDefaultPrettyPrinter();

    private JsonReport() {
    }

    static String render(RunReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("title", report.title());
        root.put("settings", plain(report.settings()));
        root.put("machine", plain(report.machine()));
        root.put("totals", totals(report.totals()));
        root.put("verification", plain(report.verification()));
        root.put("stream", report.deliveries() == null ? null : stream(report.deliveries()));
        Map<String, Object> thresholds = new LinkedHashMap<>();
        thresholds.put("verdict", Summary.verdict(report));
        thresholds.put("failures", report.thresholdFailures());
        root.put("thresholds", thresholds);
        root.put("sections", report.sections().stream().map(JsonReport::section).toList());
        root.put("intervals", report.totals().intervals().stream().map(JsonReport::interval).toList());
        return WRITER.writeValueAsString(root);
    }

    private static Map<String, Object> totals(Totals t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("durationSeconds", t.durationSeconds());
        m.put("requests", t.requests());
        m.put("responses", t.responses());
        m.put("unanswered", t.unanswered());
        m.put("errors", t.errors());
        m.put("errorRate", t.errorRate());
        m.put("eventsSent", t.eventsSent());
        m.put("eventsAccepted", t.eventsAccepted());
        m.put("achievedPerSecond", t.achievedPerSecond());
        m.put("meanTargetPerSecond", t.meanTargetPerSecond());
        m.put("scheduledSeconds", t.scheduledSeconds());
        m.put("behindSeconds", t.behindSeconds());
        m.put("pace", pace(t.pace()));
        m.put("statusCounts", statuses(t.statusCounts()));
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("p50", t.p50Ms());
        latency.put("p90", t.p90Ms());
        latency.put("p99", t.p99Ms());
        latency.put("p99_9", t.p999Ms());
        latency.put("p99_99", t.p9999Ms());
        latency.put("max", t.maxMs());
        latency.put("mean", finite(t.meanMs()));
        m.put("latencyMs", latency);
        m.put("latencyDistribution", t.latencyDistribution().stream()
                .map(p -> {
                    Map<String, Object> point = new LinkedHashMap<>();
                    point.put("percentile", p.percentile());
                    point.put("ms", p.ms());
                    return point;
                })
                .toList());
        m.put("reads", reads(t.reads(), t.readsPerSecond()));
        return m;
    }

    /** The rate kept against the rate asked (see {@link Pace}); null when the run's schedule is not known. */
    private static Map<String, Object> pace(Pace p) {
        if (!p.known()) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("eventsAsked", p.eventsAsked());
        m.put("askedPerSecond", p.askedPerSecond());
        m.put("eventsAccepted", p.eventsAccepted());
        m.put("windowSeconds", p.windowSeconds());
        m.put("acceptedPerSecond", p.acceptedPerSecond());
        m.put("share", p.share());
        return m;
    }

    /** The reads' counts by outcome, their statuses and latencies; apart from every other figure. */
    private static Map<String, Object> reads(Reads r, double perSecond) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sent", r.sent());
        m.put("answered", r.answered());
        m.put("ok", r.ok());
        m.put("notYet", r.notYet());
        m.put("failed", r.failed());
        m.put("perSecond", finite(perSecond));
        m.put("statusCounts", statuses(r.statusCounts()));
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("p50", r.p50Ms());
        latency.put("p90", r.p90Ms());
        latency.put("p99", r.p99Ms());
        latency.put("p99_9", r.p999Ms());
        latency.put("max", r.maxMs());
        m.put("latencyMs", latency);
        return m;
    }

    /** The stream subscribers: their totals, the delivery latency, each subscriber and a few samples. */
    private static Map<String, Object> stream(Deliveries d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("request", d.request());
        m.put("filter", d.filter());
        m.put("subscribers", d.subscribers().size());
        m.put("tenants", d.tenants());
        m.put("settled", d.settled());
        m.put("totals", subscriber(d.total(), false));
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("count", d.latency().count());
        latency.put("p50", d.latency().p50Ms());
        latency.put("p99", d.latency().p99Ms());
        latency.put("p99_9", d.latency().p999Ms());
        latency.put("max", d.latency().maxMs());
        m.put("latencyMs", latency);
        m.put("perSubscriber", d.subscribers().stream().map(s -> subscriber(s, true)).toList());
        m.put("missedSamples", d.missedSamples());
        m.put("unexpectedSamples", d.unexpectedSamples());
        return m;
    }

    private static Map<String, Object> subscriber(Deliveries.Subscriber s, boolean named) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (named) {
            m.put("number", s.number());
            m.put("tenant", s.tenant());
        }
        m.put("expected", s.expected());
        m.put("delivered", s.delivered());
        m.put("missed", s.missed());
        m.put("duplicates", s.duplicates());
        m.put("unexpected", s.unexpected());
        m.put("uncertain", s.uncertain());
        m.put("overflowed", s.overflowed());
        m.put("reconnects", s.reconnects());
        return m;
    }

    private static Map<String, Object> interval(Interval i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("startSeconds", i.startSeconds());
        m.put("seconds", i.seconds());
        m.put("targetPerSecond", finite(i.targetPerSecond()));
        m.put("achievedPerSecond", i.achievedPerSecond());
        m.put("requestsSent", i.requestsSent());
        m.put("eventsSent", i.eventsSent());
        m.put("responses", i.responses());
        m.put("eventsAccepted", i.eventsAccepted());
        m.put("statusCounts", statuses(i.statusCounts()));
        m.put("p50Ms", i.p50Ms());
        m.put("p90Ms", i.p90Ms());
        m.put("p99Ms", i.p99Ms());
        m.put("p999Ms", i.p999Ms());
        m.put("maxMs", i.maxMs());
        m.put("cumulativeP50Ms", i.cumulativeP50Ms());
        m.put("cumulativeP99Ms", i.cumulativeP99Ms());
        if (!i.reads().isEmpty()) {
            m.put("reads", reads(i.reads(), i.readsPerSecond()));
        }
        return m;
    }

    private static Map<String, Object> section(Section s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", s.title());
        m.put("columns", s.columns());
        m.put("rows", plain(s.rows()));
        return m;
    }

    private static Map<String, Long> statuses(SortedMap<Integer, Long> counts) {
        Map<String, Long> m = new LinkedHashMap<>();
        counts.forEach((status, count) -> m.put(status.toString(), count));
        return m;
    }

    /** Settings and section cells may hold anything: keep JSON's own kinds, write the rest as their text. */
    static Object plain(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Double || value instanceof Float) {
            return finite(((Number) value).doubleValue());
        }
        if (value instanceof Number) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> m = new LinkedHashMap<>();
            map.forEach((k, v) -> m.put(String.valueOf(k), plain(v)));
            return m;
        }
        if (value instanceof Collection<?> collection) {
            List<Object> list = new ArrayList<>();
            collection.forEach(v -> list.add(plain(v)));
            return list;
        }
        return value.toString();
    }

    /** JSON has no NaN or infinity. */
    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
