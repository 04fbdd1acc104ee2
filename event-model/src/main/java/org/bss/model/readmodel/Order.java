package org.bss.model.readmodel;

import java.math.BigDecimal;
import tools.jackson.databind.JsonNode;

/**
 * An order: items and total (from {@code order.placed}, or {@code order.completed} when it carries them), and
 * status. Completion and cancellation outrank placement; between the two, the later one wins.
 */
public record Order(String id, Lww<String> customerId, Lww<JsonNode> items, Lww<BigDecimal> amount,
                    Lww<String> currency, Ranked status, Stamp placed, Stamp completed, Stamp cancelled,
                    Stamp last, long events) {

    public static Order initial(String id) {
        return new Order(id, null, null, null, null, null, null, null, null, null, 0);
    }

    public static Order evolve(Order o, Fact fact) {
        Stamp at = fact.stamp();
        Lww<String> customer = Lww.write(o.customerId, fact.text("customer_id"), at);
        return switch (fact.type()) {
            case "order.placed" -> new Order(o.id, customer, Lww.write(o.items, fact.node("items"), at),
                    Lww.write(o.amount, fact.decimal("amount"), at), Lww.write(o.currency, fact.text("currency"), at),
                    Ranked.write(o.status, Customer.orElse(fact.text("status"), "placed"), 0, at),
                    Stamp.earlier(o.placed, at), o.completed, o.cancelled, Stamp.later(o.last, at), o.events + 1);
            case "order.completed" -> new Order(o.id, customer, Lww.write(o.items, fact.node("items"), at),
                    Lww.write(o.amount, fact.decimal("amount"), at), Lww.write(o.currency, fact.text("currency"), at),
                    Ranked.write(o.status, "completed", 1, at), o.placed, Stamp.earlier(o.completed, at), o.cancelled,
                    Stamp.later(o.last, at), o.events + 1);
            case "order.cancelled" -> new Order(o.id, customer, o.items, o.amount, o.currency,
                    Ranked.write(o.status, "cancelled", 1, at), o.placed, o.completed, Stamp.earlier(o.cancelled, at),
                    Stamp.later(o.last, at), o.events + 1);
            default -> o;
        };
    }

    /** The order's amount, or the sum of its items' price times quantity when it gave none. */
    public BigDecimal total() {
        if (amount != null) {
            return amount.value();
        }
        if (items == null || !items.value().isArray()) {
            return null;
        }
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode item : items.value()) {
            JsonNode price = item.get("price");
            JsonNode quantity = item.get("quantity");
            if (price != null && price.isNumber()) {
                total = total.add(price.decimalValue().multiply(quantity != null && quantity.isNumber()
                        ? quantity.decimalValue() : BigDecimal.ONE));
            }
        }
        return total;
    }
}
