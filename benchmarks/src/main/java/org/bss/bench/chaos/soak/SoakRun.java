package org.bss.bench.chaos.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A soak as the sampler records it in soak.json: how it was sampled, and the samples so far. Rewritten whole after
 * every sample (to a new file, then moved over the old one), so that a run stopped at any point leaves a readable file.
 * The report's JSON holds the same two fields, and reads back as one too.
 */
record SoakRun(Map<String, Object> settings, List<SoakSample> samples) {

    static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    void write(Path file) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, JSON.writeValueAsString(this));
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static SoakRun read(Path file) throws IOException {
        return JSON.readValue(Files.readString(file), SoakRun.class);
    }

    /** The length of load the run was planned for, in seconds (the sampler's --for). */
    double plannedSeconds() {
        Object value = settings.get("forSeconds");
        return value instanceof Number n ? n.doubleValue() : samples.isEmpty() ? 0 : samples.getLast().elapsedSeconds();
    }
}
