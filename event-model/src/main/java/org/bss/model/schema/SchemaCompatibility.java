package org.bss.model.schema;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

/**
 * Whether a new version of a data schema still accepts what the previous version accepted (backward
 * compatibility: consumers of the new schema can read data written under the old one). A pure function.
 *
 * <p>The comparison is structural and errs on the side of caution: a keyword it does not reason about that
 * is new or different in the next schema ({@code allOf}, {@code if}, {@code not}, ...) is reported as
 * "cannot prove compatible". One convention is deliberate: declaring a new optional property in an object that
 * allowed unlisted properties is compatible, because producers are expected not to have sent that name with a
 * different meaning (otherwise no schema could ever document a new field).
 */
public final class SchemaCompatibility {

    private static final Set<String> ALL_TYPES =
            Set.of("array", "boolean", "integer", "null", "number", "object", "string");

    /** Keywords that never make a schema refuse a value (or, for $defs, matter only through a $ref). */
    private static final Set<String> ANNOTATIONS = Set.of(
            "$schema", "$id", "$comment", "$defs", "definitions", "$anchor", "$dynamicAnchor", "$vocabulary",
            "title", "description", "examples", "default", "deprecated", "readOnly", "writeOnly",
            "contentEncoding", "contentMediaType", "contentSchema");

    /** Keywords this class reasons about. */
    private static final Set<String> UNDERSTOOD = Set.of(
            "type", "enum", "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
            "minLength", "maxLength", "pattern", "format", "minItems", "maxItems", "uniqueItems", "items",
            "prefixItems", "minProperties", "maxProperties", "required", "dependentRequired", "properties",
            "additionalProperties", "patternProperties", "$ref");

    private static final int MAX_DEPTH = 64;
    private static final int MAX_COMPARISONS = 20_000;

    private SchemaCompatibility() {
    }

    /**
     * Why some data valid under {@code previousSchemaJson} could be invalid under {@code nextSchemaJson}; empty
     * when none was found. Each reason starts with the JSON pointer of the subschema concerned (the root is
     * written {@code /}), e.g. {@code /properties/amount: type narrowed from [number] to [integer]}.
     *
     * @throws InvalidSchemaException when either text is not JSON
     */
    public static List<String> backwardIncompatibilities(String previousSchemaJson, String nextSchemaJson) {
        JsonNode previous = read(previousSchemaJson, "previous");
        JsonNode next = read(nextSchemaJson, "next");
        Comparison comparison = new Comparison(previous, next);
        comparison.compare(previous, next, "", 0);
        return List.copyOf(comparison.reasons);
    }

