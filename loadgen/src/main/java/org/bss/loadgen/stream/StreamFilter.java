package org.bss.loadgen.stream;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.bss.loadgen.traffic.GeneratedEvent;

/**
 * A stream subscription's filter in the simple query form, evaluated here as the platform evaluates it, so that the
 * load generator knows which of its events each subscriber must get: {@code type=order.placed} (exact),
 * {@code prefix.type=order.}, {@code suffix.subject=_42}, {@code not.source=/tenants/a/crm}, on type, source, subject
 * or id. A key given more than once matches when any of its values does ({@code not.}: when none does); different
 * keys must all match. No conditions: every event.
 */
public final class StreamFilter {

    public static final StreamFilter ALL = new StreamFilter(List.of(), List.of());

    /** The query's keys and values, decoded, in their order. */
    private final List<Pair> pairs;
    private final List<Condition> conditions;

    /** A key and a value of the query, decoded. */
    public record Pair(String key, String value) {
    }

    /** How a condition compares an attribute's value with its own. */
    public enum Dialect {
        EXACT(""), PREFIX("prefix."), SUFFIX("suffix."), NOT("not.");

        private final String keyPrefix;

        Dialect(String keyPrefix) {
            this.keyPrefix = keyPrefix;
        }

        boolean anyOf(String actual, List<String> values) {
            return switch (this) {
                case EXACT -> actual != null && values.contains(actual);
                case PREFIX -> actual != null && values.stream().anyMatch(actual::startsWith);
                case SUFFIX -> actual != null && values.stream().anyMatch(actual::endsWith);
                case NOT -> actual == null || !values.contains(actual);
            };
        }
    }

    /** The CloudEvents attributes a filter may name. */
    public enum Attribute {
        TYPE, SOURCE, SUBJECT, ID;

        String of(String type, String source, String subject, String id) {
            return switch (this) {
                case TYPE -> type;
                case SOURCE -> source;
                case SUBJECT -> subject;
                case ID -> id;
            };
        }

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One key of the query with every value it was given. */
    public record Condition(Dialect dialect, Attribute attribute, List<String> values) {

        public Condition {
            values = List.copyOf(values);
        }

        boolean matches(String type, String source, String subject, String id) {
            return dialect.anyOf(attribute.of(type, source, subject, id), values);
        }
    }

    private StreamFilter(List<Pair> pairs, List<Condition> conditions) {
        this.pairs = List.copyOf(pairs);
        this.conditions = List.copyOf(conditions);
    }

    /**
     * Reads a query string such as {@code type=order.placed&type=order.cancelled&suffix.subject=_7} (a leading
     * {@code ?} is allowed; keys and values are URL-decoded); empty: every event.
     *
     * @throws IllegalArgumentException naming the part that does not read
     */
    public static StreamFilter parse(String query) {
        String text = query == null ? "" : query.strip();
        if (text.startsWith("?")) {
            text = text.substring(1);
        }
        List<Pair> pairs = new ArrayList<>();
        Map<String, List<String>> valuesByKey = new LinkedHashMap<>();
        for (String part : text.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int equals = part.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("'" + part + "' has no '=': use e.g. type=order.placed or prefix.type=order.");
            }
            Pair pair = new Pair(decode(part.substring(0, equals)), decode(part.substring(equals + 1)));
            if (pair.value().isEmpty()) {
                throw new IllegalArgumentException("'" + part + "' has an empty value, which the stream refuses");
            }
            pairs.add(pair);
            valuesByKey.computeIfAbsent(pair.key(), k -> new ArrayList<>()).add(pair.value());
        }
        List<Condition> conditions = new ArrayList<>();
        valuesByKey.forEach((key, values) -> conditions.add(condition(key, values)));
        return pairs.isEmpty() ? ALL : new StreamFilter(pairs, conditions);
    }

    private static Condition condition(String key, List<String> values) {
        Dialect dialect = Dialect.EXACT;
        String name = key;
        for (Dialect d : Dialect.values()) {
            if (d != Dialect.EXACT && key.startsWith(d.keyPrefix)) {
                dialect = d;
                name = key.substring(d.keyPrefix.length());
            }
        }
        for (Attribute attribute : Attribute.values()) {
            if (attribute.key().equals(name)) {
                return new Condition(dialect, attribute, values);
            }
        }
        throw new IllegalArgumentException("'" + key + "' is not a filter the load generator can check: use type, source, "
                + "subject or id, alone (exact) or after prefix., suffix. or not.");
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not URL-encoded text: " + e.getMessage());
        }
    }

    public boolean matches(String type, String source, String subject, String id) {
        for (Condition condition : conditions) {
            if (!condition.matches(type, source, subject, id)) {
                return false;
            }
        }
        return true;
    }

    public boolean matches(GeneratedEvent event) {
        return matches(event.type(), event.source(), event.subject(), event.id());
    }

    public List<Condition> conditions() {
        return conditions;
    }

    public boolean isAll() {
        return conditions.isEmpty();
    }

    /** The query as the request sends it, encoded; empty for every event. */
    public String query() {
        return pairs.stream().map(p -> encode(p.key()) + "=" + encode(p.value())).collect(Collectors.joining("&"));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** The query as a person reads it: decoded, or a note that it takes every event. */
    @Override
    public String toString() {
        return isAll() ? "none (every event of the tenant)"
                : pairs.stream().map(p -> p.key() + "=" + p.value()).collect(Collectors.joining("&"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamFilter f && pairs.equals(f.pairs);
    }

    @Override
    public int hashCode() {
        return pairs.hashCode();
    }
}
