package org.bss.loadgen.traffic;

/** A line of an order at the unit price of the customer's region. */
record OrderItem(Product product, int quantity, long unitCents) {

    long totalCents() {
        return unitCents * quantity;
    }
}
