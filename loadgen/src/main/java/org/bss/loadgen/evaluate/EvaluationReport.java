package org.bss.loadgen.evaluate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bss.loadgen.evaluate.Scoring.Evaluation;
import org.bss.loadgen.evaluate.Scoring.KindResult;
import org.bss.loadgen.evaluate.Scoring.LabelResult;
import org.bss.loadgen.evaluate.Scoring.TenantResult;
import org.bss.loadgen.report.SvgChart;
import org.bss.loadgen.report.Tables;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/** An evaluation as text (for the console), JSON, and Markdown with a timeline of labels and alerts per tenant (SVG). */
final class EvaluationReport {

    static final String JSON_FILE = "evaluation.json";
    static final String MARKDOWN_FILE = "evaluation.md";
    static final String TIMELINE_FILE = "evaluation-timeline.svg";

    private static final ObjectWriter WRITER = JsonMapper.builder().build().writerWithDefaultPrettyPrinter();
    private static final String TITLE = "Anomaly detection: evaluation";
    private static final String MATCHING = "#2e7d32";
    private static final String FALSE = "#c62828";
    private static final Map<String, String> KIND_COLORS = Map.of("payment-failures", "#ef6c00", "order-drop", "#8e24aa",
            "revenue-jump", "#1565c0", "order-burst", "#f9a825", "silence", "#757575");
    private static final String OTHER_KIND = "#5d4037";
    private static final List<String> ALERT_COLUMNS = List.of("tenant", "window start", "metric (detector)", "severity",
            "state", "observed", "expected", "explanation");

    private final Evaluation evaluation;
    private final String source;
    private final int alertsRead;

    /**
     * @param source     where the alerts came from (the platform's URL)
     * @param alertsRead every alert read, scored or not
     */
    EvaluationReport(Evaluation evaluation, String source, int alertsRead) {
        this.evaluation = evaluation;
        this.source = source;
        this.alertsRead = alertsRead;
    }

    /** A table with its heading; {@code note} follows it, when not null. */
    private record Table(String heading, List<String> columns, List<List<Object>> rows, String note) {
    }

    String verdict() {
        return evaluation.passed() ? "PASS" : "FAIL";
    }

    String text() {
        StringBuilder out = new StringBuilder();
        out.append(TITLE).append('\n').append("=".repeat(TITLE.length())).append("\n\n");
        for (String line : Tables.keyValues(overview())) {
            out.append(line).append('\n');
        }
        out.append('\n');
        for (Table table : tables()) {
            out.append(table.heading()).append('\n');
            if (table.rows().isEmpty()) {
                out.append("  none\n");
            } else {
                for (String line : Tables.text(table.columns(), table.rows())) {
                    out.append("  ").append(line).append('\n');
                }
            }
            if (table.note() != null) {
                out.append("  ").append(table.note()).append('\n');
            }
            out.append('\n');
        }
        return out.toString();
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(TITLE).append("\n\n**").append(verdict()).append("**: ")
                .append(evaluation.passed() ? "both targets met." : "a target missed.").append("\n\n");
        overview().forEach((key, value) -> md.append("- ").append(key).append(": ").append(Tables.cell(value)).append('\n'));
        md.append('\n');
        for (Table table : tables()) {
            md.append("## ").append(table.heading()).append("\n\n");
            md.append(table.rows().isEmpty() ? "None.\n" : Tables.markdown(table.columns(), table.rows()));
            if (table.note() != null) {
                md.append('\n').append(table.note()).append('\n');
            }
            md.append('\n');
        }
        md.append("## Timeline\n\nEach tenant's labels (bands, by kind) and the alerts it was sent (dots at the start of the "
                + "window each was seen in): green matching a label, red false; hollow still open.\n\n")
                .append("![Labels and alerts per tenant](").append(TIMELINE_FILE).append(")\n");
        return md.toString();
    }

