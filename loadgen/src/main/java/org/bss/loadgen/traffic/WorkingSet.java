package org.bss.loadgen.traffic;

/**
 * What a tenant's stream remembers, each part bounded, so a long soak runs in constant memory: the customers,
 * their open and completed orders, active and suspended subscriptions, open invoices, payments in flight and
 * settled invoices awaiting their invoice.paid. An entity whose customer has left the working set (terminated
 * or forgotten) is dropped when it is next picked.
 */
final class WorkingSet {

    /** The capacity of each part. */
    record Limits(int customers, int orders, int subscriptions, int invoices, int payments) {

        static final Limits DEFAULT = new Limits(50_000, 20_000, 20_000, 20_000, 5_000);

        Limits {
            if (customers < 1 || orders < 1 || subscriptions < 1 || invoices < 1 || payments < 1) {
                throw new IllegalArgumentException("every limit must be at least 1: " + this);
            }
        }
    }

    final Customers customers;
    final Bag<Order> openOrders;
    final Bag<Order> completedOrders;
    final Bag<Subscription> activeSubscriptions;
    final Bag<Subscription> suspendedSubscriptions;
    final Bag<Invoice> openInvoices;
    final Bag<Payment> pendingPayments;
    final Bag<Settlement> settlements;

    WorkingSet(Limits limits) {
        customers = new Customers(limits.customers());
        openOrders = new Bag<>(limits.orders());
        completedOrders = new Bag<>(limits.orders());
        activeSubscriptions = new Bag<>(limits.subscriptions());
        suspendedSubscriptions = new Bag<>(limits.subscriptions());
        openInvoices = new Bag<>(limits.invoices());
        settlements = new Bag<>(limits.invoices());
        pendingPayments = new Bag<>(limits.payments());
    }

    /**
     * The index of a random element of {@code bag} whose customer is still in the working set, or -1 when there
     * is none; elements of departed customers met on the way are removed.
     */
    <T extends Owned> int pickLive(Bag<T> bag, Dice dice) {
        while (!bag.isEmpty()) {
            int index = dice.below(bag.size());
            if (customers.contains(bag.get(index).customer())) {
                return index;
            }
            bag.removeAt(index);
        }
        return -1;
    }

    /** Removes and returns a random live element of {@code bag}, or null. */
    <T extends Owned> T takeLive(Bag<T> bag, Dice dice) {
        int index = pickLive(bag, dice);
        return index < 0 ? null : bag.removeAt(index);
    }

    /** How many entities are remembered in all. */
    int size() {
        return customers.size() + openOrders.size() + completedOrders.size() + activeSubscriptions.size()
                + suspendedSubscriptions.size() + openInvoices.size() + pendingPayments.size() + settlements.size();
    }
}
