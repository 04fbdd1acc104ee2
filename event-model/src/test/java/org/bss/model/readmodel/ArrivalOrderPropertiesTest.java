package org.bss.model.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.bss.model.readmodel.Arrivals.Arrival;

/**
 * A customer's read models do not depend on the order its events arrive in: folded in any arrival order, the
 * {@link CustomerFolio} is the one folded in stamp order.
 */
class ArrivalOrderPropertiesTest {

    @Provide
    Arbitrary<Arrival> interleavedPartitions() {
        return Arrivals.interleavings(Histories.histories());
    }

    @Provide
    Arbitrary<Arrival> permutations() {
        return Arrivals.permutations(Histories.histories());
    }

    @Property
    void interleavedPartitionsFoldAsInStampOrder(@ForAll("interleavedPartitions") Arrival arrival) {
        countOutOfStampOrder(arrival, 25);

        assertSameFolio(arrival.history().folio(arrival.order()), arrival.history().folioInStampOrder());
    }

    @Property
    void anyPermutationFoldsAsInStampOrder(@ForAll("permutations") Arrival arrival) {
        countOutOfStampOrder(arrival, 50);

        assertSameFolio(arrival.history().folio(arrival.order()), arrival.history().folioInStampOrder());
    }

    @Property(tries = 300)
    void anInterleavingKeepsEveryEventAndTheStampOrderOfEachKey(@ForAll("interleavedPartitions") Arrival arrival) {
        assertThat(arrival.order()).containsExactlyInAnyOrderElementsOf(arrival.history().events());
        Map<String, List<Fact>> byKey = arrival.order().stream()
                .collect(Collectors.groupingBy(Arrivals::keyOf, Collectors.toList()));
        byKey.forEach((key, events) -> assertThat(events).as(key).isSortedAccordingTo(
                (a, b) -> a.stamp().compareTo(b.stamp())));
    }

    /** Each part first, so that a failure names the part that differs. */
    private static void assertSameFolio(CustomerFolio actual, CustomerFolio expected) {
        assertThat(actual.customer()).as("customer").isEqualTo(expected.customer());
        assertThat(actual.subscriptions()).as("subscriptions").isEqualTo(expected.subscriptions());
        assertThat(actual.orders()).as("orders").isEqualTo(expected.orders());
        assertThat(actual.invoices()).as("invoices").isEqualTo(expected.invoices());
        assertThat(actual.payments()).as("payments").isEqualTo(expected.payments());
        assertThat(actual.usage()).as("usage").isEqualTo(expected.usage());
        assertThat(actual.balances()).as("balances").isEqualTo(expected.balances());
        assertThat(actual).isEqualTo(expected);
    }

    /** The property says little unless most arrivals differ from stamp order: make sure at least so many % do. */
    private static void countOutOfStampOrder(Arrival arrival, int leastPercent) {
        Statistics.label("out of stamp order").collect(!arrival.order().equals(arrival.history().inStampOrder()));
        Statistics.label("out of stamp order").coverage(coverage -> coverage.check(true)
                .percentage(p -> p >= leastPercent));
    }
}
