package org.bss.platform.stream.internal;

import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.bss.model.envelope.CloudEvent;

/**
 * Which events of the stream a subscriber gets: an expression in the filter dialects of the CloudEvents Subscriptions
 * API ({@code exact}, {@code prefix}, {@code suffix}, {@code all}, {@code any}, {@code not}). {@link EventFilters}
 * reads them from requests (and refuses what is wrong there) and writes them back.
 *
 * <p>{@link #test} runs for every event and every subscriber, so it allocates nothing: attribute names are resolved
 * when a filter is made.
 */
sealed interface EventFilter permits EventFilter.Exact, EventFilter.Prefix, EventFilter.Suffix, EventFilter.All,
        EventFilter.Any, EventFilter.Not {

    /** Every event: all of no filters. */
    EventFilter EVERYTHING = new All(List.of());

    boolean test(CloudEvent event);

    /**
     * Every attribute is present and equal to its value. This and {@link Prefix} and {@link Suffix} never match an
     * event that lacks one of their attributes.
     */
    record Exact(Map<String, String> attributes) implements EventFilter {

        public Exact {
            attributes = Attributes.of(attributes);
        }

        @Override
        public boolean test(CloudEvent event) {
            return ((Attributes) attributes).match(event, Comparison.EXACT);
        }
    }

    /** Every attribute is present and starts with its value. */
    record Prefix(Map<String, String> attributes) implements EventFilter {

        public Prefix {
            attributes = Attributes.of(attributes);
        }

        @Override
        public boolean test(CloudEvent event) {
            return ((Attributes) attributes).match(event, Comparison.PREFIX);
        }
    }

    /** Every attribute is present and ends with its value. */
    record Suffix(Map<String, String> attributes) implements EventFilter {

        public Suffix {
            attributes = Attributes.of(attributes);
        }

        @Override
        public boolean test(CloudEvent event) {
            return ((Attributes) attributes).match(event, Comparison.SUFFIX);
        }
    }

    /** Every filter matches (so all of none matches every event). */
    record All(List<EventFilter> filters) implements EventFilter {

        public All {
            filters = List.copyOf(filters);
        }

        @Override
        public boolean test(CloudEvent event) {
            for (int i = 0, n = filters.size(); i < n; i++) { // indexed: no iterator per event
                if (!filters.get(i).test(event)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** At least one filter matches (so any of none matches no event). */
    record Any(List<EventFilter> filters) implements EventFilter {

        public Any {
            filters = List.copyOf(filters);
        }

        @Override
        public boolean test(CloudEvent event) {
            for (int i = 0, n = filters.size(); i < n; i++) {
                if (filters.get(i).test(event)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The filter does not match. */
    record Not(EventFilter filter) implements EventFilter {

        public Not {
            Objects.requireNonNull(filter, "filter");
        }

        @Override
        public boolean test(CloudEvent event) {
            return !filter.test(event);
        }
    }

    /** How an attribute's value is compared with the filter's: case-sensitive, by code points. */
    enum Comparison {
        EXACT, PREFIX, SUFFIX;

        private static final long[] POWERS_OF_TEN = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L,
            10_000_000L, 100_000_000L, 1_000_000_000L, 10_000_000_000L};

        boolean test(String actual, String expected) {
            return switch (this) {
                case EXACT -> actual.equals(expected);
                case PREFIX -> actual.startsWith(expected);
                case SUFFIX -> actual.endsWith(expected);
            };
        }

        /** As {@link #test(String, String)} with {@code Integer.toString(actual)}, without making that string. */
        boolean test(int actual, String expected) {
            long magnitude = Math.abs((long) actual);
            int sign = actual < 0 ? 1 : 0;
            int digits = 1;
            while (digits < POWERS_OF_TEN.length && magnitude >= POWERS_OF_TEN[digits]) {
                digits++;
            }
            int length = sign + digits;
            int n = expected.length();
            if (this == EXACT ? n != length : n > length) {
                return false;
            }
            int offset = this == SUFFIX ? length - n : 0;
            for (int i = 0; i < n; i++) {
                int at = offset + i - sign; // the digit's index from the most significant; -1 for the sign
                char c = at < 0 ? '-' : (char) ('0' + magnitude / POWERS_OF_TEN[digits - 1 - at] % 10);
                if (c != expected.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * A context attribute, resolved once from its name: the eight the CloudEvents specification defines, or an
     * extension.
     */
    enum Attribute {
        SPECVERSION, ID, SOURCE, TYPE, SUBJECT, TIME, DATACONTENTTYPE, DATASCHEMA, EXTENSION;

        static final int MAX_NAME_LENGTH = 20;

        static Attribute named(String name) {
            return switch (name) {
                case "specversion" -> SPECVERSION;
                case "id" -> ID;
                case "source" -> SOURCE;
                case "type" -> TYPE;
                case "subject" -> SUBJECT;
                case "time" -> TIME;
                case "datacontenttype" -> DATACONTENTTYPE;
                case "dataschema" -> DATASCHEMA;
                default -> EXTENSION;
            };
        }

        /**
         * A CloudEvents attribute name: lower-case letters a-z and digits 0-9, and (as the specification
         * recommends) at most 20 of them.
         */
        static boolean isName(String name) {
            if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
                return false;
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
                    return false;
                }
            }
            return true;
        }

        /** The attribute's value in the event, or null when it has none. Extensions are String, Integer or Boolean. */
        Object value(CloudEvent event, String name) {
            return switch (this) {
                case SPECVERSION -> event.specversion();
                case ID -> event.id();
                case SOURCE -> event.source();
                case TYPE -> event.type();
                case SUBJECT -> event.subject();
                case TIME -> event.time();
                case DATACONTENTTYPE -> event.datacontenttype();
                case DATASCHEMA -> event.dataschema();
                case EXTENSION -> event.extensions().get(name);
            };
        }
    }

    /**
     * The attributes of an {@link Exact}, {@link Prefix} or {@link Suffix}: an immutable map (so the records compare
     * by value with any other map) that keeps its names resolved for {@link #match}. A record has no fields but its
     * components, so what is worked out once travels in the component itself.
     */
    final class Attributes extends AbstractMap<String, String> {

        private final Map<String, String> map;
        private final String[] names;
        private final Attribute[] attributes;
        private final String[] values;

        private Attributes(Map<String, String> map) {
            this.map = map;
            int n = map.size();
            names = new String[n];
            attributes = new Attribute[n];
            values = new String[n];
            int i = 0;
            for (Map.Entry<String, String> entry : map.entrySet()) {
                if (!Attribute.isName(entry.getKey())) {
                    throw new IllegalArgumentException(
                            "\"" + entry.getKey() + "\" is not a CloudEvents attribute name");
                }
                names[i] = entry.getKey();
                attributes[i] = Attribute.named(entry.getKey());
                values[i] = entry.getValue();
                i++;
            }
        }

        static Attributes of(Map<String, String> attributes) {
            if (attributes instanceof Attributes resolved) {
                return resolved;
            }
            if (attributes.isEmpty()) {
                throw new IllegalArgumentException("a filter needs at least one attribute");
            }
            return new Attributes(Map.copyOf(attributes));
        }

        /** Whether every attribute is present in the event and compares true with its value. */
        boolean match(CloudEvent event, Comparison comparison) {
            for (int i = 0; i < names.length; i++) {
                if (!matches(attributes[i].value(event, names[i]), comparison, values[i])) {
                    return false;
                }
            }
            return true;
        }

        private static boolean matches(Object actual, Comparison comparison, String expected) {
            if (actual instanceof String s) {
                return comparison.test(s, expected);
            }
            if (actual instanceof Integer i) {
                return comparison.test(i.intValue(), expected);
            }
            if (actual instanceof Boolean b) {
                return comparison.test(Boolean.toString(b), expected);
            }
            return actual != null && comparison.test(actual.toString(), expected); // the event model has no other kind
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            return map.entrySet();
        }

        @Override
        public String get(Object key) {
            return map.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return map.containsKey(key);
        }

        @Override
        public int size() {
            return map.size();
        }
    }
}
