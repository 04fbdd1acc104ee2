package org.bss.loadgen.traffic;

/** A customer's subscription to a plan, at the plan's monthly price in the customer's currency. */
record Subscription(String id, Customer customer, Plan plan, String msisdn, long priceCents) implements Owned {
}
