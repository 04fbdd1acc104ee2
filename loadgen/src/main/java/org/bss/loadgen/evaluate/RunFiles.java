package org.bss.loadgen.evaluate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The files a run writes for evaluate beside its report: {@value #LABELS}, the anomalies it injected
 * ({@code [{"kind":..., "tenant":..., "start":..., "end":...}]}, instants in RFC 3339), and {@value #SPAN}, when its
 * measured part began and ended ({@code {"from":..., "to":...}}).
 */
public final class RunFiles {

    public static final String LABELS = "labels.json";
    public static final String SPAN = "span.json";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ObjectWriter WRITER = JSON.writerWithDefaultPrettyPrinter();

    private RunFiles() {
    }

    /** The measured part of a run. */
    public record Span(Instant from, Instant to) {
        public Span {
            if (!to.isAfter(from)) {
                throw new IllegalArgumentException("the span from " + from + " to " + to + " is empty");
            }
        }
    }

    public static void writeLabels(Path file, List<Label> labels) {
        List<Map<String, Object>> json = new ArrayList<>();
        for (Label label : labels) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("kind", label.kind());
            entry.put("tenant", label.tenant());
            entry.put("start", label.start().toString());
            entry.put("end", label.end().toString());
            json.add(entry);
        }
        write(file, json);
    }

    /** @throws IllegalArgumentException naming the file, the entry and what is wrong with it */
    public static List<Label> readLabels(Path file) {
        JsonNode root = read(file);
        if (!root.isArray()) {
            throw new IllegalArgumentException(file + ": expected an array of labels, [{\"kind\", \"tenant\", \"start\", \"end\"}]");
        }
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode entry = root.get(i);
            String where = file + " label " + (i + 1);
            try {
                labels.add(new Label(text(entry, "kind", where), text(entry, "tenant", where), instant(entry, "start", where),
                        instant(entry, "end", where)));
            } catch (IllegalArgumentException e) {
                throw e.getMessage().startsWith(where) ? e : new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return labels;
    }

    public static void writeSpan(Path file, Span span) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("from", span.from().toString());
        json.put("to", span.to().toString());
        write(file, json);
    }

    public static Span readSpan(Path file) {
        JsonNode root = read(file);
        String where = file.toString();
        try {
            return new Span(instant(root, "from", where), instant(root, "to", where));
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith(where) ? e : new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode read(Path file) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(file + " is not there");
        }
        try {
            return JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(file + " is not JSON: " + e.getOriginalMessage());
        }
    }

    private static void write(Path file, Object json) {
        try {
            Files.writeString(file, WRITER.writeValueAsString(json) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String text(JsonNode entry, String name, String where) {
        JsonNode value = entry.get(name);
        if (value == null || !value.isString() || value.asString().isBlank()) {
            throw new IllegalArgumentException(where + ": \"" + name + "\" is missing or not a string");
        }
        return value.asString();
    }

    private static Instant instant(JsonNode entry, String name, String where) {
        String text = text(entry, name, where);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + ": \"" + name + "\" is " + text + ", not an RFC 3339 instant such as "
                    + "2026-01-31T10:00:00Z");
        }
    }
}
