package org.bss.platform.analytics.internal;

import java.util.Locale;
import java.util.Map;

/**
 * A tenant's figures of one minute as they arrive (each series' latest), until the minute closes and is judged.
 *
 * @param values        a watched series' label to its latest figure
 * @param topCustomer   the customer with the most orders in the minute so far
 * @param topOrders     ... and how many
 * @param surgeCustomer the customer whose orders in the minute are furthest above their usual rate so far
 * @param surge         ... by how many orders
 * @param surgeOrders   ... and their orders in the minute
 */
record Pending(Map<String, Double> values, String topCustomer, long topOrders, String surgeCustomer, double surge,
               long surgeOrders) {

    static final Pending NONE = new Pending(Map.of(), null, 0, null, 0, 0);

    Pending withValues(Map<String, Double> next) {
        return new Pending(next, topCustomer, topOrders, surgeCustomer, surge, surgeOrders);
    }

    /** With one customer's orders so far and their surge; this same instance when neither is a new top. */
    Pending withOrders(String customer, long orders, double surgeOfCustomer) {
        boolean top = orders > topOrders;
        boolean surging = surgeOfCustomer > surge || customer.equals(surgeCustomer);
        if (!top && !surging) {
            return this;
        }
        return new Pending(values, top ? customer : topCustomer, top ? orders : topOrders,
                surging ? customer : surgeCustomer, surging ? surgeOfCustomer : surge, surging ? orders : surgeOrders);
    }

    /** Who surged and how, for a person: "customer c-1 placed 42 orders, against about 0.2 a minute usually". */
    String surgeStory() {
        if (surgeCustomer == null) {
            return null;
        }
        return "customer %s placed %d orders, against about %s a minute usually".formatted(surgeCustomer, surgeOrders,
                String.format(Locale.ROOT, "%.1f", Math.max(0, surgeOrders - surge)));
    }
}
