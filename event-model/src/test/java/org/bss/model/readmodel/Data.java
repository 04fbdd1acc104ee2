package org.bss.model.readmodel;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Event data for the tests, built as JSON trees the way the platform hands them to the folds. */
final class Data {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JSON.getNodeFactory();

    private Data() {
    }

    /** An object of the given names and values, in that order; a null value leaves its name out. */
    static ObjectNode object(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        ObjectNode object = JSON.createObjectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                object.set((String) namesAndValues[i], node(namesAndValues[i + 1]));
            }
        }
        return object;
    }

    static JsonNode node(Object value) {
        return switch (value) {
            case JsonNode json -> json;
            case String text -> NODES.stringNode(text);
            case BigDecimal decimal -> NODES.numberNode(decimal);
            case Integer number -> NODES.numberNode(number.intValue());
            case Boolean flag -> NODES.booleanNode(flag);
            case List<?> list -> array(list);
            case Map<?, ?> map -> object(map);
            default -> throw new IllegalArgumentException("no JSON for " + value.getClass());
        };
    }

    /** An object of the entries of {@code map}, in its order; a null value leaves its name out. */
    static ObjectNode object(Map<?, ?> map) {
        ObjectNode object = JSON.createObjectNode();
        map.forEach((name, value) -> {
            if (value != null) {
                object.set((String) name, node(value));
            }
        });
        return object;
    }

    /** An amount of money as events carry it: a decimal with two places. */
    static BigDecimal money(String amount) {
        BigDecimal money = new BigDecimal(amount);
        if (money.scale() != 2) {
            throw new IllegalArgumentException("money has two decimal places: " + amount);
        }
        return money;
    }

    private static ArrayNode array(List<?> elements) {
        ArrayNode array = JSON.createArrayNode();
        elements.forEach(element -> array.add(node(element)));
        return array;
    }
}
