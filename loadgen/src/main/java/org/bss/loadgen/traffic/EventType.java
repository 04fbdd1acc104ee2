package org.bss.loadgen.traffic;

import java.util.HashMap;
import java.util.Map;

/**
 * The catalog's event types the stream can generate, the aggregate each is about (its subject), and the type
 * whose event must come first when there is nothing for it to be about yet.
 */
enum EventType {

    CUSTOMER_CREATED("customer.created", "customer"),
    CUSTOMER_UPDATED("customer.updated", "customer"),
    CUSTOMER_TERMINATED("customer.terminated", "customer"),
    SUBSCRIPTION_ACTIVATED("subscription.activated", "subscription"),
    SUBSCRIPTION_SUSPENDED("subscription.suspended", "subscription"),
    SUBSCRIPTION_CANCELLED("subscription.cancelled", "subscription"),
    ORDER_PLACED("order.placed", "order"),
    ORDER_CANCELLED("order.cancelled", "order"),
    ORDER_COMPLETED("order.completed", "order"),
    INVOICE_GENERATED("invoice.generated", "invoice"),
    INVOICE_PAID("invoice.paid", "invoice"),
    INVOICE_OVERDUE("invoice.overdue", "invoice"),
    PAYMENT_CREATED("payment.created", "payment"),
    PAYMENT_PROCESSED("payment.processed", "payment"),
    USAGE_RECORDED("usage.recorded", "subscription");

    private static final Map<String, EventType> BY_NAME = new HashMap<>();

    static {
        for (EventType type : values()) {
            BY_NAME.put(type.type, type);
        }
    }

    private final String type;
    private final String subjectPrefix;

    EventType(String type, String aggregate) {
        this.type = type;
        this.subjectPrefix = aggregate + "/";
    }

    /** The CloudEvents type, e.g. {@code order.placed}. */
    String type() {
        return type;
    }

    String subject(String aggregateId) {
        return subjectPrefix + aggregateId;
    }

    /** The aggregate's id in a subject of this type. */
    String aggregateId(String subject) {
        if (subject == null || !subject.startsWith(subjectPrefix)) {
            throw new IllegalArgumentException("not a " + type + " subject: " + subject);
        }
        return subject.substring(subjectPrefix.length());
    }

    /** The type whose event creates what this one needs; null for customer.created, which needs nothing. */
    EventType prerequisite() {
        return switch (this) {
            case CUSTOMER_CREATED -> null;
            case CUSTOMER_UPDATED, CUSTOMER_TERMINATED, SUBSCRIPTION_ACTIVATED, ORDER_PLACED -> CUSTOMER_CREATED;
            case SUBSCRIPTION_SUSPENDED, SUBSCRIPTION_CANCELLED, USAGE_RECORDED -> SUBSCRIPTION_ACTIVATED;
            case ORDER_CANCELLED, ORDER_COMPLETED, INVOICE_GENERATED -> ORDER_PLACED;
            case INVOICE_OVERDUE, PAYMENT_CREATED, PAYMENT_PROCESSED -> INVOICE_GENERATED;
            case INVOICE_PAID -> PAYMENT_PROCESSED;
        };
    }

    /** The type named {@code type}, or null when the stream cannot generate it. */
    static EventType of(String type) {
        return type == null ? null : BY_NAME.get(type);
    }
}
