package org.bss.loadgen.traffic;

import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What an injected anomaly does to one tenant's stream while it lasts (see {@link Traffic#inject}); every event
 * stays one the platform admits.
 */
public enum Anomaly {

    /** Each payment.processed fails with {@link #FAILED_SHARE}, with a failure code, instead of now and then. */
    PAYMENT_FAILURES("payment-failures", "60% of payment.processed fail (failure_code set)"),
    /** {@link #ORDERS_DROPPED} of the order.placed events are not sent; the other types go on as they were. */
    ORDER_DROP("order-drop", "80% fewer order.placed"),
    /** New orders cost {@link #PRICE_FACTOR} times as much, and so do their invoices and payments. */
    REVENUE_JUMP("revenue-jump", "order amounts x5 (their invoices and payments follow)"),
    /** One customer places {@link #BURST_ORDERS_PER_MINUTE} orders a minute on top of the rest of the traffic. */
    ORDER_BURST("order-burst", "one customer places 40 extra orders a minute"),
    /** The tenant sends nothing: no writes, no reads. */
    SILENCE("silence", "the tenant sends nothing");

    static final double FAILED_SHARE = 0.6;
    static final double ORDERS_DROPPED = 0.8;
    static final long PRICE_FACTOR = 5;
    static final int BURST_ORDERS_PER_MINUTE = 40;

    private final String label;
    private final String effect;

    Anomaly(String label, String effect) {
        this.label = label;
        this.effect = effect;
    }

    /** The name the command line and labels.json use, e.g. {@code payment-failures}. */
    public String label() {
        return label;
    }

    /** What it does to the tenant's traffic, in a few words. */
    public String effect() {
        return effect;
    }

    /** The kind named {@code label}, or null. */
    public static Anomaly of(String label) {
        String name = label == null ? "" : label.strip().toLowerCase(Locale.ROOT);
        return Stream.of(values()).filter(kind -> kind.label.equals(name)).findFirst().orElse(null);
    }

    /** Every kind's name, separated by commas. */
    public static String labels() {
        return Stream.of(values()).map(Anomaly::label).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return label;
    }
}
