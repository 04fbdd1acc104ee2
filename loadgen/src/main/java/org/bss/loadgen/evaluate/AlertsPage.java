package org.bss.loadgen.evaluate;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.bss.loadgen.platform.PlatformClient.PlatformException;
import tools.jackson.databind.JsonNode;

/** An alert of {@code GET /api/v1/alerts}'s answer as evaluate reads it; what scoring needs must be there. */
final class AlertsPage {

    private AlertsPage() {
    }

    /**
     * @param tenant the tenant whose key read it
     * @param number its place among the tenant's alerts, from 1, for the message when something is missing
     */
    static Alert alert(JsonNode node, String tenant, int number) {
        String where = "alert " + number + " of tenant " + tenant;
        if (node == null || !node.isObject()) {
            throw new PlatformException(where + " is not a JSON object");
        }
        return new Alert(required(node, "id", where), tenant, required(node, "metric", where), required(node, "detector", where),
                optional(node, "severity"), required(node, "state", where), instant(node, "windowStart", where, true),
                instant(node, "openedAt", where, false), instant(node, "resolvedAt", where, false), number(node, "observed"),
                number(node, "expectedLow"), number(node, "expectedHigh"), optional(node, "explanation"));
    }

    private static String required(JsonNode node, String name, String where) {
        String value = optional(node, name);
        if (value == null || value.isBlank()) {
            throw new PlatformException(where + ": \"" + name + "\" is missing");
        }
        return value;
    }

    private static String optional(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static Double number(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value != null && value.isNumber() ? value.doubleValue() : null;
    }

    private static Instant instant(JsonNode node, String name, String where, boolean required) {
        String text = required ? required(node, name, where) : optional(node, name);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new PlatformException(where + ": \"" + name + "\" is " + text + ", not an RFC 3339 instant");
        }
    }
}
