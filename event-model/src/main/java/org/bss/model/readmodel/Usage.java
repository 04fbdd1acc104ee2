package org.bss.model.readmodel;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Usage of one subscription, one metric, one day (UTC, of the event's time): quantities and charges add up, so
 * the totals do not depend on order; each event must count once, which the projection ensures.
 */
public record Usage(Key key, String unit, BigDecimal quantity, BigDecimal charge, String currency, long events) {

    public record Key(String subscriptionId, String metric, LocalDate day) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int bySubscription = subscriptionId.compareTo(other.subscriptionId);
            if (bySubscription != 0) {
                return bySubscription;
            }
            int byMetric = metric.compareTo(other.metric);
            return byMetric != 0 ? byMetric : day.compareTo(other.day);
        }
    }

    /** The usage a {@code usage.recorded} fact adds; null for another type or one missing its keys. */
    public static Usage of(Fact fact) {
        String subscription = fact.text("subscription_id");
        String metric = fact.text("metric");
        if (!fact.type().equals("usage.recorded") || subscription == null || metric == null) {
            return null;
        }
        BigDecimal quantity = fact.decimal("quantity");
        BigDecimal charge = fact.decimal("charge");
        return new Usage(new Key(subscription, metric, fact.day()), fact.text("unit"),
                quantity == null ? BigDecimal.ZERO : quantity, charge == null ? BigDecimal.ZERO : charge,
                fact.text("currency"), 1);
    }

    public Usage plus(Usage other) {
        return new Usage(key, least(unit, other.unit), quantity.add(other.quantity), charge.add(other.charge),
                least(currency, other.currency), events + other.events);
    }

    /** Of two labels, one that does not depend on which came first. */
    private static String least(String a, String b) {
        return a == null ? b : b == null ? a : a.compareTo(b) <= 0 ? a : b;
    }
}
