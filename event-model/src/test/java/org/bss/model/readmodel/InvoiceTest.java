package org.bss.model.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bss.model.readmodel.Data.money;
import static org.bss.model.readmodel.Data.object;
import static org.bss.model.readmodel.Facts.fact;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class InvoiceTest {

    private static final Fact GENERATED = fact("invoice.generated", "2026-03-01T02:00:00Z", object(
            "invoice_id", "inv-1", "invoice_number", "FV/2026/03/000001", "customer_id", "cus-1",
            "amount", money("100.00"), "currency", "PLN", "issue_date", "2026-03-01", "due_date", "2026-03-15",
            "status", "issued"));
    private static final Fact OVERDUE = fact("invoice.overdue", "2026-03-16T02:00:00Z", object(
            "invoice_id", "inv-1", "customer_id", "cus-1", "due_date", "2026-03-15", "days_overdue", 1,
            "outstanding_amount", money("100.00"), "currency", "PLN", "dunning_level", 0, "status", "overdue"));
    private static final Fact PAID = fact("invoice.paid", "2026-03-17T09:30:00Z", object(
            "invoice_id", "inv-1", "customer_id", "cus-1", "payment_id", "pay-1", "payment_method", "card",
            "status", "paid"));

    private static Invoice fold(Fact... arrival) {
        return Facts.fold(Invoice.initial("inv-1"), Invoice::evolve, arrival);
    }

    @Test
    void aGeneratedInvoiceIsOpenForItsAmount() {
        Invoice invoice = fold(GENERATED);

        assertThat(invoice.statusValue()).isEqualTo("generated");
        assertThat(invoice.open()).isTrue();
        assertThat(Lww.valueOf(invoice.amount())).isEqualByComparingTo("100.00");
        assertThat(Lww.valueOf(invoice.number())).isEqualTo("FV/2026/03/000001");
        assertThat(Lww.valueOf(invoice.dueDate())).isEqualTo(LocalDate.of(2026, 3, 15));
        assertThat(invoice.paidValue()).isZero();
    }

    @Test
    void anOverdueInvoiceCountsItsDays() {
        Invoice invoice = fold(GENERATED, OVERDUE);

        assertThat(invoice.statusValue()).isEqualTo("overdue");
        assertThat(invoice.open()).isTrue();
        assertThat(Lww.valueOf(invoice.daysOverdue())).isEqualTo(1);
    }

    @Test
    void paidBeforeGeneratedEndsPaidWithTheGeneratedAmount() {
        Invoice paidFirst = fold(PAID);
        Invoice invoice = fold(PAID, GENERATED);

        assertThat(paidFirst.statusValue()).isEqualTo("paid");
        assertThat(paidFirst.paidValue()).as("nothing known to be paid before the amount is").isZero();
        assertThat(invoice.statusValue()).isEqualTo("paid");
        assertThat(invoice.open()).isFalse();
        assertThat(Lww.valueOf(invoice.amount())).isEqualByComparingTo("100.00");
        assertThat(invoice.paidValue()).isEqualByComparingTo("100.00");
        assertThat(invoice.paid()).isEqualTo(PAID.stamp());
        assertThat(invoice).isEqualTo(fold(GENERATED, PAID));
    }

    @Test
    void anOverdueArrivingAfterThePaymentLeavesItPaid() {
        Invoice invoice = fold(GENERATED, PAID, OVERDUE);

        assertThat(invoice.statusValue()).isEqualTo("paid");
        assertThat(Lww.valueOf(invoice.daysOverdue())).isEqualTo(1);
    }

    @Test
    void anOverdueStampedAfterThePaymentLeavesItPaid() {
        Fact lateDunning = fact("invoice.overdue", "2026-03-18T02:00:00Z", object("invoice_id", "inv-1",
                "customer_id", "cus-1", "days_overdue", 3, "status", "overdue"));

        assertThat(fold(GENERATED, PAID, lateDunning).statusValue()).isEqualTo("paid");
    }

    @Test
    void aPaymentOfPartOfTheAmountIsWhatIsPaid() {
        Fact partly = fact("invoice.paid", "2026-03-17T09:30:00Z", object("invoice_id", "inv-1",
                "customer_id", "cus-1", "amount", money("40.00"), "currency", "PLN", "status", "paid"));

        Invoice invoice = fold(partly, GENERATED);

        assertThat(invoice.statusValue()).isEqualTo("paid");
        assertThat(invoice.paidValue()).isEqualByComparingTo("40.00");
        assertThat(Balance.of(invoice).outstanding()).isEqualByComparingTo("60.00");
    }
}
