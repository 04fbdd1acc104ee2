package org.bss.loadgen.traffic;

/**
 * An invoice not yet settled in full.
 *
 * @param orderId      the order it bills, or null for a subscription's monthly bill
 * @param attemptsLeft how many more payment events it is expected to take; the last pays what is left
 */
record Invoice(String id, Customer customer, String orderId, long amountCents, long paidCents, int dunningLevel,
               int attemptsLeft, String dueDate) implements Owned {

    static final int MAX_DUNNING_LEVEL = 4;

    long outstandingCents() {
        return amountCents - paidCents;
    }

    boolean settled() {
        return paidCents >= amountCents;
    }

    /** After a payment attempt that brought in {@code cents} (0 when it failed). */
    Invoice afterAttempt(long cents) {
        return new Invoice(id, customer, orderId, amountCents, paidCents + cents, dunningLevel,
                Math.max(0, attemptsLeft - 1), dueDate);
    }

    /** After a dunning reminder. */
    Invoice reminded() {
        return new Invoice(id, customer, orderId, amountCents, paidCents, Math.min(dunningLevel + 1, MAX_DUNNING_LEVEL),
                attemptsLeft, dueDate);
    }
}
