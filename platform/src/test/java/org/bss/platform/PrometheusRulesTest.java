package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.yaml.snakeyaml.Yaml;

/**
 * The Prometheus rules ({@code deploy/prometheus/rules.yml}) are valid and do what they say: promtool checks them and
 * the example configuration, and runs their unit tests ({@code rules.test.yml}), in which every alert fires and does
 * not fire; every alert has a summary and a one-line runbook; the README's alerts table is drawn from them.
 */
class PrometheusRulesTest {

    static final Path DIR = Repository.root().resolve("deploy").resolve("prometheus");
    static final Path RULES = DIR.resolve("rules.yml");
    static final Path TESTS = DIR.resolve("rules.test.yml");
    static final Path README = Repository.root().resolve("README.md");
    static final String TABLE_START = "<!-- alerts: drawn from deploy/prometheus/rules.yml by PrometheusRulesTest -->";
    static final String TABLE_END = "<!-- /alerts -->";

    record Alert(String name, String expr, String duration, String severity, String summary, String runbook) {
    }

    @Test
    @EnabledIf(value = "org.bss.platform.PrometheusBinaries#installedOrRequired", disabledReason = PrometheusBinaries.MISSING)
    void promtoolAcceptsTheRulesAndTheExampleConfiguration() throws Exception {
        assertSucceeds(PrometheusBinaries.promtool().toString(), "check", "rules", RULES.toString());
        assertSucceeds(PrometheusBinaries.promtool().toString(), "check", "config", DIR.resolve("prometheus.yml").toString());
    }

    @Test
    @EnabledIf(value = "org.bss.platform.PrometheusBinaries#installedOrRequired", disabledReason = PrometheusBinaries.MISSING)
    void everyAlertPassesItsUnitTests() throws Exception {
        assertSucceeds(PrometheusBinaries.promtool().toString(), "test", "rules", TESTS.toString());
    }

    @Test
    void everyAlertHasASummaryAOneLineRunbookAndTestsWhereItFiresAndWhereItDoesNot() throws IOException {
        List<Alert> alerts = alerts();
        assertThat(alerts).isNotEmpty();
        List<Map<String, Object>> cases = new ArrayList<>();
        for (Map<String, Object> group : list(yaml(TESTS).get("tests"))) {
            cases.addAll(list(group.get("alert_rule_test")));
        }
        List<String> problems = new ArrayList<>();
        for (Alert alert : alerts) {
            if (alert.summary() == null || alert.summary().isBlank()) {
                problems.add(alert.name() + ": no summary");
            }
            if (alert.runbook() == null || alert.runbook().isBlank() || alert.runbook().contains("\n")) {
                problems.add(alert.name() + ": the runbook must be one line");
            }
            if (!List.of("warning", "critical").contains(alert.severity())) {
                problems.add(alert.name() + ": severity must be warning or critical");
            }
            List<Map<String, Object>> mine = cases.stream().filter(c -> alert.name().equals(c.get("alertname"))).toList();
            if (mine.stream().noneMatch(c -> !list(c.get("exp_alerts")).isEmpty())) {
                problems.add(alert.name() + ": no test in which it fires");
            }
            if (mine.stream().noneMatch(c -> list(c.get("exp_alerts")).isEmpty())) {
                problems.add(alert.name() + ": no test in which it does not fire");
            }
        }
        assertThat(problems).isEmpty();
    }

    /** Rewritten when it differs (like docs/modules): commit what it writes. */
    @Test
    void theReadmeAlertsTableIsDrawnFromTheRules() throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf(TABLE_START);
        int end = readme.indexOf(TABLE_END);
        assertThat(start).as("the README marks its alerts table with " + TABLE_START + " ... " + TABLE_END)
                .isNotNegative();
        assertThat(end).isGreaterThan(start);
        String committed = readme.substring(start + TABLE_START.length(), end);
        String drawn = "\n\n" + table(alerts()) + "\n";
        if (!committed.equals(drawn)) {
            Files.writeString(README, readme.substring(0, start + TABLE_START.length()) + drawn + readme.substring(end));
        }
        assertThat(committed).as("the README's alerts table was out of date and has been drawn again: commit it")
                .isEqualTo(drawn);
    }

    static String table(List<Alert> alerts) {
        StringBuilder table = new StringBuilder("| alert | severity | fires when | runbook |\n| --- | --- | --- | --- |\n");
        for (Alert alert : alerts) {
            String when = "`" + alert.expr().replaceAll("\\s+", " ").replace("|", "\\|") + "`"
                    + (alert.duration() == null ? "" : " for " + alert.duration());
            table.append("| `").append(alert.name()).append("` | ").append(alert.severity()).append(" | ").append(when)
                    .append(" | ").append(alert.runbook().replace("|", "\\|")).append(" |\n");
        }
        return table.toString();
    }

    static List<Alert> alerts() throws IOException {
        List<Alert> alerts = new ArrayList<>();
        for (Map<String, Object> group : list(yaml(RULES).get("groups"))) {
            for (Map<String, Object> rule : list(group.get("rules"))) {
                if (rule.containsKey("alert")) {
                    Map<String, Object> labels = map(rule.get("labels"));
                    Map<String, Object> annotations = map(rule.get("annotations"));
                    alerts.add(new Alert((String) rule.get("alert"), ((String) rule.get("expr")).strip(),
                            (String) rule.get("for"), (String) labels.get("severity"), (String) annotations.get("summary"),
                            (String) annotations.get("runbook")));
                }
            }
        }
        return alerts;
    }

    /** The recording rules' names. */
    static List<String> recorded() throws IOException {
        List<String> names = new ArrayList<>();
        for (Map<String, Object> group : list(yaml(RULES).get("groups"))) {
            for (Map<String, Object> rule : list(group.get("rules"))) {
                if (rule.containsKey("record")) {
                    names.add((String) rule.get("record"));
                }
            }
        }
        return names;
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        return new Yaml().load(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    private static void assertSucceeds(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command) + " ended").isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + output).isZero();
    }
}
