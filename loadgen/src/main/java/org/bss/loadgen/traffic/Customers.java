package org.bss.loadgen.traffic;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The customers of the working set, at most {@code capacity}, in a ring: when it is full a new customer takes
 * the oldest one's slot and the oldest is forgotten (its orders, invoices and subscriptions go with it). Each
 * customer has an activity weight from a heavy-tailed distribution, so a few customers place many orders and
 * most place few, as in real traffic.
 *
 * <p>Those whose creation the platform accepted are also readable: picked for reads by the same weight. That
 * bookkeeping starts with the first acceptance, so a stream nobody reads from does not pay for it.
 */
final class Customers {

    static final int MAX_ACTIVITY = 250;
    /** The Pareto index of the "80/20" rule. */
    private static final double PARETO_ALPHA = 1.16;
    private static final int PROBES = 8;

    private final int capacity;
    private Customer[] slots;
    private final ActivityIndex activity;
    /** The activity weights of the readable customers, 0 for the others; null until the first acceptance. */
    private ActivityIndex readable;
    private Map<String, Customer> byId;
    private int cursor;
    private int used;
    private int size;

    Customers(int capacity) {
        if (capacity < 1 || capacity > 1_000_000) {
            throw new IllegalArgumentException("customer capacity must be 1 to 1,000,000: " + capacity);
        }
        this.capacity = capacity;
        int initial = Math.min(capacity, 64);
        slots = new Customer[initial];
        activity = new ActivityIndex(initial);
    }

    int size() {
        return size;
    }

    int capacity() {
        return capacity;
    }

    /** The slot the next added customer takes. */
    int nextSlot() {
        if (cursor == capacity) {
            cursor = 0;
        }
        if (cursor == slots.length) {
            int grown = Math.min(capacity, slots.length * 2);
            slots = Arrays.copyOf(slots, grown);
            activity.grow(grown);
            if (readable != null) {
                readable.grow(grown);
            }
        }
        return cursor;
    }

    /** Adds a customer made for {@link #nextSlot()}, evicting the slot's previous customer, if any. */
    void add(Customer customer, int activityWeight) {
        int slot = nextSlot();
        if (customer.slot() != slot) {
            throw new IllegalArgumentException("customer made for slot " + customer.slot() + ", next is " + slot);
        }
        Customer evicted = slots[slot];
        if (evicted == null) {
            size++;
        }
        slots[slot] = customer;
        activity.set(slot, activityWeight);
        if (readable != null) {
            if (evicted != null) {
                byId.remove(evicted.id());
            }
            byId.put(customer.id(), customer);
            readable.set(slot, 0);
        }
        cursor++;
        used = Math.max(used, cursor);
    }

    boolean contains(Customer customer) {
        return customer.slot() < slots.length && slots[customer.slot()] == customer;
    }

    void remove(Customer customer) {
        if (contains(customer)) {
            slots[customer.slot()] = null;
            activity.set(customer.slot(), 0);
            size--;
            if (readable != null) {
                byId.remove(customer.id());
                readable.set(customer.slot(), 0);
            }
        }
    }

    /**
     * The platform accepted the customer.created of customer {@code id}: it is readable from now on, as long as it
     * stays in the working set. An id no longer there (terminated or forgotten meanwhile) changes nothing.
     */
    void accepted(String id) {
        if (readable == null) {
            startReading();
        }
        Customer customer = byId.get(id);
        if (customer != null) {
            readable.set(customer.slot(), activity.weight(customer.slot()));
        }
    }

    /** A readable customer picked by activity, or null when there is none. */
    Customer pickReadable(SplittableRandom random) {
        if (readable == null || readable.total() == 0) {
            return null;
        }
        return slots[readable.find(random.nextLong(readable.total()))];
    }

    private void startReading() {
        readable = new ActivityIndex(slots.length);
        byId = new HashMap<>();
        for (Customer customer : slots) {
            if (customer != null) {
                byId.put(customer.id(), customer);
            }
        }
    }

    /** A customer picked by activity (busy customers often), or null when there is none. */
    Customer pickByActivity(Dice dice) {
        if (size == 0) {
            return null;
        }
        return slots[activity.find(dice.random().nextLong(activity.total()))];
    }

    /** A customer picked uniformly (e.g. for churn, which does not favour busy customers), or null. */
    Customer pickAny(Dice dice) {
        if (size == 0) {
            return null;
        }
        for (int probe = 0; probe < PROBES; probe++) {
            Customer customer = slots[dice.below(used)];
            if (customer != null) {
                return customer;
            }
        }
        return pickByActivity(dice);
    }

    /** Of a few customers picked uniformly, the one with the lowest activity weight; null when there is none. */
    Customer pickQuiet(Dice dice) {
        Customer quietest = null;
        for (int probe = 0; probe < PROBES; probe++) {
            Customer customer = pickAny(dice);
            if (quietest == null || customer != null && activity.weight(customer.slot()) < activity.weight(quietest.slot())) {
                quietest = customer;
            }
        }
        return quietest;
    }

    /** A heavy-tailed activity weight in [1, MAX_ACTIVITY] for {@code u} uniform in [0, 1). */
    static int activityWeight(double u) {
        double w = Math.pow(1 - u, -1 / PARETO_ALPHA);
        return (int) Math.min(MAX_ACTIVITY, w);
    }
}
