package org.bss.platform.analytics.internal;

import tools.jackson.databind.JsonNode;

/**
 * What one event adds to the windows: a pure function of its type, data and its customer's profile. Each business
 * metric goes into its total series and into one series per cut (segment, country; a payment failure also by its
 * code); sums always carry their currency (or usage metric and unit), since adding euros to dollars means nothing.
 */
final class Measures {

    /** Receives what an event adds: the metric, the dimensions of the series, and the value (1 for a count). */
    interface Sink {
        void add(String name, String dims, double value);
    }

    static final String UNKNOWN = "unknown";

    private Measures() {
    }

    static void of(String type, JsonNode data, Profile profile, Sink sink) {
        sink.add(Metric.EVENTS.wire(), Dims.NONE, 1);
        sink.add(Metric.EVENTS.wire(), Dims.of("type", type), 1);
        switch (type) {
            case "order.placed" -> {
                cut(sink, Metric.ORDERS_PLACED, Dims.NONE, 1, profile);
                sum(sink, Metric.REVENUE_ORDERS, data, "amount", profile);
                String customer = Profile.text(data, "customer_id");
                if (customer != null) {
                    sink.add(Metric.ORDERS_BY_CUSTOMER.wire(), Dims.of("customer", customer), 1);
                }
            }
            case "order.cancelled" -> cut(sink, Metric.ORDERS_CANCELLED, Dims.NONE, 1, profile);
            case "payment.processed" -> {
                String status = Profile.text(data, "status");
                if ("succeeded".equals(status)) {
                    cut(sink, Metric.PAYMENTS_SUCCEEDED, Dims.NONE, 1, profile);
                    sum(sink, Metric.REVENUE_PAYMENTS, data, "amount", profile);
                } else if ("failed".equals(status)) {
                    cut(sink, Metric.PAYMENTS_FAILED, Dims.NONE, 1, profile);
                    String code = Profile.text(data, "failure_code");
                    sink.add(Metric.PAYMENTS_FAILED.wire(), Dims.of("code", code == null ? UNKNOWN : code), 1);
                }
            }
            case "invoice.generated" -> cut(sink, Metric.INVOICES_GENERATED, Dims.NONE, 1, profile);
            case "invoice.overdue" -> cut(sink, Metric.INVOICES_OVERDUE, Dims.NONE, 1, profile);
            case "customer.created" -> cut(sink, Metric.CUSTOMERS_NEW, Dims.NONE, 1, profile);
            case "customer.terminated" -> cut(sink, Metric.CUSTOMERS_TERMINATED, Dims.NONE, 1, profile);
            case "subscription.activated" -> cut(sink, Metric.SUBSCRIPTIONS_ACTIVATED, Dims.NONE, 1, profile);
            case "subscription.cancelled" -> cut(sink, Metric.SUBSCRIPTIONS_CANCELLED, Dims.NONE, 1, profile);
            case "usage.recorded" -> {
                JsonNode quantity = data == null ? null : data.get("quantity");
                String metric = Profile.text(data, "metric");
                String unit = Profile.text(data, "unit");
                if (quantity != null && quantity.isNumber() && metric != null) {
                    String base = Dims.and(Dims.of("metric", metric), "unit", unit == null ? UNKNOWN : unit);
                    cut(sink, Metric.USAGE_QUANTITY, base, quantity.doubleValue(), profile);
                }
            }
            default -> {
            }
        }
    }

    private static void sum(Sink sink, Metric metric, JsonNode data, String field, Profile profile) {
        JsonNode amount = data == null ? null : data.get(field);
        String currency = Profile.text(data, "currency");
        if (amount != null && amount.isNumber() && currency != null) {
            cut(sink, metric, Dims.of("currency", currency), amount.doubleValue(), profile);
        }
    }

    private static void cut(Sink sink, Metric metric, String base, double value, Profile profile) {
        sink.add(metric.wire(), base, value);
        sink.add(metric.wire(), Dims.and(base, "segment", profile.segment() == null ? UNKNOWN : profile.segment()), value);
        sink.add(metric.wire(), Dims.and(base, "country", profile.country() == null ? UNKNOWN : profile.country()), value);
    }

    /** Whether a series is a cut by the customer's segment or country (kept in 5-minute and hourly windows only). */
    static boolean isCustomerCut(String dims) {
        return dims.contains("segment=") || dims.contains("country=");
    }
}
