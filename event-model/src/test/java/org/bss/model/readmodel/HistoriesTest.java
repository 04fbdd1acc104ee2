package org.bss.model.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.bss.model.schema.DataSchema;
import org.bss.model.schema.EventCatalog;
import tools.jackson.databind.JsonNode;

/** The generated histories are what the properties need: valid events, distinct stamps, and the awkward cases. */
class HistoriesTest {

    private static final EventCatalog CATALOG = EventCatalog.builtIn();

    @Provide
    Arbitrary<History> histories() {
        return Histories.histories();
    }

    @Property(tries = 300)
    void everyEventsDataIsValidForItsCatalogSchema(@ForAll("histories") History history) {
        for (Fact event : history.events()) {
            DataSchema schema = CATALOG.schemaFor(event.type()).orElseThrow();
            assertThat(schema.validate(event.data())).as("%s %s", event.type(), event.data()).isEmpty();
        }
    }

    @Property(tries = 300)
    void moneyHasTwoDecimalPlacesAndAmountsArePositive(@ForAll("histories") History history) {
        for (Fact event : history.events()) {
            for (Map.Entry<String, JsonNode> field : event.data().properties()) {
                String name = field.getKey();
                if (List.of("amount", "outstanding_amount", "price", "charge", "final_balance").contains(name)) {
                    assertThat(field.getValue().decimalValue().scale()).as("%s in %s", name, event).isEqualTo(2);
                }
                if (name.equals("amount") || name.endsWith("_amount")) {
                    assertThat(field.getValue().decimalValue()).as("%s in %s", name, event).isPositive();
                }
            }
        }
    }

    @Property(tries = 300)
    void noTwoEventsShareASourceAndId(@ForAll("histories") History history) {
        assertThat(history.events()).extracting(event -> event.stamp().source() + " " + event.stamp().id())
                .doesNotHaveDuplicates();
        assertThat(history.events()).extracting(event -> Aggregate.folds(event.type())).containsOnly(true);
    }

    @Property(tries = 1000)
    void historiesHoldTheCasesThatOrderCouldUpset(@ForAll("histories") History history) {
        List<Fact> events = history.events();
        collect("equal times, one source", hasTwo(events, (a, b) -> a.time().equals(b.time())
                && a.stamp().source().equals(b.stamp().source())));
        collect("equal times, two sources", hasTwo(events, (a, b) -> a.time().equals(b.time())
                && !a.stamp().source().equals(b.stamp().source())));
        collect("updated after terminated", stampedAfter(events, "customer.updated", "customer.terminated"));
        collect("overdue stamped after paid", stampedAfter(events, "invoice.overdue", "invoice.paid"));
        collect("paid, amount unnamed", any(events, "invoice.paid", event -> event.decimal("amount") == null));
        collect("paid in part", paidInPart(events));
        collect("order without amount", any(events, "order.placed", event -> event.decimal("amount") == null));
        collect("payment failed", any(events, "payment.processed", event -> event.text("failure_code") != null));
        collect("re-activated", reactivated(events));
        collect("usage on several days", usageDays(events) > 1);
        collect("more than one currency", events.stream().map(event -> event.text("currency"))
                .filter(Objects::nonNull).distinct().count() > 1);
    }

    private static void collect(String label, boolean seen) {
        Statistics.label(label).collect(seen);
        Statistics.label(label).coverage(coverage -> coverage.check(true).percentage(p -> p >= 10));
    }

    private static boolean hasTwo(List<Fact> events, BiPredicate<Fact, Fact> pair) {
        for (int i = 0; i < events.size(); i++) {
            for (int j = i + 1; j < events.size(); j++) {
                if (pair.test(events.get(i), events.get(j))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether an event of type {@code later} is stamped after one of type {@code earlier} of the same aggregate. */
    private static boolean stampedAfter(List<Fact> events, String later, String earlier) {
        Aggregate kind = Aggregate.owning(later);
        return hasTwo(events, (a, b) -> Objects.equals(kind.idIn(a), kind.idIn(b))
                && (a.type().equals(later) && b.type().equals(earlier) && a.stamp().after(b.stamp())
                || b.type().equals(later) && a.type().equals(earlier) && b.stamp().after(a.stamp())));
    }

    private static boolean any(List<Fact> events, String type, Predicate<Fact> test) {
        return events.stream().anyMatch(event -> event.type().equals(type) && test.test(event));
    }

    private static boolean paidInPart(List<Fact> events) {
        Map<String, BigDecimal> amounts = events.stream().filter(event -> event.type().equals("invoice.generated"))
                .collect(Collectors.toMap(event -> event.text("invoice_id"), event -> event.decimal("amount")));
        return any(events, "invoice.paid", event -> event.decimal("amount") != null
                && event.decimal("amount").compareTo(amounts.get(event.text("invoice_id"))) < 0);
    }

    private static boolean reactivated(List<Fact> events) {
        Map<String, Long> activations = events.stream().filter(event -> event.type().equals("subscription.activated"))
                .collect(Collectors.groupingBy(event -> event.text("subscription_id"), Collectors.counting()));
        return activations.values().stream().anyMatch(count -> count > 1);
    }

    private static long usageDays(List<Fact> events) {
        return events.stream().filter(event -> event.type().equals("usage.recorded"))
                .map(event -> event.text("subscription_id") + " " + event.day()).distinct().count();
    }
}
