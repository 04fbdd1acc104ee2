package org.bss.model.readmodel;

import static java.time.temporal.ChronoUnit.HOURS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.bss.model.readmodel.Histories.hours;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.bss.model.readmodel.Arrivals.Arrival;

/**
 * Each read model on its own: the events of one aggregate fold to the same state in any order; and the late
 * arrivals clients do send end where the lifecycle says.
 */
class ModelPropertiesTest {

    @Provide
    Arbitrary<Arrival> permutations() {
        return Arrivals.permutations(Histories.histories());
    }

    @Property
    void aCustomerFoldsTheSameInAnyOrder(@ForAll("permutations") Arrival arrival) {
        assertEachFoldsAsInStampOrder(arrival, Aggregate.CUSTOMER, Customer::initial, Customer::evolve);
    }

    @Property
    void eachSubscriptionFoldsTheSameInAnyOrder(@ForAll("permutations") Arrival arrival) {
        assertEachFoldsAsInStampOrder(arrival, Aggregate.SUBSCRIPTION, Subscription::initial, Subscription::evolve);
    }

    @Property
    void eachOrderFoldsTheSameInAnyOrder(@ForAll("permutations") Arrival arrival) {
        assertEachFoldsAsInStampOrder(arrival, Aggregate.ORDER, Order::initial, Order::evolve);
    }

    @Property
    void eachInvoiceFoldsTheSameInAnyOrder(@ForAll("permutations") Arrival arrival) {
        assertEachFoldsAsInStampOrder(arrival, Aggregate.INVOICE, Invoice::initial, Invoice::evolve);
    }

    @Property
    void eachPaymentFoldsTheSameInAnyOrder(@ForAll("permutations") Arrival arrival) {
        assertEachFoldsAsInStampOrder(arrival, Aggregate.PAYMENT, Payment::initial, Payment::evolve);
    }

    @Property
    void eachDaysUsageAddsUpTheSameInAnyOrder(@ForAll("permutations") Arrival arrival) {
        assertThat(usage(arrival.order())).isEqualTo(usage(arrival.history().inStampOrder()));
    }

    // --- late arrivals ------------------------------------------------------------------------------------

    @Provide
    Arbitrary<History> paidInvoices() {
        return Histories.alone("inv-", Histories.invoiceLife()).filter(history -> history.has("invoice.paid"));
    }

    @Property
    void anInvoicePaidBeforeItIsGeneratedEndsPaidWithTheGeneratedAmount(@ForAll("paidInvoices") History history) {
        Fact generated = only(history, "invoice.generated");
        Fact paid = only(history, "invoice.paid");
        List<Fact> arrival = new ArrayList<>(List.of(paid));
        history.inStampOrder().stream().filter(event -> event != paid).forEach(arrival::add);

        Invoice invoice = Facts.fold(Invoice.initial("inv-1"), Invoice::evolve, arrival);

        assertThat(invoice.statusValue()).isEqualTo("paid");
        assertThat(Lww.valueOf(invoice.amount())).isEqualTo(generated.decimal("amount"));
        assertThat(invoice.paidValue()).isEqualTo(paid.decimal("amount") != null ? paid.decimal("amount")
                : generated.decimal("amount"));
        assertThat(invoice).isEqualTo(Facts.fold(Invoice.initial("inv-1"), Invoice::evolve, history.inStampOrder()));
    }

    @Provide
    Arbitrary<History> overdueAndPaidInvoices() {
        return paidInvoices().filter(history -> history.has("invoice.overdue"));
    }

    @Property
    void anOverdueArrivingAfterThePaymentLeavesTheInvoicePaid(@ForAll("overdueAndPaidInvoices") History history) {
        Fact overdue = only(history, "invoice.overdue");
        List<Fact> arrival = new ArrayList<>(history.inStampOrder());
        arrival.remove(overdue);
        arrival.add(overdue);
        boolean stampedAfterPaid = overdue.stamp().after(only(history, "invoice.paid").stamp());
        Statistics.label("overdue stamped after paid").collect(stampedAfterPaid);
        Statistics.label("overdue stamped after paid").coverage(coverage -> {
            coverage.check(true).percentage(p -> p >= 10);
            coverage.check(false).percentage(p -> p >= 10);
        });

        Invoice invoice = Facts.fold(Invoice.initial("inv-1"), Invoice::evolve, arrival);

        assertThat(invoice.statusValue()).isEqualTo("paid");
        assertThat(invoice.open()).isFalse();
        assertThat(Lww.valueOf(invoice.daysOverdue())).isEqualTo(overdue.integer("days_overdue"));
    }

