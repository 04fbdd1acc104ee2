package org.bss.model.readmodel;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a customer owes in one currency, summed over its invoices: invoiced, paid, outstanding (invoiced minus
 * paid) and overdue (the outstanding part of overdue invoices). Each invoice contributes a line that is a
 * function of the invoice's own state, and sums do not depend on order, so the balance does not either: the live
 * projection adds an invoice's new line and subtracts its old one.
 */
public record Balance(String currency, BigDecimal invoiced, BigDecimal paid, BigDecimal overdue) {

    public static Balance zero(String currency) {
        return new Balance(currency, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
    }

    public BigDecimal outstanding() {
        return invoiced.subtract(paid);
    }

    /** An invoice's part of its customer's balance; null until the invoice's currency is known. */
    public static Balance of(Invoice invoice) {
        String currency = Lww.valueOf(invoice.currency());
        if (currency == null) {
            return null;
        }
        BigDecimal amount = Lww.valueOf(invoice.amount());
        BigDecimal invoiced = amount == null ? BigDecimal.ZERO : amount;
        boolean overdue = invoice.status() != null && invoice.status().rank() == Invoice.OVERDUE;
        return new Balance(currency, invoiced, invoice.paidValue(), overdue ? invoiced : BigDecimal.ZERO);
    }

    public Balance plus(Balance other) {
        return new Balance(currency, invoiced.add(other.invoiced), paid.add(other.paid), overdue.add(other.overdue));
    }

    public Balance minus(Balance other) {
        return new Balance(currency, invoiced.subtract(other.invoiced), paid.subtract(other.paid),
                overdue.subtract(other.overdue));
    }

    public boolean isZero() {
        return invoiced.signum() == 0 && paid.signum() == 0 && overdue.signum() == 0;
    }

    /** The balances, by currency, of a customer with these invoices. */
    public static Map<String, Balance> of(Collection<Invoice> invoices) {
        Map<String, Balance> balances = new TreeMap<>();
        for (Invoice invoice : invoices) {
            Balance line = of(invoice);
            if (line != null) {
                balances.merge(line.currency(), line, Balance::plus);
            }
        }
        return balances;
    }

    /**
     * What changes in the customer's balances when an invoice goes from {@code before} to {@code after}: at most
     * two lines (two when the invoice's currency changed), zero lines left out.
     */
    public static Map<String, Balance> change(Invoice before, Invoice after) {
        Map<String, Balance> change = new TreeMap<>();
        Balance added = after == null ? null : of(after);
        Balance removed = before == null ? null : of(before);
        if (added != null) {
            change.merge(added.currency(), added, Balance::plus);
        }
        if (removed != null) {
            change.merge(removed.currency(), zero(removed.currency()).minus(removed), Balance::plus);
        }
        change.values().removeIf(Balance::isZero);
        return change;
    }
}
