package org.bss.model.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bss.model.readmodel.Data.money;
import static org.bss.model.readmodel.Data.object;
import static org.bss.model.readmodel.Facts.fact;

import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BalanceTest {

    /** A balance line as a reader sees it. */
    static String line(Balance balance) {
        return "%s invoiced %s paid %s overdue %s outstanding %s".formatted(balance.currency(),
                balance.invoiced().setScale(2, RoundingMode.UNNECESSARY),
                balance.paid().setScale(2, RoundingMode.UNNECESSARY),
                balance.overdue().setScale(2, RoundingMode.UNNECESSARY),
                balance.outstanding().setScale(2, RoundingMode.UNNECESSARY));
    }

    private static List<String> lines(Map<String, Balance> balances) {
        return balances.values().stream().map(BalanceTest::line).toList();
    }

    private static Invoice generated(String id, String amount, String currency) {
        return Invoice.evolve(Invoice.initial(id), fact("invoice.generated", "2026-03-01T02:00:00Z",
                object("invoice_id", id, "customer_id", "cus-1", "amount", money(amount), "currency", currency)));
    }

    private static Invoice paid(Invoice invoice, String amount) {
        return Invoice.evolve(invoice, fact("invoice.paid", "2026-03-10T02:00:00Z", object("invoice_id",
                invoice.id(), "customer_id", "cus-1", "amount", amount == null ? null : money(amount),
                "currency", amount == null ? null : Lww.valueOf(invoice.currency()))));
    }

    private static Invoice overdue(Invoice invoice) {
        return Invoice.evolve(invoice, fact("invoice.overdue", "2026-03-16T02:00:00Z",
                object("invoice_id", invoice.id(), "customer_id", "cus-1", "days_overdue", 1)));
    }

    @Test
    void aCustomerOwesPerCurrencyWhatItsInvoicesLeaveUnpaid() {
        List<Invoice> invoices = List.of(
                paid(generated("inv-1", "100.00", "PLN"), null),
                overdue(generated("inv-2", "50.00", "PLN")),
                paid(generated("inv-3", "80.00", "PLN"), "30.00"),
                generated("inv-4", "20.00", "EUR"));

        assertThat(lines(Balance.of(invoices))).containsExactly(
                "EUR invoiced 20.00 paid 0.00 overdue 0.00 outstanding 20.00",
                "PLN invoiced 230.00 paid 130.00 overdue 50.00 outstanding 100.00");
    }

    @Test
    void anInvoiceWhoseCurrencyIsNotKnownYetHasNoLine() {
        Invoice paidFirst = paid(Invoice.initial("inv-1"), null);

        assertThat(Balance.of(paidFirst)).isNull();
        assertThat(Balance.of(List.of(paidFirst))).isEmpty();
        assertThat(Balance.change(null, paidFirst)).isEmpty();
    }

    @Test
    void payingAnInvoiceChangesOnlyWhatIsPaid() {
        Invoice open = generated("inv-1", "100.00", "PLN");

        assertThat(lines(Balance.change(null, open)))
                .containsExactly("PLN invoiced 100.00 paid 0.00 overdue 0.00 outstanding 100.00");
        assertThat(lines(Balance.change(open, paid(open, null))))
                .containsExactly("PLN invoiced 0.00 paid 100.00 overdue 0.00 outstanding -100.00");
        assertThat(lines(Balance.change(overdue(open), paid(overdue(open), null))))
                .containsExactly("PLN invoiced 0.00 paid 100.00 overdue -100.00 outstanding -100.00");
    }

    @Test
    void aChangeThatLeavesTheLineAsItWasIsNoChange() {
        Invoice open = generated("inv-1", "100.00", "PLN");
        Invoice renumbered = Invoice.evolve(open, fact("invoice.generated", "2026-03-01T03:00:00Z",
                object("invoice_id", "inv-1", "customer_id", "cus-1", "invoice_number", "FV/2")));

        assertThat(Balance.change(open, renumbered)).isEmpty();
    }

    @Test
    void aCorrectedCurrencyMovesTheInvoiceBetweenTwoLines() {
        Invoice inZloty = generated("inv-1", "100.00", "PLN");
        Invoice inEuro = Invoice.evolve(inZloty, fact("invoice.generated", "2026-03-01T03:00:00Z",
                object("invoice_id", "inv-1", "customer_id", "cus-1", "amount", money("25.00"), "currency", "EUR")));

        assertThat(lines(Balance.change(inZloty, inEuro))).containsExactly(
                "EUR invoiced 25.00 paid 0.00 overdue 0.00 outstanding 25.00",
                "PLN invoiced -100.00 paid 0.00 overdue 0.00 outstanding -100.00");
    }
}
