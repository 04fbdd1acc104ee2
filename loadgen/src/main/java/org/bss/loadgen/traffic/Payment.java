package org.bss.loadgen.traffic;

/**
 * A payment attempt on an invoice, decided when it is made: how much, by what means, and whether the provider
 * will decline it. While it is pending its invoice is out of the open invoices, so one payment at a time is
 * in flight for an invoice.
 */
record Payment(String id, Invoice invoice, long amountCents, String method, boolean declined) implements Owned {

    @Override
    public Customer customer() {
        return invoice.customer();
    }

    String orderId() {
        return invoice.orderId();
    }

    /** The same payment, declined or not. */
    Payment withOutcome(boolean declined) {
        return declined == this.declined ? this : new Payment(id, invoice, amountCents, method, declined);
    }

    /** The invoice once this payment is processed. */
    Invoice invoiceAfter() {
        return invoice.afterAttempt(declined ? 0 : amountCents);
    }
}
