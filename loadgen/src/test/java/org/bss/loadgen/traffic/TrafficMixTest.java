package org.bss.loadgen.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Over a long stream, each type's share is the mix's, prerequisites notwithstanding. */
class TrafficMixTest {

    private static final int EVENTS = 100_000;
    private static final double ONE_POINT = 0.01;

    @ParameterizedTest
    @ValueSource(longs = {1, 42, -7_000_000_001L})
    void thePlanSharesHoldWithinOnePointOver100kEvents(long seed) {
        Map<String, Integer> counts = count(new Traffic("t1", EventMix.plan(), seed, TickingClock.at("2025-11-07T10:30:00Z")));

        assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(EventMix.plan().weights().keySet());
        EventMix.plan().weights().keySet().forEach(type ->
                assertThat(counts.get(type) / (double) EVENTS).as(type + " with seed " + seed)
                        .isCloseTo(EventMix.plan().share(type), within(ONE_POINT)));
    }

    @Test
    void aMixOfEveryTypeHoldsItsSharesToo() {
        Map<String, Integer> counts = count(new Traffic("t1", TestMixes.ALL_TYPES, 3, TickingClock.at("2025-11-07T10:30:00Z")));

        TestMixes.ALL_TYPES.weights().keySet().forEach(type ->
                assertThat(counts.getOrDefault(type, 0) / (double) EVENTS).as(type)
                        .isCloseTo(TestMixes.ALL_TYPES.share(type), within(ONE_POINT)));
    }

    @Test
    void prerequisitesAreRareOnceTheWorkingSetIsWarm() {
        Traffic traffic = new Traffic("t1", EventMix.plan(), 9, TickingClock.at("2025-11-07T10:30:00Z"));
        for (int i = 0; i < EVENTS; i++) {
            traffic.next();
        }

        for (EventType type : EventType.values()) {
            assertThat(traffic.debts().owed(type) + traffic.debts().surplus(type)).as(type.type()).isLessThan(5);
        }
    }

    @Test
    void aStreamThatBeginsWithAnOrderStartsWithItsCustomer() {
        EventMix ordersOnly = EventMix.parse("order.placed=1");
        Traffic traffic = new Traffic("t1", ordersOnly, 5, TickingClock.at("2025-11-07T10:30:00Z"));

        assertThat(traffic.next().type()).isEqualTo("customer.created");
        assertThat(traffic.next().type()).isEqualTo("order.placed");
    }

    @Test
    void aTypeOfWeightZeroComesOnlyAsAPrerequisite() {
        EventMix mix = EventMix.parse("customer.created=0,customer.updated=1");
        Map<String, Integer> counts = count(new Traffic("t1", mix, 5, TickingClock.at("2025-11-07T10:30:00Z")));

        assertThat(counts.get("customer.created")).isEqualTo(1);
    }

    private static Map<String, Integer> count(Traffic traffic) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < EVENTS; i++) {
            counts.merge(traffic.next().type(), 1, Integer::sum);
        }
        return counts;
    }
}
