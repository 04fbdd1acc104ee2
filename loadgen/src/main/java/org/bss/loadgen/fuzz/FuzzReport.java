package org.bss.loadgen.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bss.loadgen.report.Tables;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a pass found, and the files made of it: fuzz.json (every count, the findings with their samples, what the
 * platform holds, health, memory, the machine) and fuzz.md (the same for people: a table of the families, the
 * findings, the checks, the command and the machine).
 */
record FuzzReport(String command, Map<String, Object> settings, FuzzPass.Result pass, Checks checks, Map<String, Object> machine) {

    /** A rise of the live data after GC beyond this is a finding. */
    static final double MEMORY_RISE_LIMIT = 20 * 1024 * 1024;

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** What the platform showed after the pass; memory samples null when /actuator/prometheus could not be read. */
    record Checks(PlatformChecks.Marker marker, PlatformChecks.Stored stored, PlatformChecks.Health health, PlatformChecks.Memory before,
            PlatformChecks.Memory after) {

        /** The live data's rise, when both samples have it. */
        Double liveDataRise() {
            return before == null || after == null || before.liveData() == null || after.liveData() == null ? null
                    : after.liveData() - before.liveData();
        }
    }

    /** Everything that makes the pass fail; empty when it found nothing. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        long findings = pass.tally().findings();
        if (findings > 0) {
            problems.add(String.format(Locale.ROOT, "%,d requests got an answer they should not have (%d kinds)", findings,
                    pass.findings().groups().size()));
        }
        if (!checks.marker().accepted()) {
            problems.add("the valid event was answered " + checks.marker().status() + ", not 202");
        } else if (!checks.stored().listed()) {
            problems.add("the valid event was not listed within the settle time");
        }
        PlatformChecks.Stored stored = checks.stored();
        if (stored != null && (stored.events().size() != (stored.listed() ? 1 : 0) || !stored.otherEvents().isEmpty())) {
            problems.add(String.format(Locale.ROOT, "stored: %d events of the pass's tenant (1 expected, the valid one) and %d of the other "
                    + "tenant (none expected)", stored.events().size(), stored.otherEvents().size()));
        }
        if (!checks.health().up()) {
            problems.add("health is " + checks.health().status() + " (" + checks.health().code() + "), not UP");
        }
        Double rise = checks.liveDataRise();
        if (rise != null && rise > MEMORY_RISE_LIMIT) {
            problems.add(String.format(Locale.ROOT, "the live data after GC rose by %.1f MiB (more than %.0f MiB)", rise / (1024 * 1024),
                    MEMORY_RISE_LIMIT / (1024 * 1024)));
        }
        return problems;
    }

    void write(Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("fuzz.json"), JSON.writeValueAsString(json()) + "\n");
        Files.writeString(folder.resolve("fuzz.md"), markdown());
    }

    Map<String, Object> json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("command", command);
        root.put("settings", settings);
        root.put("seconds", pass.millis() / 1000.0);
        Tally tally = pass.tally();
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("sent", tally.sent());
        for (Outcome outcome : Outcome.values()) {
            totals.put(key(outcome), tally.count(outcome));
        }
        totals.put("findings", tally.findings());
        totals.put("withheld", tally.withheld());
        root.put("totals", totals);
        List<Map<String, Object>> families = new ArrayList<>();
        tally.families().forEach((name, counts) -> {
            Map<String, Object> family = new LinkedHashMap<>();
            family.put("family", name);
            family.put("sent", counts.sent());
            Map<String, Object> outcomes = new LinkedHashMap<>();
            for (Outcome outcome : Outcome.values()) {
                outcomes.put(key(outcome), counts.count(outcome));
            }
            family.put("outcomes", outcomes);
            family.put("findings", counts.findings());
            family.put("withheld", counts.withheld());
            family.put("meanMillis", Math.round(counts.meanMillis() * 10) / 10.0);
            family.put("maxMillis", counts.maxMillis());
            family.put("cases", counts.cases());
            families.add(family);
        });
        root.put("families", families);
        List<Map<String, Object>> groups = new ArrayList<>();
        for (Findings.Group group : pass.findings().groups()) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("family", group.signature().family());
            g.put("outcome", key(group.signature().outcome()));
            g.put("what", group.signature().outcome().label());
            g.put("status", group.signature().status());
            g.put("contentType", group.signature().mediaType());
            g.put("count", group.count());
            g.put("cases", group.cases());
            g.put("samples", group.samples().stream().map(s -> {
                Map<String, Object> sample = new LinkedHashMap<>();
                sample.put("request", s.index());
                sample.put("case", s.name());
                sample.put("note", s.note());
                sample.put("millis", s.millis());
                sample.put("sent", s.request());
                sample.put("answer", s.answer());
                return sample;
            }).toList());
            groups.add(g);
        }
        Map<String, Object> findings = new LinkedHashMap<>();
        findings.put("count", tally.findings());
        findings.put("samplesPerGroup", Findings.SAMPLES);
        findings.put("excerptBytes", Excerpt.LIMIT);
        findings.put("groups", groups);
        root.put("findings", findings);
        root.put("validEvent", Map.of("id", checks.marker().id(), "status", checks.marker().status(), "accepted", checks.marker().accepted()));
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("listed", checks.stored().listed());
        stored.put("waitedSeconds", checks.stored().waitedMillis() / 1000.0);
        stored.put("events", checks.stored().events().size());
        stored.put("otherTenantEvents", checks.stored().otherEvents().size());
        stored.put("ok", checks.stored().ok());
        if (!checks.stored().ok()) {
            stored.put("eventIds", checks.stored().events().stream().limit(100).toList());
            stored.put("otherTenantEventIds", checks.stored().otherEvents().stream().limit(100).toList());
        }
        root.put("stored", stored);
        root.put("health", Map.of("code", checks.health().code(), "status", String.valueOf(checks.health().status()), "up", checks.health().up()));
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("available", checks.before() != null && checks.after() != null);
        memory.put("before", memory(checks.before()));
        memory.put("after", memory(checks.after()));
        Double rise = checks.liveDataRise();
        memory.put("liveDataRiseBytes", rise);
        memory.put("limitBytes", MEMORY_RISE_LIMIT);
        memory.put("flat", rise == null ? null : rise <= MEMORY_RISE_LIMIT);
        root.put("memory", memory);
        root.put("machine", machine);
        root.put("problems", problems());
        root.put("ok", problems().isEmpty());
        return root;
    }

    private static Map<String, Object> memory(PlatformChecks.Memory sample) {
        if (sample == null) {
            return null;
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("heapUsedBytes", sample.heapUsed());
        figures.put("liveDataBytes", sample.liveData());
        return figures;
    }

    String markdown() {
        Tally tally = pass.tally();
        StringBuilder md = new StringBuilder();
        md.append("# Fuzz pass of ").append(settings.get("url")).append("\n\n");
        md.append("```\n").append(command).append("\n```\n\n");
        List<String> problems = problems();
        md.append(String.format(Locale.ROOT, "%,d requests in %.1f s (seed %s, %s connections). ", tally.sent(), pass.millis() / 1000.0,
                settings.get("seed"), settings.get("connections")));
        md.append(problems.isEmpty() ? "**No findings.**\n\n" : "**Findings:**\n\n");
        problems.forEach(problem -> md.append("- ").append(problem).append('\n'));
        if (!problems.isEmpty()) {
            md.append('\n');
        }
        md.append("## Families\n\n");
        List<List<Object>> rows = new ArrayList<>();
        tally.families().forEach((name, counts) -> rows.add(List.of(name, counts.sent(), counts.count(Outcome.PROBLEM),
                counts.count(Outcome.BATCH_REFUSED), counts.count(Outcome.CLOSED), counts.findings(), counts.withheld())));
        rows.add(List.of("all", tally.sent(), tally.count(Outcome.PROBLEM), tally.count(Outcome.BATCH_REFUSED), tally.count(Outcome.CLOSED),
                tally.findings(), tally.withheld()));
        md.append(Tables.markdown(List.of("family", "sent", "4xx problem+json", "400 batch answer", "closed", "findings", "withheld"), rows));
        md.append("\nA 400 batch answer is the documented answer to a batch none of whose events was accepted (application/json, one "
                + "rejected result each). Withheld: generated requests that were not sent because the load generator could not rule "
                + "them out as acceptable.\n\n");
        List<Findings.Group> groups = pass.findings().groups();
        if (!groups.isEmpty()) {
            md.append("## Findings\n\n");
            List<List<Object>> findingRows = new ArrayList<>();
            for (Findings.Group group : groups) {
                findingRows.add(List.of(group.signature().family(), group.signature().outcome().label(),
                        group.signature().status() == 0 ? "-" : Integer.toString(group.signature().status()),
                        group.signature().mediaType().isEmpty() ? "-" : group.signature().mediaType(), group.count()));
            }
            md.append(Tables.markdown(List.of("family", "what", "status", "content type", "requests"), findingRows)).append('\n');
            for (Findings.Group group : groups) {
                md.append("### ").append(group.signature().family()).append(": ").append(group.signature().outcome().label());
                if (group.signature().status() != 0) {
                    md.append(", ").append(group.signature().status()).append(' ').append(group.signature().mediaType());
                }
                md.append(String.format(Locale.ROOT, " (%,d)%n%n", group.count()));
                md.append("Cases: ").append(Tables.cell(group.cases().toString())).append("\n\n");
                for (Findings.Sample sample : group.samples()) {
                    md.append(String.format(Locale.ROOT, "Request #%d, %s: %s (%d ms)%n%n", sample.index(), sample.name(), sample.note(), sample.millis()));
                    md.append("````\nsent:   ").append(sample.request()).append("\nanswer: ").append(sample.answer().isEmpty() ? "(nothing)" : sample.answer())
                            .append("\n````\n\n");
                }
            }
        }
        md.append("## Platform after the pass\n\n");
        PlatformChecks.Stored stored = checks.stored();
        List<List<Object>> platform = new ArrayList<>();
        platform.add(List.of("valid event", checks.marker().accepted() ? String.format(Locale.ROOT, "accepted (202), %s after %.1f s",
                stored.listed() ? "listed" : "not listed", stored.waitedMillis() / 1000.0) : "answered " + checks.marker().status()));
        platform.add(List.of("stored events", String.format(Locale.ROOT, "%d of the pass's tenant (1 expected), %d of the other tenant (0 expected)",
                stored.events().size(), stored.otherEvents().size())));
        platform.add(List.of("health", checks.health().status() + " (" + checks.health().code() + ")"));
        platform.add(List.of("heap used", checks.before() == null || checks.after() == null ? "not available (/actuator/prometheus)"
                : "before " + mib(checks.before().heapUsed()) + ", after " + mib(checks.after().heapUsed())));
        Double rise = checks.liveDataRise();
        platform.add(List.of("live data after GC", rise == null ? "not available"
                : "before " + mib(checks.before().liveData()) + ", after " + mib(checks.after().liveData()) + String.format(Locale.ROOT,
                ", %+.1f MiB (%s)", rise / (1024 * 1024), rise <= MEMORY_RISE_LIMIT ? "flat" : "a rise")));
        md.append(Tables.markdown(List.of("check", "result"), platform)).append('\n');
        md.append("## Settings\n\n");
        List<List<Object>> settingRows = new ArrayList<>();
        settings.forEach((name, value) -> settingRows.add(List.of(name, String.valueOf(value))));
        md.append(Tables.markdown(List.of("setting", "value"), settingRows)).append('\n');
        md.append("## Machine\n\n");
        List<List<Object>> machineRows = new ArrayList<>();
        machine.forEach((name, value) -> machineRows.add(List.of(name, String.valueOf(value))));
        md.append(Tables.markdown(List.of("", ""), machineRows));
        return md.toString();
    }

    private static String mib(double bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024 * 1024));
    }

    static String key(Outcome outcome) {
        String[] words = outcome.name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder key = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            key.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return key.toString();
    }
}
