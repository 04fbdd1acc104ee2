package org.bss.loadgen.traffic;

import java.util.List;

/** A placed order, neither cancelled nor invoiced yet. Its amount is the items' total, taxes included. */
record Order(String id, Customer customer, List<OrderItem> items, long amountCents) implements Owned {

    static Order of(String id, Customer customer, List<OrderItem> items) {
        long amount = 0;
        for (OrderItem item : items) {
            amount += item.totalCents();
        }
        return new Order(id, customer, List.copyOf(items), amount);
    }
}
