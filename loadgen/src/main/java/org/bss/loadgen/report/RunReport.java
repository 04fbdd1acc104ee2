package org.bss.loadgen.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The final report of a run, rendered as plain text, JSON or one self-contained HTML page.
 *
 * @param settings          what was asked for, in the order to show (scenario, rate, mode, ...); values may be null
 * @param machine           where it ran (see {@link Machine#describe()})
 * @param verification      what the verifier found (accepted, stored, missing, duplicated, ...), or null if it did
 *                          not run
 * @param deliveries        what the stream subscribers received, or null if there were none
 * @param thresholdFailures the broken limits (see {@link Thresholds#evaluate}); empty when the run passed, null when no
 *                          thresholds were checked
 * @param sections          extra tables, shown after the rest
 */
public record RunReport(String title, Map<String, Object> settings, Map<String, Object> machine, Totals totals,
        Map<String, Object> verification, Deliveries deliveries, List<String> thresholdFailures, List<Section> sections) {

    public RunReport {
        settings = ordered(settings);
        machine = ordered(machine);
        verification = verification == null ? null : ordered(verification);
        thresholdFailures = thresholdFailures == null ? null : List.copyOf(thresholdFailures);
        sections = sections == null ? List.of() : List.copyOf(sections);
    }

    public RunReport(String title, Map<String, Object> settings, Map<String, Object> machine, Totals totals,
            Map<String, Object> verification, List<String> thresholdFailures) {
        this(title, settings, machine, totals, verification, null, thresholdFailures, List.of());
    }

    /** Without stream subscribers. */
    public RunReport(String title, Map<String, Object> settings, Map<String, Object> machine, Totals totals,
            Map<String, Object> verification, List<String> thresholdFailures, List<Section> sections) {
        this(title, settings, machine, totals, verification, null, thresholdFailures, sections);
    }

    /** The same report with more tables at the end. */
    public RunReport withSections(List<Section> more) {
        List<Section> all = new ArrayList<>(sections);
        all.addAll(more);
        return new RunReport(title, settings, machine, totals, verification, deliveries, thresholdFailures, all);
    }

    /** True unless a threshold was broken. */
    public boolean passed() {
        return thresholdFailures == null || thresholdFailures.isEmpty();
    }

    public String text() {
        return TextReport.render(this);
    }

    public String json() {
        return JsonReport.render(this);
    }

    public String html() {
        return HtmlReport.render(this);
    }

    /**
     * Writes {@code <baseName>.txt}, {@code .json} and {@code .html} into the directory, creating it if need be.
     *
     * @throws UncheckedIOException if a file cannot be written
     */
    public static void writeAll(RunReport r, Path directory, String baseName) {
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(baseName + ".txt"), r.text(), StandardCharsets.UTF_8);
            Files.writeString(directory.resolve(baseName + ".json"), r.json(), StandardCharsets.UTF_8);
            Files.writeString(directory.resolve(baseName + ".html"), r.html(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + directory, e);
        }
    }

    private static Map<String, Object> ordered(Map<String, Object> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
