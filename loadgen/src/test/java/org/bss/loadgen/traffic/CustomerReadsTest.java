package org.bss.loadgen.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Which customers a stream names for reads: accepted ones still in its working set, busy ones more often. */
class CustomerReadsTest {

    private final SplittableRandom random = new SplittableRandom(7);

    @Test
    void onlyAcceptedCustomersStillInTheWorkingSetAreRead() {
        Customers customers = new Customers(3);
        Customer[] made = new Customer[5];
        for (int i = 0; i < 3; i++) {
            made[i] = add(customers, "c" + i, 1);
        }
        assertThat(customers.pickReadable(random)).as("nothing accepted yet").isNull();

        customers.accepted(made[1].id());
        customers.accepted(made[2].id());
        customers.accepted("never-made");
        for (int i = 3; i < 5; i++) {
            made[i] = add(customers, "c" + i, 1); // takes c0's slot, then c1's
        }
        customers.accepted(made[1].id());
        customers.accepted(made[4].id());

        Set<Customer> read = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            read.add(customers.pickReadable(random));
        }
        assertThat(read).containsExactlyInAnyOrder(made[2], made[4]);

        customers.remove(made[2]);
        customers.remove(made[4]);
        assertThat(customers.pickReadable(random)).as("the accepted ones left").isNull();
    }

    @Test
    void readsFollowTheActivityWeights() {
        Customers customers = new Customers(100);
        Customer quiet = add(customers, "quiet", 1);
        Customer busy = add(customers, "busy", 9);
        Customer unaccepted = add(customers, "unaccepted", 250);
        customers.accepted(quiet.id());
        customers.accepted(busy.id());

        int busyReads = 0;
        for (int i = 0; i < 100_000; i++) {
            Customer picked = customers.pickReadable(random);
            assertThat(picked).isNotEqualTo(unaccepted);
            busyReads += picked == busy ? 1 : 0;
        }

        assertThat(busyReads / 100_000.0).isCloseTo(0.9, within(0.01));
    }

    @Test
    void aStreamNamesTheCustomersWhoseCreationWasAcceptedBusyOnesMostOften() {
        Traffic traffic = new Traffic("t1", EventMix.plan(), 3, TickingClock.at("2025-03-01T10:00:00Z"));
        assertThat(traffic.customerToRead(random)).isNull();
        Set<String> accepted = new HashSet<>();
        boolean accept = true;
        for (int i = 0; i < 20_000; i++) {
            GeneratedEvent event = traffic.next();
            if (Traffic.createsCustomer(event)) {
                // every other one, as if the platform refused the rest
                if (accept) {
                    traffic.customerAccepted(event);
                    accepted.add(event.subject().substring("customer/".length()));
                }
                accept = !accept;
            }
        }

        Map<String, Integer> reads = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            reads.merge(traffic.customerToRead(random), 1, Integer::sum);
        }

        assertThat(accepted).hasSizeGreaterThan(500);
        assertThat(accepted).containsAll(reads.keySet());
        List<Integer> counts = new ArrayList<>(reads.values());
        counts.sort(Comparator.reverseOrder());
        long busiestFifth = counts.subList(0, counts.size() / 5).stream().mapToLong(Integer::longValue).sum();
        assertThat(busiestFifth / 100_000.0).as("reads of the busiest fifth of the customers read").isGreaterThan(0.5);
    }

    @Test
    void readingLeavesTheStreamOfASeedAsItWas() {
        Traffic read = new Traffic("t1", EventMix.plan(), 5, TickingClock.at("2025-03-01T10:00:00Z"));
        Traffic unread = new Traffic("t1", EventMix.plan(), 5, TickingClock.at("2025-03-01T10:00:00Z"));
        for (int i = 0; i < 2_000; i++) {
            GeneratedEvent event = read.next();
            assertThat(unread.next()).isEqualTo(event);
            if (Traffic.createsCustomer(event)) {
                read.customerAccepted(event);
            }
            read.customerToRead(random);
        }
    }

    @Test
    void onlyACustomerCreatedMakesACustomerReadable() {
        Traffic traffic = new Traffic("t1", EventMix.parse("order.placed=1"), 1,
                TickingClock.at("2025-03-01T10:00:00Z"));
        GeneratedEvent created = traffic.next(); // an order needs a customer first
        GeneratedEvent order = traffic.next();

        assertThat(Traffic.createsCustomer(created)).isTrue();
        assertThat(Traffic.createsCustomer(order)).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> traffic.customerAccepted(order))
                .withMessageContaining("order.placed");
        traffic.customerAccepted(created);
        assertThat(traffic.customerToRead(random)).isEqualTo(created.subject().substring("customer/".length()));
    }

    private static Customer add(Customers customers, String id, int weight) {
        Customer customer = new Customer(id, customers.nextSlot(), Region.PL, false, Name.of("A"), Name.of("B"));
        customers.add(customer, weight);
        return customer;
    }
}
