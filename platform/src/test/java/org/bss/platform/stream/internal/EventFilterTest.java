package org.bss.platform.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.bss.model.envelope.CloudEvent;
import org.bss.platform.stream.internal.EventFilter.All;
import org.bss.platform.stream.internal.EventFilter.Any;
import org.bss.platform.stream.internal.EventFilter.Comparison;
import org.bss.platform.stream.internal.EventFilter.Exact;
import org.bss.platform.stream.internal.EventFilter.Not;
import org.bss.platform.stream.internal.EventFilter.Prefix;
import org.bss.platform.stream.internal.EventFilter.Suffix;
import org.bss.platform.web.Problems;
import org.bss.platform.web.Problems.FieldError;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Subscriptions API's filter dialects: what each matches, how they are read and written, and what is refused. */
class EventFilterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> RESERVED = Set.of("from", "ticket", "subscription");

    private static final CloudEvent ORDER = new CloudEvent("1.0", "evt-1", "/shop/eu", "order.placed", "customer/c-1",
            "2025-11-07T10:00:00Z", "application/json", "https://schemas.example/order.json",
            Map.of("region", "eu-west", "priority", 42, "retries", -7, "urgent", true), null);
    /** No subject, no time, no content type, no schema, no extensions. */
    private static final CloudEvent BARE = new CloudEvent("1.0", "evt-2", "/shop/us", "order.cancelled", null, null,
            null, null, Map.of(), null);

    /** JSON written with single quotes, for legibility. */
    private static JsonNode json(String text) {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static EventFilter fromJson(String filters) {
        return EventFilters.fromJson(json(filters), "/filters");
    }

    private static EventFilter exact(String attribute, String value) {
        return new Exact(Map.of(attribute, value));
    }

    private static Map<String, List<String>> query(String... nameValuePairs) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            parameters.computeIfAbsent(nameValuePairs[i], k -> new ArrayList<>()).add(nameValuePairs[i + 1]);
        }
        return parameters;
    }

    private static EventFilter fromQuery(String... nameValuePairs) {
        return EventFilters.fromQuery(query(nameValuePairs), RESERVED);
    }

    private static List<FieldError> jsonErrors(String filters) {
        return refusal(() -> fromJson(filters)).errors();
    }

    private static List<FieldError> queryErrors(String... nameValuePairs) {
        return refusal(() -> fromQuery(nameValuePairs)).errors();
    }

    private static InvalidFilterException refusal(Runnable reading) {
        InvalidFilterException refused = catchThrowableOfType(InvalidFilterException.class, reading::run);
        assertThat(refused).as("refused").isNotNull();
        return refused;
    }

    @Nested
    class Matching {

        @Test
        void exactMatchesWhenEveryAttributeIsEqualCaseSensitively() {
            assertThat(exact("type", "order.placed").test(ORDER)).isTrue();
            assertThat(new Exact(Map.of("type", "order.placed", "source", "/shop/eu")).test(ORDER)).isTrue();

            assertThat(new Exact(Map.of("type", "order.placed", "source", "/shop/us")).test(ORDER)).isFalse();
            assertThat(exact("type", "Order.placed").test(ORDER)).isFalse();
            assertThat(exact("type", "order").test(ORDER)).isFalse();
            assertThat(exact("type", "order.placed.again").test(ORDER)).isFalse();
        }

        @Test
        void prefixAndSuffixMatchTheStartAndTheEnd() {
            assertThat(new Prefix(Map.of("type", "order.")).test(ORDER)).isTrue();
            assertThat(new Prefix(Map.of("type", "order.placed")).test(ORDER)).isTrue();
            assertThat(new Prefix(Map.of("type", "order.", "source", "/shop/")).test(ORDER)).isTrue();
            assertThat(new Prefix(Map.of("type", "order.", "source", "/warehouse/")).test(ORDER)).isFalse();
            assertThat(new Prefix(Map.of("type", "ORDER.")).test(ORDER)).isFalse();
            assertThat(new Prefix(Map.of("type", ".placed")).test(ORDER)).isFalse();

            assertThat(new Suffix(Map.of("type", ".placed")).test(ORDER)).isTrue();
            assertThat(new Suffix(Map.of("type", ".placed", "subject", "/c-1")).test(ORDER)).isTrue();
            assertThat(new Suffix(Map.of("type", ".placed", "subject", "/c-2")).test(ORDER)).isFalse();
            assertThat(new Suffix(Map.of("type", "order.")).test(ORDER)).isFalse();
            assertThat(new Suffix(Map.of("type", "x.order.placed")).test(ORDER)).isFalse();
        }

        @Test
        void everyAttributeTheSpecificationDefinesIsRead() {
            Map<String, String> values = Map.of("specversion", "1.0", "id", "evt-1", "source", "/shop/eu",
                    "type", "order.placed", "subject", "customer/c-1", "time", "2025-11-07T10:00:00Z",
                    "datacontenttype", "application/json", "dataschema", "https://schemas.example/order.json");

            values.forEach((name, value) -> {
                assertThat(exact(name, value).test(ORDER)).as(name).isTrue();
                assertThat(exact(name, value + "x").test(ORDER)).as(name).isFalse();
            });
            assertThat(new Exact(values).test(ORDER)).isTrue();
        }

        @Test
        void anAttributeTheEventLacksMatchesNoComparisonSoItsNegationMatches() {
            for (String name : List.of("subject", "time", "datacontenttype", "dataschema", "region")) {
                assertThat(exact(name, "x").test(BARE)).as(name).isFalse();
                assertThat(new Prefix(Map.of(name, "x")).test(BARE)).as(name).isFalse();
                assertThat(new Suffix(Map.of(name, "x")).test(BARE)).as(name).isFalse();
                assertThat(new Not(exact(name, "x")).test(BARE)).as(name).isTrue();
            }
            assertThat(new Exact(Map.of("type", "order.cancelled", "subject", "x")).test(BARE)).isFalse();
        }

        @Test
        void extensionsCompareInTheirCanonicalStringForm() {
            assertThat(exact("region", "eu-west").test(ORDER)).isTrue();
            assertThat(new Prefix(Map.of("region", "eu-")).test(ORDER)).isTrue();
            assertThat(new Suffix(Map.of("region", "-west")).test(ORDER)).isTrue();
            assertThat(exact("region", "eu").test(ORDER)).isFalse();

            assertThat(exact("priority", "42").test(ORDER)).isTrue();
            assertThat(exact("priority", "042").test(ORDER)).isFalse();
            assertThat(exact("priority", "+42").test(ORDER)).isFalse();
            assertThat(exact("priority", "4").test(ORDER)).isFalse();
            assertThat(new Prefix(Map.of("priority", "4")).test(ORDER)).isTrue();
            assertThat(new Suffix(Map.of("priority", "2")).test(ORDER)).isTrue();
            assertThat(new Suffix(Map.of("priority", "142")).test(ORDER)).isFalse();
            assertThat(exact("retries", "-7").test(ORDER)).isTrue();
            assertThat(new Prefix(Map.of("retries", "-")).test(ORDER)).isTrue();
            assertThat(exact("retries", "7").test(ORDER)).isFalse();

            assertThat(exact("urgent", "true").test(ORDER)).isTrue();
            assertThat(exact("urgent", "True").test(ORDER)).isFalse();
            assertThat(exact("urgent", "false").test(ORDER)).isFalse();
            assertThat(new Prefix(Map.of("urgent", "tr")).test(ORDER)).isTrue();
            assertThat(new Suffix(Map.of("urgent", "ue")).test(ORDER)).isTrue();

            CloudEvent notUrgent = ORDER.withExtension("urgent", false);
            assertThat(exact("urgent", "false").test(notUrgent)).isTrue();
            assertThat(exact("urgent", "true").test(notUrgent)).isFalse();
        }

        @Test
        void integersCompareAsIntegerToStringWouldWithoutMakingIt() {
            List<Integer> numbers = List.of(0, 7, -7, 10, 99, 100, -100, 123_456, 1_000_000_000, -1_000_000_000,
                    Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE + 1);
            List<String> probes = new ArrayList<>(List.of("-", "+1", "00", "x", "10000000000", "-2147483648 "));
            for (int number : numbers) {
                String text = Integer.toString(number);
                for (int i = 1; i <= text.length(); i++) {
                    probes.add(text.substring(0, i));
                    probes.add(text.substring(text.length() - i));
                }
            }
            for (int number : numbers) {
                String text = Integer.toString(number);
                for (String probe : probes) {
                    assertThat(Comparison.EXACT.test(number, probe)).as("%d = %s", number, probe)
                            .isEqualTo(text.equals(probe));
                    assertThat(Comparison.PREFIX.test(number, probe)).as("%d starts with %s", number, probe)
                            .isEqualTo(text.startsWith(probe));
                    assertThat(Comparison.SUFFIX.test(number, probe)).as("%d ends with %s", number, probe)
                            .isEqualTo(text.endsWith(probe));
                }
            }
        }

        @Test
        void allAnyAndNotCombineFilters() {
            EventFilter placed = exact("type", "order.placed");
            EventFilter eu = new Prefix(Map.of("source", "/shop/eu"));
            EventFilter us = new Prefix(Map.of("source", "/shop/us"));

            assertThat(new All(List.of(placed, eu)).test(ORDER)).isTrue();
            assertThat(new All(List.of(placed, us)).test(ORDER)).isFalse();
            assertThat(new Any(List.of(us, placed)).test(ORDER)).isTrue();
            assertThat(new Any(List.of(us, exact("type", "order.cancelled"))).test(ORDER)).isFalse();
            assertThat(new Not(us).test(ORDER)).isTrue();
            assertThat(new Not(placed).test(ORDER)).isFalse();

            EventFilter nested = new All(List.of(
                    new Any(List.of(eu, us)),
                    new Not(new Any(List.of(exact("type", "order.cancelled"), exact("urgent", "false"))))));
            assertThat(nested.test(ORDER)).isTrue();
            assertThat(nested.test(BARE)).isFalse();
            assertThat(nested.test(ORDER.withExtension("urgent", false))).isFalse();
        }

        @Test
        void everythingIsAllOfNothingAndAnyOfNothingIsNothing() {
            assertThat(EventFilter.EVERYTHING).isEqualTo(new All(List.of()));
            assertThat(EventFilter.EVERYTHING.test(ORDER)).isTrue();
            assertThat(EventFilter.EVERYTHING.test(BARE)).isTrue();
            assertThat(new Any(List.of()).test(ORDER)).isFalse();
        }
    }

    @Nested
    class Records {

        @Test
        void filtersAreValuesEqualWhateverMapOrListTheyWereMadeOf() {
            Map<String, String> mutable = new HashMap<>(Map.of("type", "order.placed", "region", "eu"));
            Exact exact = new Exact(mutable);
            mutable.put("subject", "changed later");

            assertThat(exact).isEqualTo(new Exact(Map.of("region", "eu", "type", "order.placed")));
            assertThat(exact).hasSameHashCodeAs(new Exact(Map.of("region", "eu", "type", "order.placed")));
            assertThat(exact.attributes()).isEqualTo(Map.of("type", "order.placed", "region", "eu"));
            assertThat(exact).isNotEqualTo(new Prefix(Map.of("region", "eu", "type", "order.placed")));
            assertThat(new Not(new Any(new ArrayList<>(List.of(exact)))))
                    .isEqualTo(new Not(new Any(List.of(new Exact(Map.of("type", "order.placed", "region", "eu"))))));
            assertThatThrownBy(() -> exact.attributes().put("id", "x"))
                    .isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void aComparisonNeedsAttributesWithTheirNames() {
            assertThatThrownBy(() -> new Exact(Map.of())).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new Suffix(Map.of("Type", "x"))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("\"Type\"");
        }
    }

    @Nested
    class Json {

        @Test
        void theSpecificationsExamplesReadAsTheirRecords() {
            String spec = "https://github.com/cloudevents/spec";
            assertThat(fromJson("[{'exact': {'type': 'com.github.push', 'subject': '" + spec + "'}}]"))
                    .isEqualTo(new Exact(Map.of("type", "com.github.push", "subject", spec)));
            assertThat(fromJson("[{'prefix': {'type': 'com.github.', 'subject': 'https://github.com/cloudevents'}}]"))
                    .isEqualTo(new Prefix(Map.of("type", "com.github.", "subject", "https://github.com/cloudevents")));
            assertThat(fromJson("[{'suffix': {'type': '.created', 'subject': '/cloudevents/spec'}}]"))
                    .isEqualTo(new Suffix(Map.of("type", ".created", "subject", "/cloudevents/spec")));
            assertThat(fromJson("[{'all': [{'exact': {'type': 'com.github.push'}}, {'exact': {'subject': 'x'}}]}]"))
                    .isEqualTo(new All(List.of(exact("type", "com.github.push"), exact("subject", "x"))));
            assertThat(fromJson("[{'any': [{'exact': {'type': 'com.github.push'}}, {'exact': {'subject': 'x'}}]}]"))
                    .isEqualTo(new Any(List.of(exact("type", "com.github.push"), exact("subject", "x"))));
            assertThat(fromJson("[{'not': {'exact': {'type': 'com.github.push'}}}]"))
                    .isEqualTo(new Not(exact("type", "com.github.push")));
        }

        @Test
        void theArrayIsAnAllAndNoFiltersAreEverything() {
            assertThat(EventFilters.fromJson(null, "/filters")).isEqualTo(EventFilter.EVERYTHING);
            assertThat(EventFilters.fromJson(json("{}").get("filters"), "/filters")).isEqualTo(EventFilter.EVERYTHING);
            assertThat(EventFilters.fromJson(json("{}").path("filters"), "/filters")).isEqualTo(EventFilter.EVERYTHING);
            assertThat(fromJson("null")).isEqualTo(EventFilter.EVERYTHING);
            assertThat(fromJson("[]")).isEqualTo(EventFilter.EVERYTHING);
            assertThat(fromJson("[{'exact': {'type': 'a'}}]")).isEqualTo(exact("type", "a"));
            assertThat(fromJson("[{'exact': {'type': 'a'}}, {'prefix': {'myext': 'b'}}]"))
                    .isEqualTo(new All(List.of(exact("type", "a"), new Prefix(Map.of("myext", "b")))));
        }

        @Test
        void aFilterIsWrittenAsTheArrayItIsReadFrom() {
            EventFilter filter = new All(List.of(
                    new Exact(Map.of("type", "order.placed", "region", "eu")),
                    new Not(new Any(List.of(
                            new Prefix(Map.of("subject", "customer/")),
                            new Suffix(Map.of("id", "-test")))))));

            assertThat(EventFilters.toJson(filter)).isEqualTo(json("""
                    [{'exact': {'region': 'eu', 'type': 'order.placed'}},
                     {'not': {'any': [{'prefix': {'subject': 'customer/'}}, {'suffix': {'id': '-test'}}]}}]"""));
            assertThat(EventFilters.toJson(EventFilter.EVERYTHING)).isEqualTo(json("[]"));
            assertThat(EventFilters.toJson(exact("type", "a"))).isEqualTo(json("[{'exact': {'type': 'a'}}]"));
        }

        @Test
        void whatIsWrittenReadsBackEqual() {
            EventFilter deep = exact("type", "a");
            for (int i = 0; i < 7; i++) {
                deep = i % 2 == 0 ? new Not(deep) : new Any(List.of(deep, exact("id", "x" + i)));
            }
            List<EventFilter> filters = List.of(
                    EventFilter.EVERYTHING,
                    exact("type", "order.placed"),
                    new Exact(Map.of("type", "order.placed", "priority", "42", "urgent", "true")),
                    new Prefix(Map.of("source", "/shop/")),
                    new Suffix(Map.of("subject", "/c-1")),
                    new All(List.of(exact("type", "a"))),
                    new All(List.of(exact("type", "a"), exact("type", "b"))),
                    new All(List.of(new All(List.of(exact("type", "a"), exact("id", "b"))), exact("source", "c"))),
                    new Any(List.of(exact("type", "a"))),
                    new Not(new All(List.of(exact("type", "a"), new Not(exact("subject", "é 😀 \"quoted\""))))),
                    deep);

            for (EventFilter filter : filters) {
                JsonNode written = EventFilters.toJson(filter);
                assertThat(EventFilters.fromJson(written, "/filters")).as(written.toString()).isEqualTo(filter);
                assertThat(EventFilters.fromJson(JSON.readTree(JSON.writeValueAsString(written)), "/filters"))
                        .isEqualTo(filter);
            }
        }

        @Test
        void theLimitsThemselvesAreAllowed() {
            String eightDeep = "{'exact': {'type': 'a'}}";
            for (int i = 1; i < EventFilters.MAX_DEPTH; i++) {
                eightDeep = "{'not': " + eightDeep + "}";
            }
            assertThat(fromJson("[" + eightDeep + "]")).isNotNull();
            assertThat(fromJson("[" + leaves(EventFilters.MAX_EXPRESSIONS) + "]")).isInstanceOf(All.class);
            assertThat(fromJson("[{'all': [" + leaves(EventFilters.MAX_EXPRESSIONS - 1) + "]}]"))
                    .isInstanceOf(All.class);
            String longest = "x".repeat(EventFilters.MAX_VALUE_LENGTH);
            assertThat(fromJson("[{'exact': {'type': '" + longest + "'}}]")).isEqualTo(exact("type", longest));
            assertThat(fromJson("[{'exact': {'abcdefghij0123456789': 'x'}}]"))
                    .isEqualTo(exact("abcdefghij0123456789", "x"));
        }
    }

    @Nested
    class JsonErrors {

        @Test
        void theFiltersMustBeAnArrayOfObjects() {
            assertThat(jsonErrors("{'exact': {'type': 'a'}}"))
                    .containsExactly(new FieldError("/filters", "must be an array of filter expressions"));
            assertThat(jsonErrors("['exact', 3]")).containsExactly(
                    new FieldError("/filters/0", "must be a filter expression: an object with one key, its dialect"
                            + " (exact, prefix, suffix, all, any, not)"),
                    new FieldError("/filters/1", "must be a filter expression: an object with one key, its dialect"
                            + " (exact, prefix, suffix, all, any, not)"));
        }

        @Test
        void anExpressionHasExactlyOneKeyNamingItsDialect() {
            assertThat(jsonErrors("[{}]")).containsExactly(new FieldError("/filters/0",
                    "must have one key, its dialect (exact, prefix, suffix, all, any, not); it has none"));
            assertThat(jsonErrors("[{'exact': {'type': 'a'}}, {'exact': {'type': 'a'}, 'prefix': {'id': 'b'}}]"))
                    .containsExactly(
                            new FieldError("/filters/1", "must have one key, its dialect; it has 2: exact, prefix"));
        }

        @Test
        void anUnknownDialectIsNamedWithTheSupportedOnes() {
            assertThat(jsonErrors("[{'regex': {'type': 'a.*'}}]")).containsExactly(new FieldError("/filters/0/regex",
                    "\"regex\" is not a supported filter dialect; use exact, prefix, suffix, all, any, not"));
            assertThat(jsonErrors("[{'Exact': {'type': 'a'}}]")).extracting(FieldError::pointer)
                    .containsExactly("/filters/0/Exact");
            assertThat(jsonErrors("[{'a/b~c': {}}]")).extracting(FieldError::pointer)
                    .containsExactly("/filters/0/a~1b~0c");
        }

        @Test
        void sqlIsRefusedAsUnsupported() {
            assertThat(jsonErrors("[{'sql': 'source = 1'}]"))
                    .containsExactly(new FieldError("/filters/0/sql",
                            "the sql dialect (CESQL) is not supported; use exact, prefix, suffix, all, any, not"));
        }

        @Test
        void allAndAnyNeedAtLeastOneExpressionAndNotExactlyOne() {
            assertThat(jsonErrors("[{'all': []}, {'any': []}, {'any': {'exact': {'type': 'a'}}}, {'not': []},"
                    + " {'not': {}}]")).containsExactly(
                    new FieldError("/filters/0/all", "must be an array of at least one filter expression"),
                    new FieldError("/filters/1/any", "must be an array of at least one filter expression"),
                    new FieldError("/filters/2/any", "must be an array of at least one filter expression"),
                    new FieldError("/filters/3/not", "must be a filter expression: an object with one key, its dialect"
                            + " (exact, prefix, suffix, all, any, not)"),
                    new FieldError("/filters/4/not",
                            "must have one key, its dialect (exact, prefix, suffix, all, any, not); it has none"));
        }

        @Test
        void comparisonsNeedAnObjectOfAttributes() {
            String message = "must be an object of one or more attribute names, each with the value to compare it"
                    + " with, e.g. {\"type\": \"order.placed\"}";
            assertThat(jsonErrors("[{'exact': {}}, {'prefix': 'order.'}, {'suffix': ['x']}]")).containsExactly(
                    new FieldError("/filters/0/exact", message),
                    new FieldError("/filters/1/prefix", message),
                    new FieldError("/filters/2/suffix", message));
        }

        @Test
        void valuesAreNonEmptyStringsOfLimitedLength() {
            String tooLong = "x".repeat(EventFilters.MAX_VALUE_LENGTH + 1);
            assertThat(jsonErrors("[{'exact': {'type': 'a', 'subject': 3}},"
                    + " {'prefix': {'type': true, 'source': null, 'id': {}, 'time': []}},"
                    + " {'exact': {'type': ''}}, {'prefix': {'type': ''}}, {'suffix': {'type': ''}},"
                    + " {'exact': {'type': '" + tooLong + "'}}, {'exact': {'type': 'a\\ud800'}}]")).containsExactly(
                    new FieldError("/filters/0/exact/subject", "must be a string, was a number"),
                    new FieldError("/filters/1/prefix/type", "must be a string, was a boolean"),
                    new FieldError("/filters/1/prefix/source", "must be a string, was null"),
                    new FieldError("/filters/1/prefix/id", "must be a string, was an object"),
                    new FieldError("/filters/1/prefix/time", "must be a string, was an array"),
                    new FieldError("/filters/2/exact/type", "must not be empty"),
                    new FieldError("/filters/3/prefix/type", "must not be empty"),
                    new FieldError("/filters/4/suffix/type", "must not be empty"),
                    new FieldError("/filters/5/exact/type", "must be at most 1024 characters, was 1025"),
                    new FieldError("/filters/6/exact/type",
                            "must be Unicode text, without a lone surrogate (at character 1)"));
        }

        @Test
        void attributeNamesAreCloudEventsAttributeNames() {
            String message = "is not a CloudEvents attribute name: lower-case letters a-z and digits 0-9, at most 20"
                    + " of them";
            assertThat(jsonErrors("[{'exact': {'Type': 'a', 'my-ext': 'b', 'abcdefghij0123456789x': 'c', '': 'd',"
                    + " 'a/b': 'e', 'type': 'fine'}}]")).containsExactly(
                    new FieldError("/filters/0/exact/Type", message),
                    new FieldError("/filters/0/exact/my-ext", message),
                    new FieldError("/filters/0/exact/abcdefghij0123456789x", message),
                    new FieldError("/filters/0/exact/", message),
                    new FieldError("/filters/0/exact/a~1b", message));
        }

        @Test
        void expressionsNestAtMostEightDeep() {
            String nine = "{'exact': {'type': 'a'}}";
            for (int i = 1; i <= EventFilters.MAX_DEPTH; i++) {
                nine = (i % 2 == 0 ? "{'any': [{'exact': {'id': 'x'}}, " + nine + "]}" : "{'not': " + nine + "}");
            }
            assertThat(jsonErrors("[" + nine + "]")).containsExactly(new FieldError(
                    "/filters/0/any/1/not/any/1/not/any/1/not/any/1/not",
                    "is nested too deep: filter expressions nest at most 8 deep"));
        }

        @Test
        void thereAreAtMostSixtyFourExpressions() {
            String tooMany = "is one filter expression too many: at most 64 in all";
            assertThat(jsonErrors("[" + leaves(EventFilters.MAX_EXPRESSIONS + 1) + "]"))
                    .containsExactly(new FieldError("/filters/64", tooMany));
            assertThat(jsonErrors("[{'all': [" + leaves(EventFilters.MAX_EXPRESSIONS) + "]}, {'sql': 'x'}]"))
                    .containsExactly(new FieldError("/filters/0/all/63", tooMany));
        }

        @Test
        void everyProblemIsReportedInTheProblemDetail() {
            InvalidFilterException refused = refusal(() -> fromJson("[{'all': []}, {'prefix': {'type': 3}},"
                    + " {'not': {'sql': 'x'}}]"));

            ProblemDetail problem = refused.problem();
            assertThat(problem.getStatus()).isEqualTo(400);
            assertThat(problem.getType()).isEqualTo(URI.create("urn:bss:problem:malformed-request"));
            assertThat(problem.getTitle()).isEqualTo("Invalid filter");
            assertThat(problem.getDetail()).isEqualTo("The filter cannot be used, for 3 reasons (see errors); the first"
                    + " is /filters/0/all: must be an array of at least one filter expression.");
            assertThat(Problems.members(problem).get("errors")).isEqualTo(refused.errors());
            assertThat(refused.errors()).containsExactly(
                    new FieldError("/filters/0/all", "must be an array of at least one filter expression"),
                    new FieldError("/filters/1/prefix/type", "must be a string, was a number"),
                    new FieldError("/filters/2/not/sql",
                            "the sql dialect (CESQL) is not supported; use exact, prefix, suffix, all, any, not"));

            assertThat(refusal(() -> EventFilters.fromJson(json("[{'exact': {'type': ''}}]"), "/subscription/filters"))
                    .problem().getDetail())
                    .isEqualTo("The filter cannot be used: /subscription/filters/0/exact/type: must not be empty.");
        }
    }

    @Nested
    class Query {

        @Test
        void noFiltersAreEverythingAndReservedParametersAreNoFilters() {
            assertThat(EventFilters.fromQuery(Map.of(), RESERVED)).isEqualTo(EventFilter.EVERYTHING);
            assertThat(fromQuery("from", "2025-11-07T10:00:00Z", "ticket", "t-1", "subscription", "s-1"))
                    .isEqualTo(EventFilter.EVERYTHING);
            assertThat(fromQuery("from", "x", "type", "order.placed")).isEqualTo(exact("type", "order.placed"));
        }

        @Test
        void anAttributeIsExactAndTheOperatorsAreItsPrefix() {
            assertThat(fromQuery("type", "order.placed")).isEqualTo(exact("type", "order.placed"));
            assertThat(fromQuery("prefix.type", "order.")).isEqualTo(new Prefix(Map.of("type", "order.")));
            assertThat(fromQuery("suffix.subject", "/c-1")).isEqualTo(new Suffix(Map.of("subject", "/c-1")));
            assertThat(fromQuery("not.type", "order.cancelled")).isEqualTo(new Not(exact("type", "order.cancelled")));
            assertThat(fromQuery("region", "eu-west").test(ORDER)).isTrue();
            assertThat(fromQuery("priority", "42").test(ORDER)).isTrue();
        }

        @Test
        void differentParametersMustAllMatchAndSingleComparisonsOfAKindJoin() {
            EventFilter filter = fromQuery("type", "order.placed", "prefix.source", "/shop/", "region", "eu-west",
                    "not.urgent", "false", "suffix.subject", "/c-1", "prefix.id", "evt-");

            assertThat(filter).isEqualTo(new All(List.of(
                    new Exact(Map.of("type", "order.placed", "region", "eu-west")),
                    new Prefix(Map.of("source", "/shop/", "id", "evt-")),
                    new Suffix(Map.of("subject", "/c-1")),
                    new Not(exact("urgent", "false")))));
            assertThat(filter.test(ORDER)).isTrue();
            assertThat(filter.test(ORDER.withExtension("urgent", false))).isFalse();
        }

        @Test
        void aRepeatedParameterMatchesAnyOfItsValues() {
            assertThat(fromQuery("type", "order.placed", "type", "order.cancelled", "type", "order.placed"))
                    .isEqualTo(new Any(List.of(exact("type", "order.placed"), exact("type", "order.cancelled"))));
            assertThat(fromQuery("prefix.source", "/shop/", "prefix.source", "/warehouse/"))
                    .isEqualTo(new Any(List.of(new Prefix(Map.of("source", "/shop/")),
                            new Prefix(Map.of("source", "/warehouse/")))));
            assertThat(fromQuery("type", "a", "type", "a")).isEqualTo(exact("type", "a"));

            EventFilter neither = fromQuery("not.type", "order.placed", "not.type", "order.cancelled");
            assertThat(neither).isEqualTo(new Not(new Any(List.of(exact("type", "order.placed"),
                    exact("type", "order.cancelled")))));
            assertThat(neither.test(ORDER)).isFalse();
            assertThat(neither.test(BARE)).isFalse();
            assertThat(neither.test(ORDER.withExtension("x", 1))).isFalse();
        }

        @Test
        void theQueryFormIsWrittenAsJsonAndReadBackEqual() {
            EventFilter filter = fromQuery("type", "a", "type", "b", "prefix.source", "/shop/", "not.id", "x",
                    "not.id", "y", "suffix.subject", "/c-1", "urgent", "true");

            assertThat(EventFilters.fromJson(EventFilters.toJson(filter), "/filters")).isEqualTo(filter);
        }

        @Test
        void parametersOutsideTheFormAreRefusedByName() {
            String notAnOperator = "is not a filter: use <attribute>=, prefix.<attribute>=, suffix.<attribute>= or"
                    + " not.<attribute>=";
            String name = " is not a CloudEvents attribute name: lower-case letters a-z and digits 0-9, at most 20"
                    + " of them";
            assertThat(queryErrors("ticket", "t", "Type", "a", "exact.type", "b", "regex.type", "c", "prefix.Type", "d",
                    "not.", "e", "suffix.my-ext", "f", "type", "fine")).containsExactly(
                    new FieldError("?Type", "\"Type\"" + name),
                    new FieldError("?exact.type", notAnOperator),
                    new FieldError("?regex.type", notAnOperator),
                    new FieldError("?prefix.Type", "\"Type\"" + name),
                    new FieldError("?not.", "\"\"" + name),
                    new FieldError("?suffix.my-ext", "\"my-ext\"" + name));
        }

        @Test
        void anyOtherLowerCaseNameIsAnExtension() {
            assertThat(fromQuery("page", "2")).isEqualTo(exact("page", "2"));
            assertThat(fromQuery("page", "2").test(ORDER)).isFalse();
        }

        @Test
        void valuesAreNonEmptyAndOfLimitedLength() {
            String tooLong = "x".repeat(EventFilters.MAX_VALUE_LENGTH + 1);
            assertThat(queryErrors("type", "", "type", "fine", "prefix.source", "", "suffix.id", tooLong,
                    "not.subject", "", "region", "", "region", "")).containsExactly(
                    new FieldError("?type", "must not be empty"),
                    new FieldError("?prefix.source", "must not be empty"),
                    new FieldError("?suffix.id", "must be at most 1024 characters, was 1025"),
                    new FieldError("?not.subject", "must not be empty"),
                    new FieldError("?region", "must not be empty"));
        }

        @Test
        void thereAreAtMostSixtyFourExpressions() {
            String[] sixtyFour = IntStream.range(0, EventFilters.MAX_EXPRESSIONS - 1)
                    .mapToObj(i -> List.of("id", "e" + i)).flatMap(List::stream).toArray(String[]::new);
            assertThat(fromQuery(sixtyFour)).isInstanceOf(Any.class);

            String[] sixtyFive = IntStream.range(0, EventFilters.MAX_EXPRESSIONS)
                    .mapToObj(i -> List.of("id", "e" + i)).flatMap(List::stream).toArray(String[]::new);
            assertThat(queryErrors(sixtyFive)).containsExactly(
                    new FieldError("?id", "is one filter expression too many: at most 64 in all"));

            Map<String, List<String>> parameters = new LinkedHashMap<>();
            parameters.put("type", List.of("a"));
            parameters.put("prefix.type", List.of("b"));
            for (int i = 0; i < 31; i++) {
                parameters.put("not.x" + i, List.of("c"));
            }
            assertThat(EventFilters.fromQuery(parameters, RESERVED)).isInstanceOf(All.class);
            parameters.put("suffix.type", List.of("d"));
            assertThat(refusal(() -> EventFilters.fromQuery(parameters, RESERVED)).errors()).containsExactly(
                    new FieldError("?suffix.type", "is one filter expression too many: at most 64 in all"));
        }
    }

    /** Comma-separated exact expressions, each of its own id. */
    private static String leaves(int count) {
        return IntStream.range(0, count).mapToObj(i -> "{'exact': {'id': 'e" + i + "'}}")
                .collect(Collectors.joining(", "));
    }
}
