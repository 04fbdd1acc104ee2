package org.bss.platform.analytics.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The metrics analytics keeps, by the name the API and the aggregated topic use. A count is the number of events
 * that made it; a sum adds a number each carries (an amount, a quantity); a ratio is one count over another,
 * computed when read.
 */
enum Metric {
    EVENTS("events", Kind.COUNT, "events accepted, by type"),
    ORDERS_PLACED("orders.placed", Kind.COUNT, "orders placed"),
    ORDERS_CANCELLED("orders.cancelled", Kind.COUNT, "orders cancelled"),
    REVENUE_ORDERS("revenue.orders", Kind.SUM, "order totals, by currency"),
    PAYMENTS_SUCCEEDED("payments.succeeded", Kind.COUNT, "payments succeeded"),
    PAYMENTS_FAILED("payments.failed", Kind.COUNT, "payments failed, by failure code"),
    PAYMENT_FAILURE_RATE("payments.failure_rate", Kind.RATIO, "failed / (failed + succeeded)"),
    REVENUE_PAYMENTS("revenue.payments", Kind.SUM, "amounts of payments succeeded, by currency"),
    INVOICES_GENERATED("invoices.generated", Kind.COUNT, "invoices generated"),
    INVOICES_OVERDUE("invoices.overdue", Kind.COUNT, "invoices overdue"),
    CUSTOMERS_NEW("customers.new", Kind.COUNT, "customers created"),
    CUSTOMERS_TERMINATED("customers.terminated", Kind.COUNT, "customers terminated"),
    SUBSCRIPTIONS_ACTIVATED("subscriptions.activated", Kind.COUNT, "subscriptions activated"),
    SUBSCRIPTIONS_CANCELLED("subscriptions.cancelled", Kind.COUNT, "subscriptions cancelled (churn)"),
    CHURN_RATE("subscriptions.churn_rate", Kind.RATIO, "cancelled / activated"),
    USAGE_QUANTITY("usage.quantity", Kind.SUM, "usage recorded, by metric and unit"),
    ORDERS_TOP_CUSTOMER("orders.top_customer", Kind.COUNT, "the most orders one customer placed in the window"),
    ORDERS_CUSTOMER_SURGE("orders.customer_surge", Kind.COUNT,
            "the most orders one customer placed in the window above their usual rate (orders a minute, over about half an hour)"),
    QUALITY_REFUSED("quality.refused", Kind.COUNT, "events refused at the edge, by reason and type"),
    QUALITY_DUPLICATES("quality.duplicates", Kind.COUNT, "events sent again (same source and id), by type"),
    QUALITY_LATE("quality.late", Kind.COUNT, "events that arrived after their window closed (or stamped over 5 minutes ahead), by type"),
    QUALITY_SCORE("quality.score", Kind.RATIO, "1 - (refused + late + duplicates) / (events + refused)"),
    FORECAST_EVENTS("forecast.events", Kind.SUM, "the events expected in the next hour (1 h window)"),
    /** Per-customer order counts: only the detector sees them (it keeps the top customer of each minute). */
    ORDERS_BY_CUSTOMER("orders.by_customer", Kind.COUNT, null),
    /** Platform-wide: a partition's events by tenant, for hot spots. */
    PARTITION_EVENTS("partition.events", Kind.COUNT, "events per partition of bss.events (platform)"),
    /** Platform-wide: the busiest partition's share of a minute's events times the partitions (1 = even). */
    PARTITION_SKEW("partition.skew", Kind.SUM, "the busiest partition's share times the partitions (platform)");

    enum Kind { COUNT, SUM, RATIO }

    private static final Map<String, Metric> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toMap(Metric::wire, Function.identity()));

    private final String wire;
    private final Kind kind;
    private final String meaning;

    Metric(String wire, Kind kind, String meaning) {
        this.wire = wire;
        this.kind = kind;
        this.meaning = meaning;
    }

    String wire() {
        return wire;
    }

    Kind kind() {
        return kind;
    }

    String meaning() {
        return meaning;
    }

    static Metric named(String name) {
        return BY_NAME.get(name);
    }

    /** The metrics a tenant may read, with what each means. */
    static List<Metric> served() {
        return Arrays.stream(values()).filter(m -> m.meaning != null && !platformOnly(m)).toList();
    }

    static boolean platformOnly(Metric metric) {
        return metric == PARTITION_EVENTS || metric == PARTITION_SKEW;
    }

    /** For a ratio: the count over which it is taken, and the count it divides. */
    Metric[] ratioOf() {
        return switch (this) {
            case PAYMENT_FAILURE_RATE -> new Metric[] {PAYMENTS_FAILED, PAYMENTS_SUCCEEDED};
            case CHURN_RATE -> new Metric[] {SUBSCRIPTIONS_CANCELLED, SUBSCRIPTIONS_ACTIVATED};
            default -> throw new IllegalStateException(wire + " is not a ratio of two counts");
        };
    }
}
