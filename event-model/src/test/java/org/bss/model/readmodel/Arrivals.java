package org.bss.model.readmodel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Orders in which a customer's events may reach the projection. Producers key each event by its aggregate
 * (customer/&lt;id&gt;, subscription/&lt;id&gt;, order/&lt;id&gt;, invoice/&lt;id&gt;, payment/&lt;id&gt;; usage by
 * its subscription), Kafka keeps the order within a partition, and a consumer reads its partitions interleaved
 * in any way. Clients also send events late, so an arrival may be any permutation at all.
 */
final class Arrivals {

    /** The events of {@code history} in the order they arrive. */
    record Arrival(History history, List<Fact> order) {

        Arrival {
            order = List.copyOf(order);
        }

        @Override
        public String toString() {
            return history + "\narriving:\n" + History.lines(order);
        }
    }

    /** A turn of a consumer: it reads up to {@code run} events of the partition {@code pick} chooses. */
    record Turn(int pick, int run) {
    }

    private static final int TURNS = 64;

    private Arrivals() {
    }

    static String keyOf(Fact event) {
        Aggregate kind = Aggregate.owning(event.type());
        return kind == null ? "subscription/" + event.text("subscription_id")
                : kind.name().toLowerCase(Locale.ROOT) + "/" + kind.idIn(event);
    }

    /** The events of a partition each, as a producer keyed them over {@code count} partitions, in stamp order. */
    static List<List<Fact>> partitions(History history, int count) {
        List<List<Fact>> partitions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            partitions.add(new ArrayList<>());
        }
        for (Fact event : history.inStampOrder()) {
            partitions.get(Math.floorMod(keyOf(event).hashCode(), count)).add(event);
        }
        return partitions;
    }

    /**
     * The partitions read in turns; each turn picks one of the partitions not read to the end yet. Turns are
     * taken again from the first when they run out.
     */
    static List<Fact> interleave(List<List<Fact>> partitions, List<Turn> turns) {
        List<Deque<Fact>> unread = new ArrayList<>();
        partitions.stream().filter(partition -> !partition.isEmpty())
                .forEach(partition -> unread.add(new ArrayDeque<>(partition)));
        List<Fact> order = new ArrayList<>();
        for (int t = 0; !unread.isEmpty(); t++) {
            Turn turn = turns.get(t % turns.size());
            int pick = turn.pick() % unread.size();
            Deque<Fact> partition = unread.get(pick);
            for (int i = 0; i < turn.run() && !partition.isEmpty(); i++) {
                order.add(partition.removeFirst());
            }
            if (partition.isEmpty()) {
                unread.remove(pick);
            }
        }
        return order;
    }

    /** Histories as a consumer of 1 to 8 partitions may read them (turns without edge cases, as random parts). */
    static Arbitrary<Arrival> interleavings(Arbitrary<History> histories) {
        Arbitrary<Turn> turn = Combinators.combine(Arbitraries.integers().between(0, 99),
                Arbitraries.integers().between(1, 6)).as(Turn::new);
        return Combinators.combine(histories, Arbitraries.integers().between(1, 8),
                        turn.list().ofSize(TURNS).withoutEdgeCases())
                .as((history, count, turns) -> new Arrival(history, interleave(partitions(history, count), turns)));
    }

    /** Histories arriving in any order at all. */
    static Arbitrary<Arrival> permutations(Arbitrary<History> histories) {
        return histories.flatMap(history -> Arbitraries.shuffle(history.events())
                .map(order -> new Arrival(history, order)));
    }
}
