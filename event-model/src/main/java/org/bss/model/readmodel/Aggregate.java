package org.bss.model.readmodel;

import java.util.ArrayList;
import java.util.List;

/**
 * The kinds of read model, and which of them an event changes. Every catalog type but {@code usage.recorded}
 * names its customer, so a customer's events can be found by its id; usage names its subscription and, when the
 * sender knows it, its customer.
 */
public enum Aggregate {
    CUSTOMER("customer_id"),
    SUBSCRIPTION("subscription_id"),
    ORDER("order_id"),
    INVOICE("invoice_id"),
    PAYMENT("payment_id");

    private final String idField;

    Aggregate(String idField) {
        this.idField = idField;
    }

    /** The aggregate whose lifecycle events of {@code type} make up, or null (usage and unknown types). */
    public static Aggregate owning(String type) {
        int dot = type.indexOf('.');
        return switch (dot < 0 ? type : type.substring(0, dot)) {
            case "customer" -> CUSTOMER;
            case "subscription" -> SUBSCRIPTION;
            case "order" -> ORDER;
            case "invoice" -> INVOICE;
            case "payment" -> PAYMENT;
            default -> null;
        };
    }

    /** The id of this kind of aggregate that {@code fact} names, or null. */
    public String idIn(Fact fact) {
        return fact.text(idField);
    }

    /** Whether {@code type} is one of the catalog's types that the read models fold. */
    public static boolean folds(String type) {
        return (owning(type) != null || type.equals("usage.recorded")) && KNOWN.contains(type);
    }

    private static final List<String> KNOWN = List.of("customer.created", "customer.updated", "customer.terminated",
            "subscription.activated", "subscription.suspended", "subscription.cancelled", "order.placed",
            "order.cancelled", "order.completed", "invoice.generated", "invoice.paid", "invoice.overdue",
            "payment.created", "payment.processed", "usage.recorded");

    public static List<String> types() {
        return new ArrayList<>(KNOWN);
    }
}