    @Provide
    Arbitrary<Arrival> terminatedCustomersUpdatedLater() {
        Arbitrary<History> terminated = Histories.alone("cus-", Histories.customerLife())
                .filter(history -> history.has("customer.terminated"));
        Arbitrary<History> updatedLater = Combinators.combine(terminated, hours(1, 240),
                        Arbitraries.of("prospect", "active", "suspended"))
                .as((history, after, status) -> history.with(new Fact("customer.updated", new Stamp(
                        only(history, "customer.terminated").time().plus(after, HOURS),
                        "/selfcare", "evt-late"), Data.object("customer_id", "cus-1", "status", status))));
        return Arrivals.permutations(updatedLater);
    }

    @Property
    void anUpdateStampedAfterTerminationLeavesTheCustomerTerminated(
            @ForAll("terminatedCustomersUpdatedLater") Arrival arrival) {
        Customer customer = Facts.fold(Customer.initial("cus-1"), Customer::evolve, arrival.order());

        assertThat(Ranked.valueOf(customer.status())).isEqualTo("terminated");
        assertThat(customer.terminated()).isEqualTo(only(arrival.history(), "customer.terminated").stamp());
        assertThat(customer.events()).isEqualTo(arrival.history().events().size());
    }

    @Provide
    Arbitrary<List<Fact>> suspendedThenReactivated() {
        return Combinators.combine(hours(0, 100), hours(1, 100), hours(1, 100))
                .as((activation, suspension, reactivation) -> {
                    Instant activated = Histories.START.plus(activation, HOURS);
                    Instant suspended = activated.plus(suspension, HOURS);
                    return List.of(subscription("subscription.activated", activated),
                            subscription("subscription.suspended", suspended),
                            subscription("subscription.activated",
                                    suspended.plus(reactivation, HOURS)));
                })
                .flatMap(Arbitraries::shuffle);
    }

    @Property
    void aSubscriptionSuspendedThenReactivatedReadsActiveWhicheverArrivesFirst(
            @ForAll("suspendedThenReactivated") List<Fact> arrival) {
        Subscription subscription = Facts.fold(Subscription.initial("sub-1"), Subscription::evolve, arrival);

        assertThat(Ranked.valueOf(subscription.status())).isEqualTo("active");
        assertThat(subscription.activated()).isEqualTo(arrival.stream().filter(event -> event.type()
                .equals("subscription.activated")).map(Fact::stamp).min(Stamp::compareTo).orElseThrow());
    }

    // --- pieces -------------------------------------------------------------------------------------------

    private static <S> void assertEachFoldsAsInStampOrder(Arrival arrival, Aggregate kind, Function<String, S> initial,
            BiFunction<S, Fact, S> evolve) {
        Map<String, List<Fact>> arrived = byId(arrival.order(), kind);
        Map<String, List<Fact>> inStampOrder = byId(arrival.history().inStampOrder(), kind);

        assertThat(arrived.keySet()).isEqualTo(inStampOrder.keySet());
        inStampOrder.forEach((id, events) -> assertThat(Facts.fold(initial.apply(id), evolve, arrived.get(id)))
                .as("%s %s", kind, id).isEqualTo(Facts.fold(initial.apply(id), evolve, events)));
    }

    private static Map<String, List<Fact>> byId(List<Fact> events, Aggregate kind) {
        return events.stream().filter(event -> Aggregate.owning(event.type()) == kind)
                .collect(Collectors.groupingBy(kind::idIn, TreeMap::new, Collectors.toList()));
    }

    private static Map<Usage.Key, Usage> usage(List<Fact> arrival) {
        Map<Usage.Key, Usage> usage = new TreeMap<>();
        arrival.stream().map(Usage::of).filter(Objects::nonNull)
                .forEach(added -> usage.merge(added.key(), added, Usage::plus));
        return usage;
    }

    private static Fact only(History history, String type) {
        List<Fact> events = history.events().stream().filter(event -> event.type().equals(type)).toList();
        assertThat(events).as(type).hasSize(1);
        return events.getFirst();
    }

    private static Fact subscription(String type, Instant at) {
        return new Fact(type, new Stamp(at, "/provisioning", type + "@" + at), Data.object("subscription_id", "sub-1",
                "customer_id", "cus-1", "plan_id", "plan-5g-m", "status",
                type.equals("subscription.activated") ? "active" : "suspended"));
    }
}