    String json() {
        Scoring.Settings settings = evaluation.settings();
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("from", settings.from().toString());
        s.put("to", settings.to().toString());
        s.put("windowSeconds", settings.window().toMillis() / 1000.0);
        s.put("tolerance", settings.tolerance());
        s.put("tenants", settings.tenants());
        s.put("url", source);
        root.put("settings", s);
        Map<String, Object> targets = new LinkedHashMap<>();
        targets.put("passed", evaluation.passed());
        targets.put("recall", target(evaluation.recall(), Scoring.RECALL_TARGET, "atLeast", evaluation.recallMet()));
        targets.put("falseAlertsPerHour", target(evaluation.falseAlertsPerHour(), Scoring.FALSE_ALERTS_PER_HOUR_TARGET,
                "atMost", evaluation.falseAlertsMet()));
        root.put("targets", targets);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("labels", evaluation.labels().size());
        summary.put("detectedInTime", evaluation.detectedInTime());
        summary.put("detected", evaluation.labels().stream().filter(LabelResult::detected).count());
        summary.put("recall", finite(evaluation.recall()));
        summary.put("alertsRead", alertsRead);
        summary.put("alertsScored", evaluation.scored().size());
        summary.put("matching", evaluation.matching());
        summary.put("falseAlerts", evaluation.falseAlerts().size());
        summary.put("precision", finite(evaluation.precision()));
        summary.put("cleanTenantHours", evaluation.cleanHours());
        summary.put("falseAlertsPerHour", finite(evaluation.falseAlertsPerHour()));
        summary.put("outsideSpan", evaluation.outside().size());
        summary.put("openAtEnd", evaluation.openAtEnd().size());
        root.put("summary", summary);
        root.put("kinds", evaluation.kinds().stream().map(k -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", k.kind());
            m.put("labels", k.labels());
            m.put("detected", k.detected());
            m.put("inTime", k.inTime());
            m.put("recall", k.recall());
            m.put("medianDelaySeconds", seconds(k.medianDelay()));
            m.put("maxDelaySeconds", seconds(k.maxDelay()));
            return m;
        }).toList());
        root.put("labels", evaluation.labels().stream().map(l -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", l.label().kind());
            m.put("tenant", l.label().tenant());
            m.put("start", l.label().start().toString());
            m.put("end", l.label().end().toString());
            m.put("detected", l.detected());
            m.put("inTime", l.inTime());
            m.put("delaySeconds", seconds(l.delay()));
            m.put("alerts", l.alerts().stream().map(Alert::id).toList());
            m.put("caughtBy", l.caughtBy());
            return m;
        }).toList());
        root.put("tenants", evaluation.tenants().stream().map(t -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tenant", t.tenant());
            m.put("alerts", t.alerts());
            m.put("matching", t.matching());
            m.put("falseAlerts", t.falseAlerts());
            m.put("cleanHours", t.cleanHours());
            m.put("falseAlertsPerHour", finite(t.falseAlertsPerHour()));
            return m;
        }).toList());
        root.put("falseAlerts", evaluation.falseAlerts().stream().map(EvaluationReport::alertJson).toList());
        root.put("openAtEnd", evaluation.openAtEnd().stream().map(EvaluationReport::alertJson).toList());
        return WRITER.writeValueAsString(root) + "\n";
    }

    /** The timeline, a standalone SVG file. */
    String timeline() {
        Scoring.Settings settings = evaluation.settings();
        Instant end = settings.to();
        for (LabelResult label : evaluation.labels()) {
            end = max(end, label.label().end());
        }
        for (Alert alert : evaluation.scored()) {
            end = max(end, alert.windowStart().plus(settings.window()));
        }
        double minutes = minutes(end);
        List<String> rows = evaluation.tenants().stream().map(TenantResult::tenant).toList();
        List<SvgChart.Band> bands = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        for (LabelResult result : evaluation.labels()) {
            Label label = result.label();
            int row = rows.indexOf(label.tenant());
            if (row >= 0) {
                bands.add(new SvgChart.Band(row, minutes(label.start()), minutes(label.end()), color(label.kind()),
                        label.kind() + " " + label.start() + " to " + label.end()
                                + (result.detected() ? ", detected after " + text(result.delay()) : ", not detected")));
            }
            if (!kinds.contains(label.kind())) {
                kinds.add(label.kind());
            }
        }
        List<SvgChart.Mark> marks = new ArrayList<>();
        for (Alert alert : evaluation.scored()) {
            boolean falseAlert = evaluation.falseAlerts().contains(alert);
            marks.add(new SvgChart.Mark(rows.indexOf(alert.tenant()), minutes(alert.windowStart()), falseAlert ? FALSE : MATCHING,
                    alert.open(), alert.caughtBy() + " at " + alert.windowStart() + (falseAlert ? ", false" : "")
                            + (alert.open() ? ", open" : "")));
        }
        List<SvgChart.Key> keys = new ArrayList<>();
        kinds.forEach(kind -> keys.add(new SvgChart.Key(kind, color(kind))));
        keys.add(new SvgChart.Key("alert matching a label", MATCHING));
        keys.add(new SvgChart.Key("false alert", FALSE));
        String chart = SvgChart.timeline("Labels and alerts per tenant, from " + settings.from(),
                SvgChart.Axis.linear("minutes from the start of the run", minutes), rows, bands, marks, keys);
        return SvgChart.standalone(chart);
    }

    void writeAll(Path folder) {
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(JSON_FILE), json(), StandardCharsets.UTF_8);
            Files.writeString(folder.resolve(MARKDOWN_FILE), markdown(), StandardCharsets.UTF_8);
            Files.writeString(folder.resolve(TIMELINE_FILE), timeline(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the evaluation into " + folder, e);
        }
    }

    private Map<String, String> overview() {
        Scoring.Settings settings = evaluation.settings();
        Map<String, String> overview = new LinkedHashMap<>();
        overview.put("span", settings.from() + " to " + settings.to() + " (" + text(Duration.between(settings.from(), settings.to()))
                + "), " + settings.tenants().size() + (settings.tenants().size() == 1 ? " tenant" : " tenants"));
        overview.put("window", text(settings.window()) + ", tolerance " + settings.tolerance()
                + (settings.tolerance() == 1 ? " window" : " windows"));
        overview.put("labels", Integer.toString(evaluation.labels().size()));
        overview.put("alerts", alertsRead + " read from " + source + ", " + evaluation.scored().size() + " scored"
                + (evaluation.outside().isEmpty() ? "" : ", " + evaluation.outside().size()
                        + " outside the span matching no label (not scored)"));
        overview.put("verdict", verdict());
        return overview;
    }

    private List<Table> tables() {
        Scoring.Settings settings = evaluation.settings();
        List<Table> tables = new ArrayList<>();
        String windows = settings.tolerance() + (settings.tolerance() == 1 ? " window" : " windows");
        tables.add(new Table("Targets", List.of("", "figure", "value", "target"), List.of(
                row(evaluation.recallMet() ? "PASS" : "FAIL", "recall within " + windows,
                        evaluation.labels().isEmpty() ? "n/a (no labels)" : ratio(evaluation.recall()) + " ("
                                + evaluation.detectedInTime() + " of " + evaluation.labels().size() + " labels)",
                        ">= " + Scoring.RECALL_TARGET),
                row(evaluation.falseAlertsMet() ? "PASS" : "FAIL", "false alerts per clean tenant-hour",
                        Double.isNaN(evaluation.falseAlertsPerHour()) ? "n/a (no clean time)"
                                : ratio(evaluation.falseAlertsPerHour()) + " (" + evaluation.falseAlerts().size()
                                        + " in " + ratio(evaluation.cleanHours()) + " h)",
                        "<= " + Tables.number(Scoring.FALSE_ALERTS_PER_HOUR_TARGET))), null));
        List<List<Object>> kinds = new ArrayList<>();
        for (KindResult kind : evaluation.kinds()) {
            kinds.add(row(kind.kind(), kind.labels(), kind.detected(), kind.inTime(), ratio(kind.recall()),
                    text(kind.medianDelay()), text(kind.maxDelay())));
        }
        tables.add(new Table("Per kind (recall: detected within " + windows + " of the start)",
                List.of("kind", "labels", "detected", "in time", "recall", "median delay", "max delay"), kinds, null));
        List<List<Object>> labels = new ArrayList<>();
        for (LabelResult label : evaluation.labels()) {
            labels.add(row(label.label().kind(), label.label().tenant(), label.label().start().toString(),
                    label.label().end().toString(), !label.detected() ? "no" : label.inTime() ? "yes" : "late",
                    text(label.delay()), label.caughtBy().isEmpty() ? null : String.join(", ", label.caughtBy())));
        }
        tables.add(new Table("Labels", List.of("kind", "tenant", "start", "end", "detected", "delay", "caught by"), labels,
                "delay: from the label's start to the end of the window its first alert was seen in"));
        List<List<Object>> tenants = new ArrayList<>();
        for (TenantResult tenant : evaluation.tenants()) {
            tenants.add(row(tenant.tenant(), tenant.alerts(), tenant.matching(), tenant.falseAlerts(),
                    ratio(tenant.cleanHours()),
                    Double.isNaN(tenant.falseAlertsPerHour()) ? null : ratio(tenant.falseAlertsPerHour())));
        }
        tables.add(new Table("Alerts per tenant", List.of("tenant", "alerts", "matching", "false", "clean hours", "false/hour"),
                tenants, "precision " + (Double.isNaN(evaluation.precision()) ? "n/a (no alerts)"
                        : ratio(evaluation.precision()) + " (" + evaluation.matching() + " of " + evaluation.scored().size()
                                + " alerts match a label)")));
        tables.add(new Table("False alerts", ALERT_COLUMNS, evaluation.falseAlerts().stream().map(EvaluationReport::alertRow).toList(),
                null));
        tables.add(new Table("Open at the end (should be resolved)", ALERT_COLUMNS,
                evaluation.openAtEnd().stream().map(EvaluationReport::alertRow).toList(), null));
        return tables;
    }

    private static List<Object> alertRow(Alert alert) {
        return row(alert.tenant(), alert.windowStart().toString(), alert.caughtBy(), alert.severity(), alert.state(),
                alert.observed() == null ? null : Tables.number(alert.observed()),
                alert.expectedLow() == null || alert.expectedHigh() == null ? null
                        : Tables.number(alert.expectedLow()) + " to " + Tables.number(alert.expectedHigh()),
                alert.explanation());
    }

    private static Map<String, Object> alertJson(Alert alert) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", alert.id());
        m.put("tenant", alert.tenant());
        m.put("metric", alert.metric());
        m.put("detector", alert.detector());
        m.put("severity", alert.severity());
        m.put("state", alert.state());
        m.put("windowStart", alert.windowStart().toString());
        m.put("openedAt", alert.openedAt() == null ? null : alert.openedAt().toString());
        m.put("resolvedAt", alert.resolvedAt() == null ? null : alert.resolvedAt().toString());
        m.put("observed", alert.observed());
        m.put("expectedLow", alert.expectedLow());
        m.put("expectedHigh", alert.expectedHigh());
        m.put("explanation", alert.explanation());
        return m;
    }

    private static Map<String, Object> target(double value, double target, String bound, boolean met) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", finite(value));
        m.put(bound, target);
        m.put("met", met);
        return m;
    }

    private static List<Object> row(Object... cells) {
        return Arrays.asList(cells);
    }

    private double minutes(Instant instant) {
        return Duration.between(evaluation.settings().from(), instant).toMillis() / 60_000.0;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String color(String kind) {
        return KIND_COLORS.getOrDefault(kind, OTHER_KIND);
    }

    /** Two decimals: recall, precision, rates, hours. */
    private static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static Double seconds(Duration duration) {
        return duration == null ? null : duration.toMillis() / 1000.0;
    }

    /** 45s, 1m 30s, 2h 5m, 1.5s; null stays null. */
    static String text(Duration duration) {
        if (duration == null) {
            return null;
        }
        long millis = duration.toMillis();
        if (millis % 1000 != 0 && millis < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long seconds = Math.round(millis / 1000.0);
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        List<String> parts = new ArrayList<>();
        if (hours > 0) {
            parts.add(hours + "h");
        }
        if (minutes > 0) {
            parts.add(minutes + "m");
        }
        if (rest > 0 || parts.isEmpty()) {
            parts.add(rest + "s");
        }
        return String.join(" ", parts);
    }
}
