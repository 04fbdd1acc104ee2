package org.bss.model.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bss.model.readmodel.Data.money;
import static org.bss.model.readmodel.Data.object;
import static org.bss.model.readmodel.Facts.fact;

import org.junit.jupiter.api.Test;

class PaymentTest {

    private static final Fact CREATED = fact("payment.created", "2026-03-17T09:00:00Z", object(
            "payment_id", "pay-1", "customer_id", "cus-1", "amount", money("100.00"), "currency", "PLN",
            "invoice_id", "inv-1", "payment_method", "card", "status", "pending"));
    private static final Fact SUCCEEDED = fact("payment.processed", "2026-03-17T09:01:00Z", object(
            "payment_id", "pay-1", "customer_id", "cus-1", "invoice_id", "inv-1", "amount", money("100.00"),
            "currency", "PLN", "status", "succeeded", "provider", "payu"));
    private static final Fact FAILED = fact("payment.processed", "2026-03-17T09:01:00Z", object(
            "payment_id", "pay-1", "customer_id", "cus-1", "amount", money("100.00"), "currency", "PLN",
            "status", "failed", "failure_code", "insufficient_funds", "failure_reason", "Insufficient funds"));

    private static Payment fold(Fact... arrival) {
        return Facts.fold(Payment.initial("pay-1"), Payment::evolve, arrival);
    }

    @Test
    void aCreatedPaymentIsPending() {
        Payment payment = fold(CREATED);

        assertThat(Ranked.valueOf(payment.status())).isEqualTo("pending");
        assertThat(Lww.valueOf(payment.amount())).isEqualByComparingTo("100.00");
        assertThat(Lww.valueOf(payment.method())).isEqualTo("card");
        assertThat(Lww.valueOf(payment.invoiceId())).isEqualTo("inv-1");
        assertThat(payment.processed()).isNull();
    }

    @Test
    void aProcessedPaymentReadsItsOutcomeWhicheverArrivesFirst() {
        for (Payment payment : new Payment[] {fold(CREATED, SUCCEEDED), fold(SUCCEEDED, CREATED)}) {
            assertThat(Ranked.valueOf(payment.status())).isEqualTo("succeeded");
            assertThat(payment.processed()).isEqualTo(SUCCEEDED.stamp());
            assertThat(Lww.valueOf(payment.method())).isEqualTo("card");
        }
    }

    @Test
    void aFailedPaymentCarriesItsFailureCode() {
        Payment payment = fold(CREATED, FAILED);

        assertThat(Ranked.valueOf(payment.status())).isEqualTo("failed");
        assertThat(Lww.valueOf(payment.failureCode())).isEqualTo("insufficient_funds");
        assertThat(Lww.valueOf(payment.failureReason())).isEqualTo("Insufficient funds");
    }

    @Test
    void aRefundAfterTheSuccessIsTheStatus() {
        Fact refunded = fact("payment.processed", "2026-03-20T12:00:00Z", object("payment_id", "pay-1",
                "customer_id", "cus-1", "amount", money("100.00"), "currency", "PLN", "status", "refunded"));

        assertThat(Ranked.valueOf(fold(refunded, CREATED, SUCCEEDED).status())).isEqualTo("refunded");
    }
}