    private static JsonNode read(String json, String which) {
        try {
            JsonNode node = json == null ? null : Json.MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new InvalidSchemaException(which + " schema: no JSON text");
            }
            return node;
        } catch (JacksonException e) {
            throw new InvalidSchemaException(which + " schema: not JSON: " + e.getOriginalMessage());
        }
    }

    /** The state of one comparison: the two roots (for local $refs) and what was found. */
    private static final class Comparison {

        private final JsonNode previousRoot;
        private final JsonNode nextRoot;
        private final Set<String> reasons = new LinkedHashSet<>();
        private final Set<Pair> refsInProgress = new HashSet<>();
        private int comparisons;

        Comparison(JsonNode previousRoot, JsonNode nextRoot) {
            this.previousRoot = previousRoot;
            this.nextRoot = nextRoot;
        }

        void compare(JsonNode previousSchema, JsonNode nextSchema, String at, int depth) {
            if (depth > MAX_DEPTH) {
                reason(at, "cannot prove compatible: schemas nested too deeply to compare");
                return;
            }
            if (++comparisons > MAX_COMPARISONS) {
                reason("", "cannot prove compatible: schemas too large to compare");
                return;
            }
            JsonNode p = dereference(previousSchema, previousRoot);
            JsonNode n = dereference(nextSchema, nextRoot);
            if (acceptsEverything(n) || refusesEverything(p)) {
                return;
            }
            // A pair of $ref targets already being compared further up: a recursive schema, nothing new below.
            Pair pair = new Pair(p, n);
            boolean followed = p != previousSchema || n != nextSchema;
            if (followed && !refsInProgress.add(pair)) {
                return;
            }
            try {
                compareKeywords(p, n, at, depth);
            } finally {
                if (followed) {
                    refsInProgress.remove(pair);
                }
            }
        }

        private void compareKeywords(JsonNode p, JsonNode n, String at, int depth) {
            if (refusesEverything(n)) {
                reason(at, "refuses every value now (false schema)");
                return;
            }
            if (!p.isObject()) { // true, or not a schema at all: compare as if it were {}
                p = Json.MAPPER.createObjectNode();
            }
            narrowedTypes(p, n, at);
            values(p, n, at);
            numericBounds(p, n, at);
            count(p, n, at, "minLength", "maxLength");
            count(p, n, at, "minItems", "maxItems");
            count(p, n, at, "minProperties", "maxProperties");
            multipleOf(p, n, at);
            if (n.path("uniqueItems").asBoolean(false) && !p.path("uniqueItems").asBoolean(false)) {
                reason(at, "uniqueItems added");
            }
            changedText(p, n, at, "pattern");
            changedText(p, n, at, "format");
            required(p, n, at);
            dependentRequired(p, n, at);
            properties(p, n, at, depth);
            arrayItems(p, n, at, depth);
            reference(p, n, at, depth);
            notUnderstood(p, n, at);
        }

        private void narrowedTypes(JsonNode p, JsonNode n, String at) {
            Set<String> next = types(n);
            if (next == null) {
                return;
            }
            Set<String> previous = types(p);
            if (previous == null) {
                previous = valueTypes(p);
            }
            Set<String> lost = new TreeSet<>();
            for (String type : previous == null ? ALL_TYPES : previous) {
                if (!next.contains(type) && !(type.equals("integer") && next.contains("number"))) {
                    lost.add(type);
                }
            }
            if (!lost.isEmpty()) {
                reason(at, "type narrowed from " + (previous == null ? "any type" : new TreeSet<>(previous))
                        + " to " + new TreeSet<>(next));
            }
        }

        private void values(JsonNode p, JsonNode n, String at) {
            List<JsonNode> next = allowedValues(n);
            if (next == null) {
                return;
            }
            List<JsonNode> previous = allowedValues(p);
            String keyword = n.has("const") ? "const" : "enum";
            if (previous == null) {
                reason(at, keyword + " added: only " + render(next) + " allowed");
                return;
            }
            List<JsonNode> removed = new ArrayList<>();
            for (JsonNode value : previous) {
                if (next.stream().noneMatch(v -> sameValue(v, value))) {
                    removed.add(value);
                }
            }
            if (removed.isEmpty()) {
                return;
            }
            if (keyword.equals("const")) {
                reason(at, "const changed from " + render(previous) + " to " + n.get("const"));
            } else {
                reason(at, "enum values removed: " + render(removed));
            }
        }

        private void numericBounds(JsonNode p, JsonNode n, String at) {
            Bound nextLower = lower(n);
            Bound previousLower = lower(p);
            if (nextLower != null && (previousLower == null || nextLower.tighterLowerThan(previousLower))) {
                reason(at, tightened(previousLower, nextLower));
            }
            Bound nextUpper = upper(n);
            Bound previousUpper = upper(p);
            if (nextUpper != null && (previousUpper == null || nextUpper.tighterUpperThan(previousUpper))) {
                reason(at, tightened(previousUpper, nextUpper));
            }
        }

        private static String tightened(Bound previous, Bound next) {
            if (previous == null) {
                return next.keyword() + " added: " + next.value().toPlainString();
            }
            if (previous.keyword().equals(next.keyword())) {
                return next.keyword() + " tightened from " + previous.value().toPlainString() + " to "
                        + next.value().toPlainString();
            }
            return "bound tightened from " + previous.keyword() + " " + previous.value().toPlainString() + " to "
                    + next.keyword() + " " + next.value().toPlainString();
        }

        private void count(JsonNode p, JsonNode n, String at, String minKeyword, String maxKeyword) {
            BigDecimal nextMin = number(n, minKeyword);
            BigDecimal previousMin = number(p, minKeyword);
            if (nextMin != null && nextMin.signum() > 0
                    && (previousMin == null || nextMin.compareTo(previousMin) > 0)) {
                reason(at, previousMin == null ? minKeyword + " added: " + nextMin.toPlainString()
                        : minKeyword + " tightened from " + previousMin.toPlainString() + " to " + nextMin.toPlainString());
            }
            BigDecimal nextMax = number(n, maxKeyword);
            BigDecimal previousMax = number(p, maxKeyword);
            if (nextMax != null && (previousMax == null || nextMax.compareTo(previousMax) < 0)) {
                reason(at, previousMax == null ? maxKeyword + " added: " + nextMax.toPlainString()
                        : maxKeyword + " tightened from " + previousMax.toPlainString() + " to " + nextMax.toPlainString());
            }
        }

        private void multipleOf(JsonNode p, JsonNode n, String at) {
            BigDecimal next = number(n, "multipleOf");
            if (next == null || next.signum() <= 0) {
                return;
            }
            BigDecimal previous = number(p, "multipleOf");
            if (previous == null) {
                reason(at, "multipleOf added: " + next.toPlainString());
            } else if (previous.remainder(next).signum() != 0) {
                reason(at, "multipleOf changed from " + previous.toPlainString() + " to " + next.toPlainString());
            }
        }

        private void changedText(JsonNode p, JsonNode n, String at, String keyword) {
            JsonNode next = n.get(keyword);
            JsonNode previous = p.get(keyword);
            if (next == null || next.equals(previous)) {
                return;
            }
            reason(at, previous == null ? keyword + " added: " + next.asString()
                    : keyword + " changed from " + previous.asString() + " to " + next.asString());
        }

        private void required(JsonNode p, JsonNode n, String at) {
            Set<String> previous = strings(p.get("required"));
            for (String name : strings(n.get("required"))) {
                if (!previous.contains(name)) {
                    reason(at, "property " + name + " added to required");
                }
            }
        }

        private void dependentRequired(JsonNode p, JsonNode n, String at) {
            JsonNode next = n.get("dependentRequired");
            if (next == null || !next.isObject()) {
                return;
            }
            Set<String> required = strings(p.get("required"));
            for (Map.Entry<String, JsonNode> entry : next.properties()) {
                Set<String> previous = strings(p.path("dependentRequired").get(entry.getKey()));
                for (String name : strings(entry.getValue())) {
                    if (!previous.contains(name) && !required.contains(name)) {
                        reason(at, "property " + name + " became required when " + entry.getKey() + " is present");
                    }
                }
            }
        }

        private void properties(JsonNode p, JsonNode n, String at, int depth) {
            JsonNode previousProperties = p.path("properties");
            JsonNode nextProperties = n.path("properties");
            JsonNode previousAdditional = p.has("additionalProperties") ? p.get("additionalProperties") : null;
            JsonNode nextAdditional = n.has("additionalProperties") ? n.get("additionalProperties") : null;
            for (Map.Entry<String, JsonNode> property : nextProperties.properties()) {
                String pointer = Pointers.append(at + "/properties", property.getKey());
                JsonNode previous = previousProperties.get(property.getKey());
                if (previous != null) {
                    compare(previous, property.getValue(), pointer, depth + 1);
                } else if (previousAdditional != null && previousAdditional.isObject()) {
                    compare(previousAdditional, property.getValue(), pointer, depth + 1);
                }
                // else: a newly declared optional property; compatible by convention (see the class comment).
            }
            for (Map.Entry<String, JsonNode> property : previousProperties.properties()) {
                if (nextProperties.has(property.getKey())) {
                    continue;
                }
                String pointer = Pointers.append(at + "/properties", property.getKey());
                if (refusesEverything(nextAdditional)) {
                    reason(pointer, "property removed while additionalProperties is false");
                } else if (nextAdditional != null && nextAdditional.isObject()) {
                    compare(property.getValue(), nextAdditional, pointer, depth + 1);
                }
            }
            if (refusesEverything(nextAdditional) && !refusesEverything(previousAdditional)) {
                reason(at, "additionalProperties changed from " + (previousAdditional == null ? "absent (true)"
                        : previousAdditional.isObject() ? "a schema" : previousAdditional.toString())
                        + " to false: properties not listed are refused now");
            } else if (nextAdditional != null) {
                compare(previousAdditional == null ? trueSchema() : previousAdditional, nextAdditional,
                        at + "/additionalProperties", depth + 1);
            }
            JsonNode nextPatterns = n.get("patternProperties");
            JsonNode previousPatterns = p.get("patternProperties");
            if (nextPatterns != null ? !nextPatterns.equals(previousPatterns) : previousPatterns != null && nextAdditional != null) {
                reason(at, "cannot prove compatible: patternProperties changed at " + display(at));
            }
        }

        private void arrayItems(JsonNode p, JsonNode n, String at, int depth) {
            JsonNode previousPrefix = p.path("prefixItems");
            JsonNode nextPrefix = n.path("prefixItems");
            JsonNode previousItems = p.has("items") ? p.get("items") : trueSchema();
            JsonNode nextItems = n.has("items") ? n.get("items") : trueSchema();
            int prefixes = Math.max(previousPrefix.size(), nextPrefix.size());
            for (int i = 0; i < prefixes; i++) {
                JsonNode previous = i < previousPrefix.size() ? previousPrefix.get(i) : previousItems;
                JsonNode next = i < nextPrefix.size() ? nextPrefix.get(i) : nextItems;
                String pointer = i < nextPrefix.size() ? Pointers.append(at + "/prefixItems", i) : at + "/items";
                compare(previous, next, pointer, depth + 1);
            }
            if (n.has("items")) {
                compare(previousItems, nextItems, at + "/items", depth + 1);
            }
        }

        private void reference(JsonNode p, JsonNode n, String at, int depth) {
            JsonNode nextRef = n.get("$ref");
            if (nextRef == null) {
                return; // a $ref the previous schema had and the next one dropped only loosens it
            }
            JsonNode previousRef = p.get("$ref");
            if (!nextRef.equals(previousRef)) {
                reason(at, "cannot prove compatible: $ref changed at " + display(at)
                        + (previousRef == null ? "" : " from " + previousRef.asString()) + " to " + nextRef.asString());
                return;
            }
            JsonNode previousTarget = resolveLocal(previousRef.asString(""), previousRoot);
            JsonNode nextTarget = resolveLocal(nextRef.asString(""), nextRoot);
            Pair pair = new Pair(previousTarget, nextTarget);
            if (previousTarget != null && nextTarget != null && refsInProgress.add(pair)) {
                try {
                    compare(previousTarget, nextTarget, at, depth + 1);
                } finally {
                    refsInProgress.remove(pair);
                }
            }
            // An equal $ref that is not local names a schema by $id, and published $ids are immutable.
        }

        private void notUnderstood(JsonNode p, JsonNode n, String at) {
            for (String keyword : n.propertyNames()) {
                if (!UNDERSTOOD.contains(keyword) && !ANNOTATIONS.contains(keyword) && !n.get(keyword).equals(p.get(keyword))) {
                    reason(at, "cannot prove compatible: " + keyword + " changed at " + display(at));
                }
            }
        }

        /** A schema that is only a local $ref (plus annotations) stands for its target. */
        private JsonNode dereference(JsonNode schema, JsonNode root) {
            JsonNode current = schema;
            for (int hops = 0; hops < 16 && current != null && current.isObject() && current.has("$ref"); hops++) {
                for (String keyword : current.propertyNames()) {
                    if (!keyword.equals("$ref") && !ANNOTATIONS.contains(keyword)) {
                        return current;
                    }
                }
                JsonNode target = resolveLocal(current.get("$ref").asString(""), root);
                if (target == null) {
                    return current;
                }
                current = target;
            }
            return current == null ? trueSchema() : current;
        }

        private void reason(String at, String text) {
            reasons.add(display(at) + ": " + text);
        }
    }

    /** A numeric bound: its value, whether it excludes the value itself, and which keyword set it. */
    private record Bound(BigDecimal value, boolean exclusive, String keyword) {

        boolean tighterLowerThan(Bound other) {
            int c = value.compareTo(other.value);
            return c > 0 || (c == 0 && exclusive && !other.exclusive);
        }

        boolean tighterUpperThan(Bound other) {
            int c = value.compareTo(other.value);
            return c < 0 || (c == 0 && exclusive && !other.exclusive);
        }
    }

    /** Two schema nodes by identity: a pair of $ref targets already compared. */
    private record Pair(JsonNode previous, JsonNode next) {

        @Override
        public boolean equals(Object o) {
            return o instanceof Pair other && other.previous == previous && other.next == next;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(previous) * 31 + System.identityHashCode(next);
        }
    }

    private static Bound lower(JsonNode schema) {
        return tighter(bound(schema, "minimum", false), bound(schema, "exclusiveMinimum", true), true);
    }

    private static Bound upper(JsonNode schema) {
        return tighter(bound(schema, "maximum", false), bound(schema, "exclusiveMaximum", true), false);
    }

    private static Bound bound(JsonNode schema, String keyword, boolean exclusive) {
        BigDecimal value = number(schema, keyword);
        return value == null ? null : new Bound(value, exclusive, keyword);
    }

    private static Bound tighter(Bound a, Bound b, boolean lower) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return (lower ? b.tighterLowerThan(a) : b.tighterUpperThan(a)) ? b : a;
    }

    private static BigDecimal number(JsonNode schema, String keyword) {
        JsonNode value = schema.get(keyword);
        return value != null && value.isNumber() ? value.decimalValue() : null;
    }

    private static Set<String> types(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type == null) {
            return null;
        }
        return type.isArray() ? strings(type) : Set.of(type.asString(""));
    }

    /** The JSON types of the values an enum or const allows, or null when there is neither. */
    private static Set<String> valueTypes(JsonNode schema) {
        List<JsonNode> values = allowedValues(schema);
        if (values == null) {
            return null;
        }
        Set<String> types = new HashSet<>();
        for (JsonNode value : values) {
            types.add(switch (value.getNodeType()) {
                case ARRAY -> "array";
                case BOOLEAN -> "boolean";
                case NULL -> "null";
                case NUMBER -> value.isIntegralNumber() ? "integer" : "number";
                case OBJECT -> "object";
                default -> "string";
            });
        }
        return types;
    }

    /** The values an enum or a const allows, or null when the schema has neither. */
    private static List<JsonNode> allowedValues(JsonNode schema) {
        if (schema.has("const")) {
            return List.of(schema.get("const"));
        }
        JsonNode values = schema.get("enum");
        if (values == null || !values.isArray()) {
            return null;
        }
        return List.copyOf(values.values());
    }

    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static String render(List<JsonNode> values) {
        List<String> rendered = new ArrayList<>(values.size());
        for (JsonNode value : values) {
            rendered.add(value.toString());
        }
        return "[" + String.join(", ", rendered) + "]";
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> strings = new LinkedHashSet<>();
        if (array != null && array.isArray()) {
            for (JsonNode value : array.values()) {
                if (value.isString()) {
                    strings.add(value.stringValue());
                }
            }
        }
        return strings;
    }

    private static boolean acceptsEverything(JsonNode schema) {
        if (schema == null || schema.isBoolean()) {
            return schema == null || schema.booleanValue();
        }
        if (!schema.isObject()) {
            return true;
        }
        for (String keyword : schema.propertyNames()) {
            if (!ANNOTATIONS.contains(keyword)) {
                return false;
            }
        }
        return true;
    }

    private static boolean refusesEverything(JsonNode schema) {
        return schema != null && schema.isBoolean() && !schema.booleanValue();
    }

    /** The target of {@code #}, {@code #/json/pointer} or {@code #anchor} in {@code root}; null otherwise. */
    private static JsonNode resolveLocal(String ref, JsonNode root) {
        if (ref.equals("#")) {
            return root;
        }
        if (ref.startsWith("#/")) {
            try {
                JsonNode target = root.at(JsonPointer.compile(
                        percentDecoded(ref.substring(1))));
                return target.isMissingNode() ? null : target;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        if (ref.startsWith("#")) {
            return findAnchor(root, ref.substring(1), 0);
        }
        return null;
    }

    private static String percentDecoded(String fragment) {
        // URLDecoder decodes form encoding, where + is a space; in a URI fragment it is a plus.
        return fragment.indexOf('%') < 0 ? fragment
                : URLDecoder.decode(fragment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static JsonNode findAnchor(JsonNode node, String anchor, int depth) {
        if (depth > MAX_DEPTH || !node.isContainer()) {
            return null;
        }
        if (node.isObject() && anchor.equals(node.path("$anchor").asString(null))) {
            return node;
        }
        for (JsonNode child : node.values()) {
            JsonNode found = findAnchor(child, anchor, depth + 1);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static JsonNode trueSchema() {
        return Json.MAPPER.getNodeFactory().booleanNode(true);
    }

    private static String display(String pointer) {
        return pointer.isEmpty() ? "/" : pointer;
    }
}
