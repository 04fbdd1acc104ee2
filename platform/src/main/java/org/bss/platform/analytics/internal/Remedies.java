package org.bss.platform.analytics.internal;

/** What a person can do about an alert on a metric: the sentence that ends its explanation. */
final class Remedies {

    private Remedies() {
    }

    static String forMetric(String metric, String story) {
        return switch (metric) {
            case "events" -> "Check that the tenant's producers run and reach the platform (refusals: GET /api/v1/metrics"
                    + "?name=quality.refused&by=reason), or what sends so much more than usual.";
            case "orders.placed" -> "Check the order channels (web shop, retail, partners) and what changed in them"
                    + " (GET /api/v1/metrics?name=orders.placed&window=5m&by=country).";
            case "orders.cancelled" -> "Check why orders are cancelled: stock, pricing or a failing fulfilment step.";
            case "payments.failed", "payments.failure_rate" -> "Check the payment provider's status and the failure codes"
                    + " (GET /api/v1/metrics?name=payments.failed&by=code).";
            case "revenue.orders", "revenue.payments" -> "Check the prices and amounts of recent orders (a pricing or"
                    + " currency error, or a real change in demand).";
            case "orders.customer_surge" -> "One customer placed that many more orders than usual in a minute"
                    + (story == null ? "" : " (" + story + ")")
                    + ": check the customer for fraud or a runaway integration.";
            case "tenant" -> "The tenant's metrics moved together in a way they have not before: look first at the one"
                    + " named, then at the others in that minute (GET /api/v1/metrics?name=...).";
            case "invoices.generated" -> "Check the billing run's schedule and its errors.";
            case "customers.new" -> "Check sign-up channels and campaigns.";
            case "subscriptions.cancelled" -> "Check what drives churn now: an outage, a price change, a competitor offer.";
            default -> "Look at the metric's recent windows (GET /api/v1/metrics?name=" + metric + ").";
        };
    }
}
