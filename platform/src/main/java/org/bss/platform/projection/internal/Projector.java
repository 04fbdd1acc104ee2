package org.bss.platform.projection.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.bss.model.readmodel.Aggregate;
import org.bss.model.readmodel.Balance;
import org.bss.model.readmodel.Customer;
import org.bss.model.readmodel.Invoice;
import org.bss.model.readmodel.Lww;
import org.bss.model.readmodel.Order;
import org.bss.model.readmodel.Payment;
import org.bss.model.readmodel.Subscription;
import org.bss.model.readmodel.Usage;

/**
 * One batch's worth of folding, without I/O: given the states the batch's events touch (as stored) and the events
 * not applied before, the new states, the balance changes and the usage to add. The same {@code evolve} functions
 * fold the store's events for time travel.
 */
final class Projector {

    /** The stored states of the aggregates a batch touches; absent ones start from their initial state. */
    record States(Map<Ref, Customer> customers, Map<Ref, Subscription> subscriptions, Map<Ref, Order> orders,
                  Map<Ref, Invoice> invoices, Map<Ref, Payment> payments) {
    }

    /** A change of one customer's balance in one currency. */
    record BalanceChange(Ref customer, Balance change) {
    }

    /**
     * What the batch changes: the new states (only those that changed), the balance changes and usage to add, and
     * the customers whose answers changed (what the cache must forget).
     */
    record Changes(Map<Ref, Customer> customers, Map<Ref, Subscription> subscriptions, Map<Ref, Order> orders,
                   Map<Ref, Invoice> invoices, Map<Ref, Payment> payments, List<BalanceChange> balances,
                   Map<UsageRef, Usage> usage, Set<Ref> touchedCustomers) {

        boolean isEmpty() {
            return touchedCustomers.isEmpty() && usage.isEmpty();
        }
    }

    record UsageRef(String tenantId, Usage.Key key) {
    }

    private Projector() {
    }

    static Changes apply(List<Incoming> fresh, States stored) {
        Map<Ref, Customer> customers = new LinkedHashMap<>();
        Map<Ref, Subscription> subscriptions = new LinkedHashMap<>();
        Map<Ref, Order> orders = new LinkedHashMap<>();
        Map<Ref, Invoice> invoices = new LinkedHashMap<>();
        Map<Ref, Payment> payments = new LinkedHashMap<>();
        Map<UsageRef, Usage> usage = new LinkedHashMap<>();
        Set<Ref> touched = new LinkedHashSet<>();
        for (Incoming event : fresh) {
            String customer = event.customerId();
            if (customer != null) {
                touched.add(new Ref(event.tenantId(), customer));
            }
            Aggregate kind = Aggregate.owning(event.fact().type());
            if (kind == null) {
                Usage added = Usage.of(event.fact());
                if (added != null) {
                    usage.merge(new UsageRef(event.tenantId(), added.key()), added, Usage::plus);
                }
                continue;
            }
            String id = kind.idIn(event.fact());
            if (id == null) {
                continue;
            }
            Ref ref = new Ref(event.tenantId(), id);
            switch (kind) {
                case CUSTOMER -> fold(customers, stored.customers, ref, event, Customer::initial, Customer::evolve);
                case SUBSCRIPTION -> fold(subscriptions, stored.subscriptions, ref, event, Subscription::initial, Subscription::evolve);
                case ORDER -> fold(orders, stored.orders, ref, event, Order::initial, Order::evolve);
                case INVOICE -> fold(invoices, stored.invoices, ref, event, Invoice::initial, Invoice::evolve);
                case PAYMENT -> fold(payments, stored.payments, ref, event, Payment::initial, Payment::evolve);
            }
        }
        return new Changes(customers, subscriptions, orders, invoices, payments, balanceChanges(invoices, stored.invoices),
                usage, touched);
    }

    /** For each invoice that changed: its new part of its customer's balance minus its old part. */
    private static List<BalanceChange> balanceChanges(Map<Ref, Invoice> after, Map<Ref, Invoice> before) {
        Map<Ref, Map<String, Balance>> changes = new HashMap<>();
        after.forEach((ref, invoice) -> {
            Invoice old = before.get(ref);
            String oldCustomer = old == null ? null : Lww.valueOf(old.customerId());
            String newCustomer = Lww.valueOf(invoice.customerId());
            if (oldCustomer != null && oldCustomer.equals(newCustomer)) {
                add(changes, new Ref(ref.tenantId(), newCustomer), Balance.change(old, invoice));
                return;
            }
            if (oldCustomer != null) {
                add(changes, new Ref(ref.tenantId(), oldCustomer), Balance.change(old, null));
            }
            if (newCustomer != null) {
                add(changes, new Ref(ref.tenantId(), newCustomer), Balance.change(null, invoice));
            }
        });
        List<BalanceChange> list = new ArrayList<>();
        changes.forEach((customer, byCurrency) -> byCurrency.values().stream().filter(b -> !b.isZero())
                .forEach(balance -> list.add(new BalanceChange(customer, balance))));
        return list;
    }

    private static void add(Map<Ref, Map<String, Balance>> changes, Ref customer, Map<String, Balance> change) {
        Map<String, Balance> byCurrency = changes.computeIfAbsent(customer, c -> new HashMap<>());
        change.forEach((currency, balance) -> byCurrency.merge(currency, balance, Balance::plus));
    }

    private static <S> void fold(Map<Ref, S> changed, Map<Ref, S> stored, Ref ref, Incoming event,
            Function<String, S> initial, BiFunction<S, org.bss.model.readmodel.Fact, S> evolve) {
        S state = changed.get(ref);
        if (state == null) {
            state = stored.get(ref);
        }
        if (state == null) {
            state = initial.apply(ref.id());
        }
        changed.put(ref, evolve.apply(state, event.fact()));
    }
}
