package org.bss.loadgen.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bss.model.Uuid7;
import org.bss.model.envelope.CloudEvent;
import org.bss.model.envelope.StructuredFormat;
import org.bss.model.schema.EventCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every generated event is one the platform admits: envelope rules, catalog schema, data-quality rules. */
class TrafficValidityTest {

    private static final int EVENTS = 20_000;
    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    private static final Pattern SUBJECT = Pattern.compile("(customer|order|invoice|payment|subscription)/[a-z]{3}_[0-9a-z]{12}");

    static Stream<Arguments> streams() {
        return Stream.of(
                Arguments.of("plan", EventMix.plan(), 1L),
                Arguments.of("plan", EventMix.plan(), 20251107L),
                Arguments.of("all types", TestMixes.ALL_TYPES, 2L),
                Arguments.of("all types", TestMixes.ALL_TYPES, -99L),
                Arguments.of("churn and dunning", EventMix.parse(
                        "customer.created=5,customer.terminated=4,invoice.overdue=10,payment.created=10,"
                                + "payment.processed=10,invoice.paid=5,usage.recorded=10,subscription.suspended=3"), 3L));
    }

    @ParameterizedTest(name = "{0}, seed {2}")
    @MethodSource("streams")
    void everyEventPassesTheEnvelopeRulesTheSchemaOfItsTypeAndTheDataQualityRules(String name, EventMix mix, long seed) {
        TickingClock clock = TickingClock.at("2025-11-07T10:30:00Z");
        Traffic traffic = new Traffic("t1", mix, seed, clock);
        List<String> problems = new ArrayList<>();
        Set<EventType> seen = EnumSet.noneOf(EventType.class);
        for (int i = 0; i < EVENTS && problems.size() < 20; i++) {
            GeneratedEvent generated = traffic.next();
            String label = "#" + i + " " + new String(generated.json(), StandardCharsets.UTF_8);
            problems.addAll(EventChecks.problems(label, generated.json(), clock.peek()));
            problems.addAll(envelopeProblems(label, generated));
            seen.add(EventType.of(generated.type()));
        }

        assertThat(problems).isEmpty();
        assertThat(seen).extracting(EventType::type).containsAll(mix.weights().keySet().stream()
                .filter(type -> mix.weights().get(type) > 0).toList());
    }

    @Test
    void theChecksNameWhatIsWrongWithATamperedEvent() {
        TickingClock clock = TickingClock.at("2025-11-07T10:30:00Z");
        Traffic traffic = new Traffic("t1", EventMix.parse("order.placed=1"), 1, clock);
        traffic.next();
        String placed = new String(traffic.next().json(), StandardCharsets.UTF_8);
        String tampered = placed.replaceFirst("\"currency\":\"[A-Z]{3}\"", "\"currency\":\"XYZ\"")
                .replaceFirst("\"amount\":[0-9.]+", "\"amount\":0")
                .replace("\"customer_id\":", "\"customer\":");

        assertThat(EventChecks.problems("tampered", placed.getBytes(StandardCharsets.UTF_8), clock.peek())).isEmpty();
        assertThat(EventChecks.problems("tampered", tampered.getBytes(StandardCharsets.UTF_8), clock.peek()))
                .anyMatch(problem -> problem.startsWith("tampered: /data/currency "))
                .anyMatch(problem -> problem.startsWith("tampered: /data/amount "))
                .anyMatch(problem -> problem.startsWith("tampered: /data/customer_id "));
    }

    @Test
    void theTypesTheStreamGeneratesAreTheCatalogs() {
        assertThat(Stream.of(EventType.values()).map(EventType::type))
                .containsExactlyElementsOf(EventCatalog.builtIn().types());
    }

    @Test
    void eventsFromAClockThatStandsStillAreValidAndTheirIdsStillIncrease() {
        Clock still = Clock.fixed(Instant.parse("2025-11-07T10:30:00Z"), ZoneOffset.UTC);
        Traffic traffic = new Traffic("t1", TestMixes.ALL_TYPES, 8, still);
        UUID previous = null;
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            GeneratedEvent event = traffic.next();
            problems.addAll(EventChecks.problems("#" + i, event.json(), still.instant()));
            UUID id = UUID.fromString(event.id());
            if (previous != null && id.compareTo(previous) <= 0) {
                problems.add("#" + i + ": id " + id + " does not follow " + previous);
            }
            previous = id;
        }

        assertThat(problems).isEmpty();
    }

    /** What the load plan asks of the envelope beyond the rules: the attributes' values. */
    private static List<String> envelopeProblems(String label, GeneratedEvent generated) {
        List<String> problems = new ArrayList<>();
        CloudEvent event = StructuredFormat.read(generated.json());
        UUID id = UUID.fromString(event.id());
        if (id.version() != 7 || id.variant() != 2) {
            problems.add(label + ": id is not a UUIDv7");
        } else if (Uuid7.millisOf(id) != event.timeInstant().toEpochMilli()) {
            problems.add(label + ": the id's time is not the event's");
        }
        check(problems, label, "specversion", event.specversion(), "1.0");
        check(problems, label, "id", event.id(), generated.id());
        check(problems, label, "source", event.source(), "/tenants/t1/loadgen");
        check(problems, label, "source", generated.source(), "/tenants/t1/loadgen");
        check(problems, label, "type", event.type(), generated.type());
        check(problems, label, "subject", event.subject(), generated.subject());
        check(problems, label, "datacontenttype", event.datacontenttype(), "application/json");
        if (event.subject() == null || !SUBJECT.matcher(event.subject()).matches()) {
            problems.add(label + ": subject " + event.subject() + " does not name an aggregate");
        }
        if (!TIME.matcher(event.time()).matches()) {
            problems.add(label + ": time " + event.time() + " is not UTC with milliseconds");
        }
        if (!event.extensions().isEmpty()) {
            problems.add(label + ": unexpected extensions " + event.extensions());
        }
        return problems;
    }

    private static void check(List<String> problems, String label, String attribute, String actual, String expected) {
        if (!expected.equals(actual)) {
            problems.add(label + ": " + attribute + " is " + actual + ", expected " + expected);
        }
    }
}
