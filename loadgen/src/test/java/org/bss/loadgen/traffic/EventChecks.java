package org.bss.loadgen.traffic;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bss.model.envelope.CloudEvent;
import org.bss.model.envelope.EnvelopeRules;
import org.bss.model.envelope.InvalidEventException;
import org.bss.model.envelope.StructuredFormat;
import org.bss.model.envelope.Violation;
import org.bss.model.schema.DataQualityRules;
import org.bss.model.schema.DataSchema;
import org.bss.model.schema.EventCatalog;
import org.bss.model.schema.EventData;
import tools.jackson.databind.JsonNode;

/**
 * Judges an event as the platform's admission does (platform/.../ingest/internal/EventAdmission): envelope
 * rules, the catalog schema of its type, the data-quality rules. Each problem names the event.
 */
final class EventChecks {

    static final Duration MAX_FUTURE_SKEW = Duration.ofMinutes(5);

    private EventChecks() {
    }

    /** Every problem of the structured event {@code json}; {@code now} is when the platform would receive it. */
    static List<String> problems(String label, byte[] json, Instant now) {
        CloudEvent event;
        try {
            event = StructuredFormat.read(json);
        } catch (InvalidEventException e) {
            return describe(label, e.violations());
        }
        return problems(label, event, now);
    }

    static List<String> problems(String label, CloudEvent event, Instant now) {
        List<Violation> violations = new ArrayList<>(EnvelopeRules.check(event));
        if (!violations.isEmpty()) {
            return describe(label, violations);
        }
        DataSchema schema = EventCatalog.builtIn().schemaFor(event.type()).orElse(null);
        if (schema == null) {
            return List.of(label + ": no catalog schema for type " + event.type());
        }
        if (!event.hasData() || !event.hasJsonData()) {
            return List.of(label + ": no JSON data");
        }
        JsonNode data;
        try {
            data = EventData.parse(event.data());
        } catch (InvalidEventException e) {
            return describe(label, e.violations());
        }
        violations.addAll(schema.validate(data));
        violations.addAll(DataQualityRules.check(event, data, now, MAX_FUTURE_SKEW));
        return describe(label, violations);
    }

    private static List<String> describe(String label, List<Violation> violations) {
        List<String> problems = new ArrayList<>(violations.size());
        for (Violation v : violations) {
            problems.add(label + ": " + v.pointer() + " " + v.message());
        }
        return problems;
    }
}
