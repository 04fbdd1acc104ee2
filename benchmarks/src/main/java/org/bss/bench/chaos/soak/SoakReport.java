package org.bss.bench.chaos.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bss.loadgen.report.Machine;
import tools.jackson.databind.JsonNode;

/**
 * The soak's report from the sampler's soak.json (and, if given, the load generator's JSON report of the same run):
 * PREFIX.md (the rule, the judgement, a sample every fifth of the run, how it was measured, the machine), PREFIX.html
 * (the same with charts over time) and PREFIX.json (judgement and samples).
 *
 * <pre>
 * SoakReport --in WORK/soak.json --out bench/results/chaos-soak [--loadgen REPORT.json] [--loadgen-report NAME.html]
 *            [--command "bench/chaos/soak.sh ..."]
 * </pre>
 *
 * Exit status 0 when every check passed, 3 when one failed.
 */
public final class SoakReport {

    static final int THRESHOLD_MISSED = 3;

    /** What the report is made of. */
    record Inputs(SoakRun run, SoakRules rules, SoakJudgement.Verdict verdict, List<SoakJudgement.Check> checks,
            JsonNode load, String loadReportLink, String command, Map<String, Object> machine) {

        boolean pass() {
            return checks.stream().allMatch(SoakJudgement.Check::pass);
        }
    }

    private SoakReport() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        if (!o.containsKey("in") || !o.containsKey("out")) {
            System.err.println("usage: SoakReport --in soak.json --out PREFIX [--loadgen REPORT.json] [--loadgen-report NAME.html]"
                    + " [--command TEXT]");
            System.exit(1);
        }
        SoakRun run = SoakRun.read(Path.of(o.get("in")));
        JsonNode load = o.containsKey("loadgen") && Files.isReadable(Path.of(o.get("loadgen")))
                ? SoakRun.JSON.readTree(Files.readString(Path.of(o.get("loadgen")))) : null;
        Inputs inputs = inputs(run, load, o.get("loadgen-report"), o.getOrDefault("command", "SoakReport"), Machine.describe());
        Path prefix = Path.of(o.get("out"));
        if (prefix.getParent() != null) {
            Files.createDirectories(prefix.getParent());
        }
        Files.writeString(Path.of(prefix + ".md"), SoakMarkdown.render(inputs));
        Files.writeString(Path.of(prefix + ".html"), SoakHtml.render(inputs));
        Files.writeString(Path.of(prefix + ".json"), SoakRun.JSON.writeValueAsString(json(inputs)));
        System.out.println();
        for (SoakJudgement.Check check : inputs.checks()) {
            System.out.printf(Locale.ROOT, "   %s  %-40s %s%n", check.pass() ? "PASS" : "FAIL", check.subject(), check.figures());
        }
        System.out.printf(Locale.ROOT, ">> soak: %s; %s.md, .html, .json%n",
                inputs.pass() ? "no leak found, every check passed" : inputs.checks().stream().filter(c -> !c.pass()).count()
                        + " of " + inputs.checks().size() + " checks failed", prefix);
        System.exit(inputs.pass() ? 0 : THRESHOLD_MISSED);
    }

    static Inputs inputs(SoakRun run, JsonNode load, String loadReportLink, String command, Map<String, Object> machine) {
        SoakRules rules = SoakRules.forRun(run.plannedSeconds());
        SoakJudgement.Verdict verdict = SoakJudgement.judge(run.samples(), rules);
        List<SoakJudgement.Check> checks = new ArrayList<>(verdict.checks());
        if (load != null) {
            checks.add(lost(load));
        }
        return new Inputs(run, rules, verdict, checks, load, loadReportLink, command, machine);
    }

    /** The load generator's verification: every accepted event stored exactly once. */
    static SoakJudgement.Check lost(JsonNode load) {
        JsonNode v = load.path("verification");
        if (!v.isObject()) {
            return new SoakJudgement.Check("Nothing lost (the load generator's verify)", false, "not verified");
        }
        long missing = v.path("missing").asLong();
        long duplicated = v.path("duplicated").asLong();
        return new SoakJudgement.Check("Nothing lost (the load generator's verify)", missing == 0 && duplicated == 0,
                String.format(Locale.ROOT, "%,d accepted, %,d stored, %,d missing, %,d duplicated", v.path("accepted").asLong(),
                        v.path("stored").asLong(), missing, duplicated));
    }

    private static Map<String, Object> json(Inputs in) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("verdict", in.pass() ? "PASS" : "FAIL");
        json.put("checks", in.checks());
        json.put("window", Map.of("samples", in.verdict().windowSamples(), "fromSeconds", in.verdict().fromSeconds(),
                "toSeconds", in.verdict().toSeconds()));
        json.put("rules", in.rules());
        json.put("rule", in.rules().statements());
        json.put("command", in.command());
        json.put("date", Instant.now().toString());
        json.put("machine", in.machine());
        if (in.load() != null) {
            Map<String, Object> load = new LinkedHashMap<>();
            load.put("settings", in.load().path("settings"));
            load.put("totals", summary(in.load().path("totals")));
            load.put("verification", in.load().path("verification"));
            json.put("load", load);
        }
        json.put("settings", in.run().settings());
        json.put("samples", in.run().samples());
        return json;
    }

    /** The load generator's totals without their per-interval and distribution detail. */
    private static Map<String, Object> summary(JsonNode totals) {
        Map<String, Object> summary = new LinkedHashMap<>();
        for (String field : List.of("durationSeconds", "eventsSent", "eventsAccepted", "achievedPerSecond", "meanTargetPerSecond",
                "errors", "errorRate", "statusCounts", "latencyMs")) {
            summary.put(field, totals.path(field));
        }
        return summary;
    }

    /** Every sample whose time is nearest a multiple of the step (each once), and the sample after the load. */
    static List<SoakSample> every(List<SoakSample> samples, double stepSeconds) {
        List<SoakSample> picked = new ArrayList<>();
        List<SoakSample> load = samples.stream().filter(SoakSample::underLoad).toList();
        if (!load.isEmpty() && stepSeconds > 0) {
            double end = load.getLast().elapsedSeconds();
            for (double at = 0; at <= end + stepSeconds / 2; at += stepSeconds) {
                double due = Math.min(at, end);
                SoakSample nearest = load.stream()
                        .min((a, b) -> Double.compare(Math.abs(a.elapsedSeconds() - due), Math.abs(b.elapsedSeconds() - due)))
                        .orElseThrow();
                if (!picked.contains(nearest)) {
                    picked.add(nearest);
                }
            }
        }
        samples.stream().filter(s -> !s.underLoad()).forEach(picked::add);
        return picked;
    }
}
