package org.bss.model.readmodel;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * An invoice: amount, currency and dates (from {@code invoice.generated}) and status, which only moves forward:
 * generated, then overdue, then paid. A payment that arrives before its invoice is kept and counts once the
 * invoice is there.
 */
public record Invoice(String id, Lww<String> customerId, Lww<String> number, Lww<BigDecimal> amount,
                      Lww<String> currency, Lww<LocalDate> issueDate, Lww<LocalDate> dueDate, Ranked status,
                      Lww<BigDecimal> paidAmount, Stamp paid, Lww<Integer> daysOverdue, Stamp last, long events) {

    public static final int GENERATED = 0;
    public static final int OVERDUE = 1;
    public static final int PAID = 2;

    public static Invoice initial(String id) {
        return new Invoice(id, null, null, null, null, null, null, null, null, null, null, null, 0);
    }

    public static Invoice evolve(Invoice i, Fact fact) {
        Stamp at = fact.stamp();
        Lww<String> customer = Lww.write(i.customerId, fact.text("customer_id"), at);
        return switch (fact.type()) {
            case "invoice.generated" -> new Invoice(i.id, customer, Lww.write(i.number, fact.text("invoice_number"), at),
                    Lww.write(i.amount, fact.decimal("amount"), at), Lww.write(i.currency, fact.text("currency"), at),
                    Lww.write(i.issueDate, date(fact.text("issue_date")), at),
                    Lww.write(i.dueDate, date(fact.text("due_date")), at),
                    Ranked.write(i.status, "generated", GENERATED, at), i.paidAmount, i.paid, i.daysOverdue,
                    Stamp.later(i.last, at), i.events + 1);
            case "invoice.overdue" -> new Invoice(i.id, customer, i.number, i.amount,
                    Lww.write(i.currency, fact.text("currency"), at), i.issueDate,
                    Lww.write(i.dueDate, date(fact.text("due_date")), at), Ranked.write(i.status, "overdue", OVERDUE, at),
                    i.paidAmount, i.paid, Lww.write(i.daysOverdue, fact.integer("days_overdue"), at),
                    Stamp.later(i.last, at), i.events + 1);
            case "invoice.paid" -> new Invoice(i.id, customer, i.number, i.amount,
                    Lww.write(i.currency, fact.text("currency"), at), i.issueDate, i.dueDate,
                    Ranked.write(i.status, "paid", PAID, at), Lww.write(i.paidAmount, fact.decimal("amount"), at),
                    Stamp.earlier(i.paid, at), i.daysOverdue, Stamp.later(i.last, at), i.events + 1);
            default -> i;
        };
    }

    public String statusValue() {
        return Ranked.valueOf(status);
    }

    /** Still to be paid: generated or overdue. */
    public boolean open() {
        return status != null && status.rank() < PAID;
    }

    /** What was paid: the payment's amount, or the whole amount when the payment named none. */
    public BigDecimal paidValue() {
        if (status == null || status.rank() < PAID) {
            return BigDecimal.ZERO;
        }
        BigDecimal paidValue = Lww.valueOf(paidAmount);
        if (paidValue != null) {
            return paidValue;
        }
        BigDecimal whole = Lww.valueOf(amount);
        return whole == null ? BigDecimal.ZERO : whole;
    }

    private static LocalDate date(String text) {
        try {
            return text == null ? null : LocalDate.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
