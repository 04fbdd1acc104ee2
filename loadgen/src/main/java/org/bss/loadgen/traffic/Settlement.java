package org.bss.loadgen.traffic;

/** An invoice paid in full by {@code paymentId}, waiting for its invoice.paid. */
record Settlement(Invoice invoice, String paymentId, String method) implements Owned {

    @Override
    public Customer customer() {
        return invoice.customer();
    }
}
