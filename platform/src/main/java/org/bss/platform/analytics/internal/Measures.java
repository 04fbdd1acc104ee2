package org.bss.platform.analytics.internal;

import java.util.Map;

/**
 * What events add to the windows, in two pure steps. {@link #of} reduces an event to its {@link Combination}: its
 * type, its customer's segment and country, and what else its metrics are cut by (currency, payment status and
 * failure code, usage metric and unit); events of one combination in one minute share a bucket, so an event costs
 * one bucket update. {@link #expand} turns a bucket into the series it feeds: each business metric in total and cut
 * by segment and by country, sums always by currency (usage by metric and unit), since adding euros to dollars means
 * nothing; failures also by code; events by type.
 */
final class Measures {

    /** Receives what a bucket adds to a series. */
    interface Sink {
        void add(String name, String dims, Tally tally);
    }

    static final String UNKNOWN = "unknown";
    private static final char SEPARATOR = '\u001e';

    /** An event as the windows see it; {@code extra} is in the form of {@link Dims}. */
    record Combination(String type, String segment, String country, String extra) {

        String encode() {
            return type + SEPARATOR + segment + SEPARATOR + country + SEPARATOR + extra;
        }

        static Combination decode(String text) {
            int a = text.indexOf(SEPARATOR);
            int b = text.indexOf(SEPARATOR, a + 1);
            int c = text.indexOf(SEPARATOR, b + 1);
            return new Combination(text.substring(0, a), text.substring(a + 1, b), text.substring(b + 1, c),
                    text.substring(c + 1));
        }
    }

    private Measures() {
    }

    static Combination of(String type, EventFields data, Profile profile) {
        String extra = switch (type) {
            case "order.placed" -> data.amount() != null && data.currency() != null
                    ? Dims.of("currency", data.currency()) : Dims.NONE;
            case "payment.processed" -> {
                String status = data.status() == null ? UNKNOWN : data.status();
                yield switch (status) {
                    case "succeeded" -> data.amount() != null && data.currency() != null
                            ? Dims.and(Dims.of("status", status), "currency", data.currency()) : Dims.of("status", status);
                    case "failed" -> Dims.and(Dims.of("status", status), "code",
                            data.failureCode() == null ? UNKNOWN : data.failureCode());
                    default -> Dims.of("status", status);
                };
            }
            case "usage.recorded" -> data.quantity() != null && data.metric() != null
                    ? Dims.and(Dims.of("metric", data.metric()), "unit", data.unit() == null ? UNKNOWN : data.unit())
                    : Dims.NONE;
            default -> Dims.NONE;
        };
        return new Combination(type, orUnknown(profile.segment()), orUnknown(profile.country()), extra);
    }

    /** The number an event adds to its combination's sum: an order's total, a payment's amount, a usage quantity. */
    static double amountOf(String type, EventFields data) {
        return switch (type) {
            case "order.placed", "payment.processed" -> data.amount() == null ? 0 : data.amount();
            case "usage.recorded" -> data.quantity() == null ? 0 : data.quantity();
            default -> 0;
        };
    }

    static void expand(Combination combination, Tally tally, Sink sink) {
        Tally count = new Tally(tally.count(), tally.count(), tally.latest());
        sink.add(Metric.EVENTS.wire(), Dims.NONE, count);
        sink.add(Metric.EVENTS.wire(), Dims.of("type", combination.type()), count);
        Map<String, String> extra = Dims.parse(combination.extra());
        switch (combination.type()) {
            case "order.placed" -> {
                cut(sink, Metric.ORDERS_PLACED, Dims.NONE, count, combination);
                if (extra.containsKey("currency")) {
                    cut(sink, Metric.REVENUE_ORDERS, combination.extra(), tally, combination);
                }
            }
            case "order.cancelled" -> cut(sink, Metric.ORDERS_CANCELLED, Dims.NONE, count, combination);
            case "payment.processed" -> {
                if ("succeeded".equals(extra.get("status"))) {
                    cut(sink, Metric.PAYMENTS_SUCCEEDED, Dims.NONE, count, combination);
                    if (extra.containsKey("currency")) {
                        cut(sink, Metric.REVENUE_PAYMENTS, Dims.of("currency", extra.get("currency")), tally, combination);
                    }
                } else if ("failed".equals(extra.get("status"))) {
                    cut(sink, Metric.PAYMENTS_FAILED, Dims.NONE, count, combination);
                    sink.add(Metric.PAYMENTS_FAILED.wire(), Dims.of("code", extra.get("code")), count);
                }
            }
            case "invoice.generated" -> cut(sink, Metric.INVOICES_GENERATED, Dims.NONE, count, combination);
            case "invoice.overdue" -> cut(sink, Metric.INVOICES_OVERDUE, Dims.NONE, count, combination);
            case "customer.created" -> cut(sink, Metric.CUSTOMERS_NEW, Dims.NONE, count, combination);
            case "customer.terminated" -> cut(sink, Metric.CUSTOMERS_TERMINATED, Dims.NONE, count, combination);
            case "subscription.activated" -> cut(sink, Metric.SUBSCRIPTIONS_ACTIVATED, Dims.NONE, count, combination);
            case "subscription.cancelled" -> cut(sink, Metric.SUBSCRIPTIONS_CANCELLED, Dims.NONE, count, combination);
            case "usage.recorded" -> {
                if (extra.containsKey("metric")) {
                    cut(sink, Metric.USAGE_QUANTITY, combination.extra(), tally, combination);
                }
            }
            default -> {
            }
        }
    }

    private static void cut(Sink sink, Metric metric, String base, Tally tally, Combination combination) {
        sink.add(metric.wire(), base, tally);
        sink.add(metric.wire(), Dims.and(base, "segment", combination.segment()), tally);
        sink.add(metric.wire(), Dims.and(base, "country", combination.country()), tally);
    }

    private static String orUnknown(String value) {
        return value == null ? UNKNOWN : value;
    }

    /** Whether a series is a cut by the customer's segment or country (kept in 5-minute and hourly windows only). */
    static boolean isCustomerCut(String dims) {
        return dims.contains("segment=") || dims.contains("country=");
    }
}
