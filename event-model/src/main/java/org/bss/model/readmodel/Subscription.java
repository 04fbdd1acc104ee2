package org.bss.model.readmodel;

import java.math.BigDecimal;

/**
 * A subscription: its plan (from {@code subscription.activated}), status and lifecycle moments. Cancellation
 * outranks activation and suspension; between those two the later one wins, so a suspension followed by a
 * re-activation reads active whatever order the two arrive in.
 */
public record Subscription(String id, Lww<String> customerId, Lww<String> planId, Lww<String> planName,
                           Lww<BigDecimal> price, Lww<String> currency, Lww<String> billingPeriod,
                           Lww<String> paymentType, Lww<String> msisdn, Ranked status, Stamp activated,
                           Stamp suspended, Stamp cancelled, Lww<String> reason, Stamp last, long events) {

    public static Subscription initial(String id) {
        return new Subscription(id, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, 0);
    }

    public static Subscription evolve(Subscription s, Fact fact) {
        Stamp at = fact.stamp();
        Lww<String> customer = Lww.write(s.customerId, fact.text("customer_id"), at);
        return switch (fact.type()) {
            case "subscription.activated" -> new Subscription(s.id, customer,
                    Lww.write(s.planId, fact.text("plan_id"), at), Lww.write(s.planName, fact.text("plan_name"), at),
                    Lww.write(s.price, fact.decimal("price"), at), Lww.write(s.currency, fact.text("currency"), at),
                    Lww.write(s.billingPeriod, fact.text("billing_period"), at),
                    Lww.write(s.paymentType, fact.text("payment_type"), at), Lww.write(s.msisdn, fact.text("msisdn"), at),
                    Ranked.write(s.status, "active", 0, at), Stamp.earlier(s.activated, at), s.suspended, s.cancelled,
                    s.reason, Stamp.later(s.last, at), s.events + 1);
            case "subscription.suspended" -> new Subscription(s.id, customer, s.planId, s.planName, s.price,
                    s.currency, s.billingPeriod, s.paymentType, s.msisdn, Ranked.write(s.status, "suspended", 0, at),
                    s.activated, Stamp.later(s.suspended, at), s.cancelled,
                    Lww.write(s.reason, Customer.orElse(fact.text("reason_code"), fact.text("reason")), at),
                    Stamp.later(s.last, at), s.events + 1);
            case "subscription.cancelled" -> new Subscription(s.id, customer,
                    Lww.write(s.planId, fact.text("plan_id"), at), s.planName, s.price, s.currency, s.billingPeriod,
                    s.paymentType, s.msisdn, Ranked.write(s.status, "cancelled", 1, at), s.activated, s.suspended,
                    Stamp.earlier(s.cancelled, at), Lww.write(s.reason, fact.text("reason"), at),
                    Stamp.later(s.last, at), s.events + 1);
            default -> s;
        };
    }
}
