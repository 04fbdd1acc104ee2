package org.bss.loadgen.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Replayed, a stream tells consistent stories: nothing is referred to before it exists, nothing is closed twice. */
class TrafficCoherenceTest {

    private static final int EVENTS = 100_000;
    /** A working set small enough that customers, orders, invoices and payments are forgotten all the time. */
    private static final WorkingSet.Limits TINY = new WorkingSet.Limits(60, 40, 30, 30, 4);

    static Stream<Arguments> streams() {
        return Stream.of(
                Arguments.of("plan", EventMix.plan(), 1L, WorkingSet.Limits.DEFAULT),
                Arguments.of("all types", TestMixes.ALL_TYPES, 2L, WorkingSet.Limits.DEFAULT),
                Arguments.of("plan, tiny working set", EventMix.plan(), 3L, TINY),
                Arguments.of("all types, tiny working set", TestMixes.ALL_TYPES, 4L, TINY),
                Arguments.of("payments and churn first", EventMix.parse(
                        "invoice.paid=10,payment.processed=10,payment.created=10,order.cancelled=5,customer.terminated=5,"
                                + "subscription.cancelled=5,invoice.overdue=5,order.placed=20,customer.created=10"), 5L, TINY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void noEventRefersToWhatTheStreamHasNotCreatedBefore(String name, EventMix mix, long seed, WorkingSet.Limits limits) {
        Traffic traffic = new Traffic("t1", mix, seed, TickingClock.at("2025-11-07T10:30:00Z"), limits);
        StoryReplay replay = new StoryReplay();
        for (int i = 0; i < EVENTS && replay.problems().size() < 20; i++) {
            replay.accept(traffic.next());
        }

        assertThat(replay.problems()).isEmpty();
    }

    @Test
    void theReplayNoticesAnOrderCancelledTwiceAndAnUnknownInvoice() {
        Traffic traffic = new Traffic("t1", EventMix.parse("order.placed=1"), 1, TickingClock.at("2025-11-07T10:30:00Z"));
        StoryReplay replay = new StoryReplay();
        replay.accept(traffic.next()); // customer.created
        GeneratedEvent placed = traffic.next();
        replay.accept(placed);
        String order = placed.subject().substring("order/".length());
        String customer = new String(placed.json(), StandardCharsets.UTF_8)
                .replaceAll(".*\"customer_id\":\"([^\"]+)\".*", "$1");

        GeneratedEvent cancel = handMade("order.cancelled", "order/" + order,
                "{\"order_id\":\"" + order + "\",\"customer_id\":\"" + customer + "\"}");
        replay.accept(cancel);
        assertThat(replay.problems()).isEmpty();
        replay.accept(cancel);
        replay.accept(handMade("payment.processed", "payment/pay_1",
                "{\"payment_id\":\"pay_1\",\"customer_id\":\"" + customer + "\",\"invoice_id\":\"inv_x\",\"amount\":1.00,"
                        + "\"currency\":\"EUR\",\"status\":\"succeeded\"}"));

        assertThat(replay.problems())
                .anyMatch(problem -> problem.startsWith("#3 order.cancelled") && problem.contains("order is already CANCELLED"))
                .anyMatch(problem -> problem.contains("invoice inv_x was never generated"));
    }

    @Test
    void theSameSeedAndClockGiveTheSameBytes() {
        assertThat(run(EventMix.plan(), 77, 5_000)).containsExactlyElementsOf(run(EventMix.plan(), 77, 5_000));
        assertThat(run(TestMixes.ALL_TYPES, 78, 5_000)).containsExactlyElementsOf(run(TestMixes.ALL_TYPES, 78, 5_000));
    }

    @Test
    void anotherSeedGivesAnotherStream() {
        List<GeneratedEvent> one = run(EventMix.plan(), 77, 100);
        List<GeneratedEvent> other = run(EventMix.plan(), 78, 100);

        for (int i = 0; i < one.size(); i++) {
            assertThat(one.get(i).json()).isNotEqualTo(other.get(i).json());
        }
    }

    @Test
    void aFewCustomersAreFarBusierThanMost() {
        Traffic traffic = new Traffic("t1", EventMix.plan(), 6, TickingClock.at("2025-11-07T10:30:00Z"));
        StoryReplay replay = new StoryReplay();
        for (int i = 0; i < EVENTS; i++) {
            replay.accept(traffic.next());
        }
        List<Integer> counts = new ArrayList<>(replay.referencesByCustomer().values());
        counts.sort(Comparator.reverseOrder());
        long all = counts.stream().mapToLong(Integer::longValue).sum();
        long busiestPercent = counts.subList(0, counts.size() / 100).stream().mapToLong(Integer::longValue).sum();

        // Were customers picked uniformly, the busiest 1 % would have little more than 1 % of the events.
        assertThat((double) busiestPercent / all).isGreaterThan(0.15);
        assertThat(counts.getLast()).isEqualTo(1); // and many are seen once, when they are created
    }

    @Test
    void theWorkingSetStaysWithinItsLimits() {
        Traffic traffic = new Traffic("t1", TestMixes.ALL_TYPES, 7, TickingClock.at("2025-11-07T10:30:00Z"), TINY);
        WorkingSet world = traffic.workingSet();
        int limit = TINY.customers() + 2 * TINY.orders() + 2 * TINY.subscriptions() + 2 * TINY.invoices() + TINY.payments();
        for (int i = 0; i < EVENTS; i++) {
            traffic.next();
            if (i % 1000 == 0) {
                assertThat(world.customers.size()).isLessThanOrEqualTo(TINY.customers());
                assertThat(world.openOrders.size()).isLessThanOrEqualTo(TINY.orders());
                assertThat(world.openInvoices.size()).isLessThanOrEqualTo(TINY.invoices());
                assertThat(world.pendingPayments.size()).isLessThanOrEqualTo(TINY.payments());
                assertThat(world.size()).isLessThanOrEqualTo(limit);
            }
        }
        assertThat(world.customers.size()).isGreaterThan(TINY.customers() / 2);
    }

    private static List<GeneratedEvent> run(EventMix mix, long seed, int events) {
        Traffic traffic = new Traffic("t1", mix, seed, TickingClock.at("2025-11-07T10:30:00Z"));
        List<GeneratedEvent> stream = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            stream.add(traffic.next());
        }
        return stream;
    }

    private static GeneratedEvent handMade(String type, String subject, String data) {
        String json = "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"/t\",\"type\":\"" + type + "\",\"subject\":\""
                + subject + "\",\"data\":" + data + "}";
        return new GeneratedEvent("x", "/t", type, subject, json.getBytes(StandardCharsets.UTF_8));
    }
}
