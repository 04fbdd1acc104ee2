package org.bss.model.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bss.model.readmodel.Data.money;
import static org.bss.model.readmodel.Data.object;
import static org.bss.model.readmodel.Facts.fact;

import org.junit.jupiter.api.Test;

class SubscriptionTest {

    private static final Fact ACTIVATED = fact("subscription.activated", "2026-03-01T10:00:00Z", object(
            "subscription_id", "sub-1", "customer_id", "cus-1", "plan_id", "plan-5g-m", "plan_name", "5G M",
            "payment_type", "postpaid", "billing_period", "monthly", "price", money("59.99"), "currency", "PLN",
            "msisdn", "+48600100200", "status", "active"));
    private static final Fact SUSPENDED = fact("subscription.suspended", "2026-03-10T08:00:00Z", object(
            "subscription_id", "sub-1", "customer_id", "cus-1", "reason", "unpaid invoice",
            "reason_code", "non_payment", "status", "suspended"));
    private static final Fact REACTIVATED = fact("subscription.activated", "2026-03-12T08:00:00Z", object(
            "subscription_id", "sub-1", "customer_id", "cus-1", "plan_id", "plan-5g-m", "status", "active"));
    private static final Fact CANCELLED = fact("subscription.cancelled", "2026-03-11T08:00:00Z", object(
            "subscription_id", "sub-1", "customer_id", "cus-1", "reason", "moved to a competitor",
            "cancelled_by", "customer", "status", "cancelled"));

    private static Subscription fold(Fact... arrival) {
        return Facts.fold(Subscription.initial("sub-1"), Subscription::evolve, arrival);
    }

    @Test
    void anActivatedSubscriptionReadsActiveOnItsPlan() {
        Subscription subscription = fold(ACTIVATED);

        assertThat(Ranked.valueOf(subscription.status())).isEqualTo("active");
        assertThat(Lww.valueOf(subscription.planName())).isEqualTo("5G M");
        assertThat(Lww.valueOf(subscription.price())).isEqualByComparingTo("59.99");
        assertThat(Lww.valueOf(subscription.currency())).isEqualTo("PLN");
        assertThat(Lww.valueOf(subscription.customerId())).isEqualTo("cus-1");
        assertThat(subscription.activated()).isEqualTo(ACTIVATED.stamp());
    }

    @Test
    void aSuspensionNamesItsReasonCode() {
        Subscription subscription = fold(ACTIVATED, SUSPENDED);

        assertThat(Ranked.valueOf(subscription.status())).isEqualTo("suspended");
        assertThat(Lww.valueOf(subscription.reason())).isEqualTo("non_payment");
        assertThat(subscription.suspended()).isEqualTo(SUSPENDED.stamp());
    }

    @Test
    void suspendedThenReactivatedReadsActiveWhicheverArrivesFirst() {
        assertThat(Ranked.valueOf(fold(ACTIVATED, SUSPENDED, REACTIVATED).status())).isEqualTo("active");
        assertThat(Ranked.valueOf(fold(ACTIVATED, REACTIVATED, SUSPENDED).status())).isEqualTo("active");
        assertThat(Ranked.valueOf(fold(REACTIVATED, SUSPENDED, ACTIVATED).status())).isEqualTo("active");
        assertThat(fold(REACTIVATED, SUSPENDED, ACTIVATED).activated()).isEqualTo(ACTIVATED.stamp());
    }

    @Test
    void aCancelledSubscriptionStaysCancelledWhenAReactivationIsStampedLater() {
        Subscription subscription = fold(ACTIVATED, SUSPENDED, REACTIVATED, CANCELLED);

        assertThat(Ranked.valueOf(subscription.status())).isEqualTo("cancelled");
        assertThat(subscription.cancelled()).isEqualTo(CANCELLED.stamp());
        assertThat(Lww.valueOf(subscription.reason())).isEqualTo("moved to a competitor");
        assertThat(subscription.events()).isEqualTo(4);
    }
}
