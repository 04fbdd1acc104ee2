package org.bss.model.readmodel;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Everything the read models know about one customer, folded from the events that name it: what time travel
 * rebuilds as of an instant, and what a snapshot keeps. The live projection keeps the same states in separate
 * tables; both fold with the same {@code evolve} functions.
 */
public record CustomerFolio(Customer customer, Map<String, Subscription> subscriptions, Map<String, Order> orders,
                            Map<String, Invoice> invoices, Map<String, Payment> payments,
                            Map<Usage.Key, Usage> usage) {

    public static CustomerFolio initial(String customerId) {
        return new CustomerFolio(Customer.initial(customerId), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
    }

    /** Whether any event has named this customer. */
    public boolean exists() {
        return customer.events() > 0 || !subscriptions.isEmpty() || !orders.isEmpty() || !invoices.isEmpty()
                || !payments.isEmpty() || !usage.isEmpty();
    }

    public static CustomerFolio evolve(CustomerFolio folio, Fact fact) {
        Aggregate kind = Aggregate.owning(fact.type());
        if (kind == null) {
            Usage usage = Usage.of(fact);
            if (usage == null) {
                return folio;
            }
            Map<Usage.Key, Usage> next = new TreeMap<>(folio.usage);
            next.merge(usage.key(), usage, Usage::plus);
            return new CustomerFolio(folio.customer, folio.subscriptions, folio.orders, folio.invoices, folio.payments, next);
        }
        String id = kind.idIn(fact);
        return switch (kind) {
            case CUSTOMER -> new CustomerFolio(Customer.evolve(folio.customer, fact), folio.subscriptions, folio.orders,
                    folio.invoices, folio.payments, folio.usage);
            case SUBSCRIPTION -> new CustomerFolio(folio.customer,
                    fold(folio.subscriptions, id, fact, Subscription::initial, Subscription::evolve), folio.orders,
                    folio.invoices, folio.payments, folio.usage);
            case ORDER -> new CustomerFolio(folio.customer, folio.subscriptions,
                    fold(folio.orders, id, fact, Order::initial, Order::evolve), folio.invoices, folio.payments, folio.usage);
            case INVOICE -> new CustomerFolio(folio.customer, folio.subscriptions, folio.orders,
                    fold(folio.invoices, id, fact, Invoice::initial, Invoice::evolve), folio.payments, folio.usage);
            case PAYMENT -> new CustomerFolio(folio.customer, folio.subscriptions, folio.orders, folio.invoices,
                    fold(folio.payments, id, fact, Payment::initial, Payment::evolve), folio.usage);
        };
    }

    public Map<String, Balance> balances() {
        return Balance.of(invoices.values());
    }

    private static <S> Map<String, S> fold(Map<String, S> states, String id, Fact fact, Function<String, S> initial,
            BiFunction<S, Fact, S> evolve) {
        if (id == null) {
            return states;
        }
        Map<String, S> next = new TreeMap<>(states);
        next.put(id, evolve.apply(next.getOrDefault(id, initial.apply(id)), fact));
        return next;
    }
}
