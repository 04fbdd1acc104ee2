package org.bss.loadgen.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bss.model.schema.EventCatalog;
import org.junit.jupiter.api.Test;

class EventMixTest {

    @Test
    void thePlanHasItsSevenTypesInOrder() {
        EventMix plan = EventMix.plan();

        assertThat(plan.weights()).containsExactly(
                Map.entry("customer.created", 10), Map.entry("customer.updated", 20), Map.entry("order.placed", 30),
                Map.entry("order.cancelled", 5), Map.entry("payment.processed", 20),
                Map.entry("invoice.generated", 10), Map.entry("subscription.activated", 5));
        assertThat(plan.share("order.placed")).isEqualTo(0.30);
        assertThat(plan.share("order.cancelled")).isEqualTo(0.05);
        assertThat(plan.share("usage.recorded")).isZero();
        assertThat(plan.share("no.such")).isZero();
    }

    @Test
    void theWeightsAreACopyThatCannotBeChanged() {
        Map<String, Integer> weights = new LinkedHashMap<>();
        weights.put("order.placed", 3);
        weights.put("customer.created", 1);
        EventMix mix = new EventMix(weights);
        weights.put("order.cancelled", 5);

        assertThat(mix.weights()).containsExactly(Map.entry("order.placed", 3), Map.entry("customer.created", 1));
        assertThatThrownBy(() -> mix.weights().put("order.cancelled", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void parseReadsTypesAndWeightsInOrder() {
        EventMix mix = EventMix.parse(" order.placed = 30 ,customer.created=10,usage.recorded=0");

        assertThat(mix.weights()).containsExactly(Map.entry("order.placed", 30), Map.entry("customer.created", 10),
                Map.entry("usage.recorded", 0));
        assertThat(mix.share("order.placed")).isEqualTo(0.75);
        assertThat(mix.share("usage.recorded")).isZero();
    }

    @Test
    void parseAcceptsEveryCatalogType() {
        Set<String> catalog = EventCatalog.builtIn().types();
        String spec = String.join(",", catalog.stream().map(type -> type + "=1").toList());

        assertThat(EventMix.parse(spec).weights().keySet()).containsExactlyElementsOf(catalog);
        assertThat(TestMixes.ALL_TYPES.weights().keySet()).containsExactlyInAnyOrderElementsOf(catalog);
    }

    @Test
    void parseNamesWhatIsWrong() {
        assertThatIllegalArgumentException().isThrownBy(() -> EventMix.parse(""))
                .withMessageContaining("empty");
        assertThatIllegalArgumentException().isThrownBy(() -> EventMix.parse("   "))
                .withMessageContaining("empty");
        assertThatIllegalArgumentException().isThrownBy(() -> EventMix.parse(null))
                .withMessageContaining("empty");
        assertThatIllegalArgumentException().isThrownBy(() -> EventMix.parse("order.placed=3,,customer.created=1"))
                .withMessageContaining("entry 2").withMessageContaining("empty");
        assertThatIllegalArgumentException().isThrownBy(() -> EventMix.parse("order.placed"))
                .withMessageContaining("\"order.placed\" has no weight");
        assertThatIllegalArgumentException().isThrownBy(() -> EventMix.parse("=5"))
                .withMessageContaining("no event type");
        assertThatIllegalArgumentException().isThrownBy(() -> EventMix.parse("order.shipped=5"))
                .withMessageContaining("unknown event type \"order.shipped\"")
                .withMessageContaining("order.placed, order.cancelled");
        assertThatIllegalArgumentException().isThrownBy(() -> EventMix.parse("Order.Placed=5"))
                .withMessageContaining("unknown event type \"Order.Placed\"");
        assertThatIllegalArgumentException().isThrownBy(() -> EventMix.parse("order.placed=many"))
                .withMessageContaining("\"many\" of order.placed is not a whole number");
        assertThatIllegalArgumentException().isThrownBy(() -> EventMix.parse("order.placed=2.5"))
                .withMessageContaining("\"2.5\" of order.placed is not a whole number");
        assertThatIllegalArgumentException().isThrownBy(() -> EventMix.parse("order.placed="))
                .withMessageContaining("\"\" of order.placed is not a whole number");
        assertThatIllegalArgumentException().isThrownBy(() -> EventMix.parse("order.placed=-3"))
                .withMessageContaining("-3 of order.placed is negative");
        assertThatIllegalArgumentException().isThrownBy(() -> EventMix.parse("order.placed=1000001"))
                .withMessageContaining("1000001 of order.placed is larger than 1000000");
        assertThatIllegalArgumentException().isThrownBy(() -> EventMix.parse("order.placed=99999999999"))
                .withMessageContaining("of order.placed is not a whole number");
        assertThatIllegalArgumentException().isThrownBy(() -> EventMix.parse("order.placed=1,order.placed=2"))
                .withMessageContaining("order.placed appears more than once");
        assertThatIllegalArgumentException().isThrownBy(() -> EventMix.parse("order.placed=0,customer.created=0"))
                .withMessageContaining("add up to 0");
    }

    @Test
    void theConstructorRefusesWhatParseRefuses() {
        assertThatIllegalArgumentException().isThrownBy(() -> new EventMix(Map.of()))
                .withMessageContaining("at least one type");
        assertThatIllegalArgumentException().isThrownBy(() -> new EventMix(Map.of("order.shipped", 1)))
                .withMessageContaining("unknown event type \"order.shipped\"");
        assertThatIllegalArgumentException().isThrownBy(() -> new EventMix(Map.of("order.placed", -1)))
                .withMessageContaining("negative");
        Map<String, Integer> missing = new LinkedHashMap<>();
        missing.put("order.placed", null);
        assertThatIllegalArgumentException().isThrownBy(() -> new EventMix(missing))
                .withMessageContaining("weight of order.placed is missing");
        assertThatThrownBy(() -> new EventMix(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void pickGivesEachTypeARunOfTheUnitIntervalAsLongAsItsShare() {
        EventMix mix = EventMix.parse("customer.created=1,order.placed=0,customer.updated=2,order.cancelled=1");

        assertThat(mix.pick(0.0)).isEqualTo("customer.created");
        assertThat(mix.pick(Math.nextDown(0.25))).isEqualTo("customer.created");
        assertThat(mix.pick(0.25)).isEqualTo("customer.updated");
        assertThat(mix.pick(Math.nextDown(0.75))).isEqualTo("customer.updated");
        assertThat(mix.pick(0.75)).isEqualTo("order.cancelled");
        assertThat(mix.pick(Math.nextDown(1.0))).isEqualTo("order.cancelled");
    }

    @Test
    void pickNeverGivesATypeOfWeightZeroNorFallsOffTheEnd() {
        EventMix mix = EventMix.parse("customer.created=3,order.placed=0,order.cancelled=0");

        for (double u : List.of(0.0, 0.5, Math.nextDown(1.0))) {
            assertThat(mix.pick(u)).isEqualTo("customer.created");
        }
        EventMix uneven = EventMix.parse("customer.created=1000000,order.placed=999999,order.cancelled=3");
        assertThat(uneven.pick(Math.nextDown(1.0))).isEqualTo("order.cancelled");
    }

    @Test
    void pickRefusesNumbersOutsideTheUnitInterval() {
        EventMix plan = EventMix.plan();

        for (double u : new double[] {-0.0001, 1.0, 1.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatIllegalArgumentException().isThrownBy(() -> plan.pick(u)).withMessageContaining("[0,1)");
        }
    }

    @Test
    void pickFollowsTheShares() {
        EventMix plan = EventMix.plan();
        Map<String, Integer> counts = new LinkedHashMap<>();
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            counts.merge(plan.pick((i + 0.5) / n), 1, Integer::sum);
        }

        plan.weights().keySet().forEach(type ->
                assertThat(counts.get(type) / (double) n).as(type).isCloseTo(plan.share(type), within(1e-4)));
    }
}
