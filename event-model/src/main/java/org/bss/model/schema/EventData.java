package org.bss.model.schema;

import org.bss.model.envelope.InvalidEventException;
import org.bss.model.envelope.Violation;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Reads an event's JSON {@code data} bytes into a tree for the schema and the data-quality rules. */
public final class EventData {

    private EventData() {
    }

    /**
     * The one JSON value in {@code jsonData}.
     *
     * @throws InvalidEventException with a violation at {@code /data} when the bytes are absent, empty,
     *     malformed, or hold more than one value
     */
    public static JsonNode parse(byte[] jsonData) {
        if (jsonData == null) {
            throw invalid("is required");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(jsonData);
        } catch (JacksonException e) {
            throw invalid("is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || node.isMissingNode()) {
            throw invalid("is empty; JSON data must be one JSON value");
        }
        return node;
    }

    private static InvalidEventException invalid(String message) {
        return new InvalidEventException(new Violation("/data", message));
    }
}
