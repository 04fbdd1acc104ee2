package org.bss.model.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bss.model.readmodel.Data.money;
import static org.bss.model.readmodel.Data.object;
import static org.bss.model.readmodel.Facts.fact;

import org.junit.jupiter.api.Test;

class CustomerFolioTest {

    private static CustomerFolio fold(Fact... arrival) {
        return Facts.fold(CustomerFolio.initial("cus-1"), CustomerFolio::evolve, arrival);
    }

    @Test
    void aFolioWithoutEventsDoesNotExist() {
        assertThat(CustomerFolio.initial("cus-1").exists()).isFalse();
        assertThat(CustomerFolio.initial("cus-1").balances()).isEmpty();
    }

    @Test
    void eachFactGoesToTheStateItNames() {
        CustomerFolio folio = fold(
                fact("customer.created", "2026-03-01T09:00:00Z", object("customer_id", "cus-1")),
                fact("subscription.activated", "2026-03-01T10:00:00Z", object("subscription_id", "sub-1",
                        "customer_id", "cus-1", "plan_id", "plan-5g-m")),
                fact("order.placed", "2026-03-01T11:00:00Z", object("order_id", "ord-1", "customer_id", "cus-1")),
                fact("invoice.generated", "2026-03-02T02:00:00Z", object("invoice_id", "inv-1",
                        "customer_id", "cus-1", "amount", money("59.99"), "currency", "PLN")),
                fact("payment.created", "2026-03-02T09:00:00Z", object("payment_id", "pay-1",
                        "customer_id", "cus-1", "amount", money("59.99"), "currency", "PLN")),
                fact("usage.recorded", "2026-03-02T10:00:00Z", object("subscription_id", "sub-1",
                        "metric", "sms", "quantity", 3, "unit", "message")));

        assertThat(folio.exists()).isTrue();
        assertThat(folio.customer().events()).isEqualTo(1);
        assertThat(folio.subscriptions()).containsOnlyKeys("sub-1");
        assertThat(folio.orders()).containsOnlyKeys("ord-1");
        assertThat(folio.invoices()).containsOnlyKeys("inv-1");
        assertThat(folio.payments()).containsOnlyKeys("pay-1");
        assertThat(folio.usage()).hasSize(1);
        assertThat(BalanceTest.line(folio.balances().get("PLN")))
                .isEqualTo("PLN invoiced 59.99 paid 0.00 overdue 0.00 outstanding 59.99");
    }

    @Test
    void aFactWithoutTheIdOfItsAggregateIsLeftOut() {
        CustomerFolio folio = fold(fact("payment.created", "2026-03-02T09:00:00Z", object("customer_id", "cus-1",
                "amount", money("10.00"), "currency", "PLN")));

        assertThat(folio.payments()).isEmpty();
        assertThat(folio.exists()).isFalse();
    }

    @Test
    void usageAloneMakesTheFolioExist() {
        CustomerFolio folio = fold(fact("usage.recorded", "2026-03-02T10:00:00Z", object("subscription_id", "sub-1",
                "metric", "sms", "quantity", 3, "unit", "message")));

        assertThat(folio.exists()).isTrue();
        assertThat(folio.customer().events()).isZero();
    }
}
