package org.bss.platform.stream.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bss.model.envelope.Violation;
import org.bss.platform.stream.internal.EventFilter.All;
import org.bss.platform.stream.internal.EventFilter.Any;
import org.bss.platform.stream.internal.EventFilter.Attribute;
import org.bss.platform.stream.internal.EventFilter.Exact;
import org.bss.platform.stream.internal.EventFilter.Not;
import org.bss.platform.stream.internal.EventFilter.Prefix;
import org.bss.platform.stream.internal.EventFilter.Suffix;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link EventFilter}s from what subscribers send, and back: the Subscriptions API's {@code filters} (JSON), and a
 * short form for query parameters. Everything wrong in a request is reported at once, each part by where it is.
 *
 * <p>Limits keep a subscription cheap to evaluate for every event: filter expressions nest at most
 * {@value #MAX_DEPTH} deep, there are at most {@value #MAX_EXPRESSIONS} of them, and a value is at most
 * {@value #MAX_VALUE_LENGTH} characters.
 */
final class EventFilters {

    static final int MAX_DEPTH = 8;
    static final int MAX_EXPRESSIONS = 64;
    static final int MAX_VALUE_LENGTH = 1024;

    static final String EXACT = "exact";
    static final String PREFIX = "prefix";
    static final String SUFFIX = "suffix";
    static final String ALL = "all";
    static final String ANY = "any";
    static final String NOT = "not";
    static final String SQL = "sql";
    static final String DIALECTS = "exact, prefix, suffix, all, any, not";

    private static final String NOT_AN_ATTRIBUTE = "is not a CloudEvents attribute name: lower-case letters a-z and"
            + " digits 0-9, at most " + Attribute.MAX_NAME_LENGTH + " of them";
    private static final String NOT_AN_EXPRESSION = "must be a filter expression: an object with one key, its dialect ("
            + DIALECTS + ")";

    private EventFilters() {
    }

    /**
     * The Subscriptions API's {@code filters}: a JSON array of filter expressions, all of which must match; an empty
     * or missing array (or null) matches every event.
     *
     * @param pointer where the array is in the request body (a JSON pointer such as {@code /filters}); errors are
     *                reported below it
     * @throws InvalidFilterException naming every part that is wrong
     */
    static EventFilter fromJson(JsonNode filters, String pointer) throws InvalidFilterException {
        if (filters == null || filters.isMissingNode() || filters.isNull()) {
            return EventFilter.EVERYTHING;
        }
        if (!filters.isArray()) {
            throw new InvalidFilterException(List.of(new Violation(pointer, "must be an array of filter expressions")));
        }
        JsonReader reader = new JsonReader();
        List<EventFilter> all = new ArrayList<>();
        for (int i = 0; i < filters.size(); i++) {
            EventFilter filter = reader.expression(filters.get(i), pointer + "/" + i, 1);
            if (filter != null) {
                all.add(filter);
            }
        }
        if (!reader.violations.isEmpty()) {
            throw new InvalidFilterException(reader.violations);
        }
        return allOf(all);
    }

    /**
     * The query-parameter form: {@code <attribute>=v} is {@code exact}, {@code prefix.<attribute>=v} and
     * {@code suffix.<attribute>=v} the other two, {@code not.<attribute>=v} not {@code exact}. A repeated parameter
     * matches any of its values ({@code not.<attribute>} then none of them), and every parameter must match. No
     * parameters: every event.
     *
     * @param reserved names of parameters that are not filters (such as where to start)
     * @throws InvalidFilterException naming every parameter that is wrong, as {@code ?name}
     */
    static EventFilter fromQuery(Map<String, List<String>> parameters, Set<String> reserved)
            throws InvalidFilterException {
        Set<Violation> violations = new LinkedHashSet<>();
        Map<String, String> exact = new LinkedHashMap<>();
        Map<String, String> prefix = new LinkedHashMap<>();
        Map<String, String> suffix = new LinkedHashMap<>();
        List<EventFilter> others = new ArrayList<>();
        int expressions = 0;
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            if (reserved.contains(name)) {
                continue;
            }
            String where = "?" + name;
            int dot = name.indexOf('.');
            String operator = dot < 0 ? EXACT : name.substring(0, dot);
            String attribute = dot < 0 ? name : name.substring(dot + 1);
            if (dot >= 0 && !(operator.equals(PREFIX) || operator.equals(SUFFIX) || operator.equals(NOT))) {
                violations.add(new Violation(where, "is not a filter: use <attribute>=, prefix.<attribute>=,"
                        + " suffix.<attribute>= or not.<attribute>="));
                continue;
            }
            if (!Attribute.isName(attribute)) {
                violations.add(new Violation(where, "\"" + attribute + "\" " + NOT_AN_ATTRIBUTE));
                continue;
            }
            Set<String> values = new LinkedHashSet<>(parameter.getValue() == null ? List.of() : parameter.getValue());
            int before = violations.size();
            for (String value : values) {
                String problem = valueProblem(value);
                if (problem != null) {
                    violations.add(new Violation(where, problem));
                }
            }
            if (violations.size() > before || values.isEmpty()) {
                continue;
            }
            // Single values of exact, prefix and suffix join one expression each; the rest are expressions of
            // their own.
            Map<String, String> joined = switch (operator) {
                case EXACT -> exact;
                case PREFIX -> prefix;
                case SUFFIX -> suffix;
                default -> null;
            };
            EventFilter filter = null;
            if (joined != null && values.size() == 1) {
                expressions += joined.isEmpty() ? 1 : 0;
                joined.put(attribute, values.iterator().next());
            } else {
                List<EventFilter> each = values.stream()
                        .map(value -> comparing(operator, Map.of(attribute, value)))
                        .toList();
                filter = operator.equals(NOT) ? new Not(anyOf(each)) : anyOf(each);
                expressions += count(filter);
            }
            if (expressions > MAX_EXPRESSIONS) {
                violations.add(new Violation(where, tooMany()));
                break;
            }
            if (filter != null) {
                others.add(filter);
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidFilterException(List.copyOf(violations));
        }
        List<EventFilter> all = new ArrayList<>();
        if (!exact.isEmpty()) {
            all.add(new Exact(exact));
        }
        if (!prefix.isEmpty()) {
            all.add(new Prefix(prefix));
        }
        if (!suffix.isEmpty()) {
            all.add(new Suffix(suffix));
        }
        all.addAll(others);
        return allOf(all);
    }

    /**
     * The JSON form {@link #fromJson} reads: an array of filter expressions. Attributes are written in the order of
     * their names, so that a filter is always written the same way. What {@link #fromJson} and {@link #fromQuery}
     * make reads back equal; a filter made otherwise may be written as what they refuse (an {@code all} or
     * {@code any} of nothing below the top, or beyond the limits).
     */
    static JsonNode toJson(EventFilter filter) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        // The array is itself an "all"; an "all" of one expression is written as one, or it would be read back as
        // that expression.
        if (filter instanceof All all && all.filters().size() != 1) {
            all.filters().forEach(f -> array.add(expression(f)));
        } else {
            array.add(expression(filter));
        }
        return array;
    }

    private static ObjectNode expression(EventFilter filter) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        switch (filter) {
            case Exact exact -> node.set(EXACT, attributes(exact.attributes()));
            case Prefix prefix -> node.set(PREFIX, attributes(prefix.attributes()));
            case Suffix suffix -> node.set(SUFFIX, attributes(suffix.attributes()));
            case All all -> node.set(ALL, expressions(all.filters()));
            case Any any -> node.set(ANY, expressions(any.filters()));
            case Not not -> node.set(NOT, expression(not.filter()));
        }
        return node;
    }

    private static ObjectNode attributes(Map<String, String> attributes) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        new TreeMap<>(attributes).forEach(node::put);
        return node;
    }

    private static ArrayNode expressions(List<EventFilter> filters) {
        ArrayNode node = JsonNodeFactory.instance.arrayNode();
        filters.forEach(f -> node.add(expression(f)));
        return node;
    }

    /** All of the filters, without an "all" around a single one. */
    private static EventFilter allOf(List<EventFilter> filters) {
        return filters.size() == 1 ? filters.getFirst() : new All(filters);
    }

    private static EventFilter anyOf(List<EventFilter> filters) {
        return filters.size() == 1 ? filters.getFirst() : new Any(filters);
    }

    /** An exact, prefix or suffix filter of the attributes. */
    private static EventFilter comparing(String dialect, Map<String, String> attributes) {
        return switch (dialect) {
            case PREFIX -> new Prefix(attributes);
            case SUFFIX -> new Suffix(attributes);
            default -> new Exact(attributes); // exact, and the exact under a "not"
        };
    }

    /** How many filter expressions the filter is written as. */
    private static int count(EventFilter filter) {
        return switch (filter) {
            case Exact e -> 1;
            case Prefix p -> 1;
            case Suffix s -> 1;
            case All all -> 1 + all.filters().stream().mapToInt(EventFilters::count).sum();
            case Any any -> 1 + any.filters().stream().mapToInt(EventFilters::count).sum();
            case Not not -> 1 + count(not.filter());
        };
    }

    /** Why an attribute's value cannot be compared with, or null when it can. */
    private static String valueProblem(String value) {
        if (value.isEmpty()) {
            return "must not be empty";
        }
        if (value.length() > MAX_VALUE_LENGTH) {
            return "must be at most " + MAX_VALUE_LENGTH + " characters, was " + value.length();
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                // Compared by UTF-16 units, a lone half of a pair could match half a character.
                return "must be Unicode text, without a lone surrogate (at character " + i + ")";
            }
        }
        return null;
    }

    private static String tooMany() {
        return "is one filter expression too many: at most " + MAX_EXPRESSIONS + " in all";
    }

    /** Reads one {@code filters} array, collecting what is wrong with it. */
    private static final class JsonReader {

        final List<Violation> violations = new ArrayList<>();
        private int expressions;

        /** The expression at {@code pointer}, or null when it is wrong (and why is among the violations). */
        EventFilter expression(JsonNode node, String pointer, int depth) {
            if (expressions > MAX_EXPRESSIONS) {
                return null; // reported once; what follows is not looked at
            }
            if (++expressions > MAX_EXPRESSIONS) {
                violations.add(new Violation(pointer, tooMany()));
                return null;
            }
            if (depth > MAX_DEPTH) {
                violations.add(new Violation(pointer, "is nested too deep: filter expressions nest at most "
                        + MAX_DEPTH + " deep"));
                return null;
            }
            if (!node.isObject()) {
                violations.add(new Violation(pointer, NOT_AN_EXPRESSION));
                return null;
            }
            if (node.size() != 1) {
                violations.add(new Violation(pointer, node.isEmpty()
                        ? "must have one key, its dialect (" + DIALECTS + "); it has none"
                        : "must have one key, its dialect; it has " + node.size() + ": "
                                + String.join(", ", node.propertyNames())));
                return null;
            }
            Map.Entry<String, JsonNode> only = node.properties().iterator().next();
            String dialect = only.getKey();
            JsonNode value = only.getValue();
            String at = pointer + "/" + Violation.escape(dialect);
            return switch (dialect) {
                case EXACT, PREFIX, SUFFIX -> comparison(dialect, value, at);
                case ALL, ANY -> list(dialect, value, at, depth);
                case NOT -> {
                    EventFilter inner = expression(value, at, depth + 1);
                    yield inner == null ? null : new Not(inner);
                }
                case SQL -> refuse(at, "the sql dialect (CESQL) is not supported; use " + DIALECTS);
                default -> refuse(at, "\"" + dialect + "\" is not a supported filter dialect; use " + DIALECTS);
            };
        }

        private EventFilter comparison(String dialect, JsonNode value, String pointer) {
            if (!value.isObject() || value.isEmpty()) {
                return refuse(pointer, "must be an object of one or more attribute names, each with the value to"
                        + " compare it with, e.g. {\"type\": \"order.placed\"}");
            }
            int before = violations.size();
            Map<String, String> attributes = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> attribute : value.properties()) {
                String name = attribute.getKey();
                String at = pointer + "/" + Violation.escape(name);
                if (!Attribute.isName(name)) {
                    violations.add(new Violation(at, NOT_AN_ATTRIBUTE));
                } else if (!attribute.getValue().isString()) {
                    violations.add(new Violation(at, "must be a string, was " + kind(attribute.getValue())));
                } else {
                    String text = attribute.getValue().stringValue();
                    String problem = valueProblem(text);
                    if (problem != null) {
                        violations.add(new Violation(at, problem));
                    }
                    attributes.put(name, text);
                }
            }
            if (violations.size() > before) {
                return null;
            }
            return comparing(dialect, attributes);
        }

        private EventFilter list(String dialect, JsonNode value, String pointer, int depth) {
            if (!value.isArray() || value.isEmpty()) {
                return refuse(pointer, "must be an array of at least one filter expression");
            }
            int before = violations.size();
            List<EventFilter> filters = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                EventFilter filter = expression(value.get(i), pointer + "/" + i, depth + 1);
                if (filter != null) {
                    filters.add(filter);
                }
            }
            if (violations.size() > before) {
                return null;
            }
            return dialect.equals(ALL) ? new All(filters) : new Any(filters);
        }

        private EventFilter refuse(String pointer, String message) {
            violations.add(new Violation(pointer, message));
            return null;
        }

        private static String kind(JsonNode node) {
            return switch (node.getNodeType()) {
                case NUMBER -> "a number";
                case BOOLEAN -> "a boolean";
                case NULL -> "null";
                case ARRAY -> "an array";
                case OBJECT -> "an object";
                default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
            };
        }
    }
}
