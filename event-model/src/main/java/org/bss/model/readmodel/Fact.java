package org.bss.model.readmodel;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import tools.jackson.databind.JsonNode;

/**
 * One event as the folds read it: its type, its {@link Stamp} and its JSON data (validated against the catalog on
 * the way in, but read defensively: a tenant may have registered a looser schema for a catalog type).
 */
public record Fact(String type, Stamp stamp, JsonNode data) {

    public String text(String field) {
        JsonNode value = data == null ? null : data.get(field);
        return value == null || value.isNull() || value.isContainer() ? null : value.asString();
    }

    public BigDecimal decimal(String field) {
        JsonNode value = data == null ? null : data.get(field);
        return value != null && value.isNumber() ? value.decimalValue() : null;
    }

    public Integer integer(String field) {
        JsonNode value = data == null ? null : data.get(field);
        return value != null && value.canConvertToInt() && value.isIntegralNumber() ? value.intValue() : null;
    }

    public JsonNode node(String field) {
        JsonNode value = data == null ? null : data.get(field);
        return value == null || value.isNull() ? null : value;
    }

    public Instant time() {
        return stamp.time();
    }

    public LocalDate day() {
        return LocalDate.ofInstant(stamp.time(), ZoneOffset.UTC);
    }
}
