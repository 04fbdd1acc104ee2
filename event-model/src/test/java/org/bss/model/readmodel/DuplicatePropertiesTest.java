package org.bss.model.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.bss.model.readmodel.Arrivals.Arrival;

/**
 * An event that arrives twice. The projection removes duplicates (same source and id) before it folds, so no fold
 * has to be idempotent, and usage is not: it adds up. The models made only of last-writer-wins registers, ranked
 * statuses and earliest or latest stamps are idempotent all the same, but for their count of events: a repeat
 * that slipped through would change nothing else.
 */
class DuplicatePropertiesTest {

    @Provide
    Arbitrary<Arrival> permutations() {
        return Arrivals.permutations(Histories.histories());
    }

    @Property
    void aRepeatedCustomerEventChangesOnlyTheCount(@ForAll("permutations") Arrival arrival,
            @ForAll @IntRange(max = 999) int which, @ForAll @IntRange(max = 999) int where) {
        assertARepeatChangesOnlyTheCount(new Model<>(Aggregate.CUSTOMER, Customer::initial, Customer::evolve,
                Customer::events, customer -> new Customer(customer.id(), customer.profile(), customer.status(),
                        customer.created(), customer.terminated(), customer.terminationReason(), customer.last(), 0)),
                arrival, which, where);
    }

    @Property
    void aRepeatedInvoiceEventChangesOnlyTheCount(@ForAll("permutations") Arrival arrival,
            @ForAll @IntRange(max = 999) int which, @ForAll @IntRange(max = 999) int where) {
        assertARepeatChangesOnlyTheCount(new Model<>(Aggregate.INVOICE, Invoice::initial, Invoice::evolve,
                Invoice::events, invoice -> new Invoice(invoice.id(), invoice.customerId(), invoice.number(),
                        invoice.amount(), invoice.currency(), invoice.issueDate(), invoice.dueDate(), invoice.status(),
                        invoice.paidAmount(), invoice.paid(), invoice.daysOverdue(), invoice.last(), 0)),
                arrival, which, where);
    }

    @Property
    void aRepeatedSubscriptionEventChangesOnlyTheCount(@ForAll("permutations") Arrival arrival,
            @ForAll @IntRange(max = 999) int which, @ForAll @IntRange(max = 999) int where) {
        assertARepeatChangesOnlyTheCount(new Model<>(Aggregate.SUBSCRIPTION, Subscription::initial,
                Subscription::evolve, Subscription::events, s -> new Subscription(s.id(), s.customerId(), s.planId(),
                        s.planName(), s.price(), s.currency(), s.billingPeriod(), s.paymentType(), s.msisdn(),
                        s.status(), s.activated(), s.suspended(), s.cancelled(), s.reason(), s.last(), 0)),
                arrival, which, where);
    }

    @Property
    void aRepeatedOrderEventChangesOnlyTheCount(@ForAll("permutations") Arrival arrival,
            @ForAll @IntRange(max = 999) int which, @ForAll @IntRange(max = 999) int where) {
        assertARepeatChangesOnlyTheCount(new Model<>(Aggregate.ORDER, Order::initial, Order::evolve, Order::events,
                o -> new Order(o.id(), o.customerId(), o.items(), o.amount(), o.currency(), o.status(), o.placed(),
                        o.completed(), o.cancelled(), o.last(), 0)),
                arrival, which, where);
    }

    @Property
    void aRepeatedPaymentEventChangesOnlyTheCount(@ForAll("permutations") Arrival arrival,
            @ForAll @IntRange(max = 999) int which, @ForAll @IntRange(max = 999) int where) {
        assertARepeatChangesOnlyTheCount(new Model<>(Aggregate.PAYMENT, Payment::initial, Payment::evolve,
                Payment::events, p -> new Payment(p.id(), p.customerId(), p.amount(), p.currency(), p.method(),
                        p.invoiceId(), p.orderId(), p.status(), p.failureCode(), p.failureReason(), p.processed(),
                        p.last(), 0)),
                arrival, which, where);
    }

    /** A kind of read model: how it folds, its count of events, and the state with that count set to zero. */
    private record Model<S>(Aggregate kind, Function<String, S> initial, BiFunction<S, Fact, S> evolve,
                            ToLongFunction<S> count, UnaryOperator<S> uncounted) {

        S fold(String id, List<Fact> arrival) {
            return Facts.fold(initial.apply(id), evolve, arrival);
        }
    }

    /**
     * Picks the {@code which}th event of the model's kind (modulo their number) and folds its aggregate's events
     * as they arrived, then again with that event repeated at the {@code where}th place (modulo the places).
     */
    private static <S> void assertARepeatChangesOnlyTheCount(Model<S> model, Arrival arrival, int which, int where) {
        List<Fact> ofKind = arrival.order().stream().filter(event -> Aggregate.owning(event.type()) == model.kind())
                .toList();
        Assume.that(!ofKind.isEmpty());
        Fact repeated = ofKind.get(which % ofKind.size());
        String id = model.kind().idIn(repeated);
        List<Fact> once = ofKind.stream().filter(event -> id.equals(model.kind().idIn(event))).toList();
        List<Fact> twice = new ArrayList<>(once);
        twice.add(where % (once.size() + 1), repeated);

        S foldedOnce = model.fold(id, once);
        S foldedTwice = model.fold(id, twice);

        assertThat(model.uncounted().apply(foldedTwice)).isEqualTo(model.uncounted().apply(foldedOnce));
        assertThat(model.count().applyAsLong(foldedTwice)).isEqualTo(model.count().applyAsLong(foldedOnce) + 1);
    }
}
