package org.bss.platform.analytics.internal;

import java.util.Map;

/**
 * A tenant's figures of one minute as they arrive (each series' latest), until the minute closes and is judged.
 *
 * @param values       a watched series' label to its latest figure
 * @param topCustomer  the customer with the most orders in the minute so far, and how many
 */
record Pending(Map<String, Double> values, String topCustomer, long topOrders) {
}
