package org.bss.model.readmodel;

import java.math.BigDecimal;

/**
 * A payment: amount, method, what it pays for, and status. {@code payment.processed} outranks
 * {@code payment.created}; among processings the later one wins (a refund after a success).
 */
public record Payment(String id, Lww<String> customerId, Lww<BigDecimal> amount, Lww<String> currency,
                      Lww<String> method, Lww<String> invoiceId, Lww<String> orderId, Ranked status,
                      Lww<String> failureCode, Lww<String> failureReason, Stamp processed, Stamp last, long events) {

    public static Payment initial(String id) {
        return new Payment(id, null, null, null, null, null, null, null, null, null, null, null, 0);
    }

    public static Payment evolve(Payment p, Fact fact) {
        Stamp at = fact.stamp();
        boolean processing = fact.type().equals("payment.processed");
        if (!processing && !fact.type().equals("payment.created")) {
            return p;
        }
        return new Payment(p.id, Lww.write(p.customerId, fact.text("customer_id"), at),
                Lww.write(p.amount, fact.decimal("amount"), at), Lww.write(p.currency, fact.text("currency"), at),
                Lww.write(p.method, fact.text("payment_method"), at), Lww.write(p.invoiceId, fact.text("invoice_id"), at),
                Lww.write(p.orderId, fact.text("order_id"), at),
                Ranked.write(p.status, Customer.orElse(fact.text("status"), "pending"), processing ? 1 : 0, at),
                Lww.write(p.failureCode, fact.text("failure_code"), at),
                Lww.write(p.failureReason, fact.text("failure_reason"), at),
                processing ? Stamp.later(p.processed, at) : p.processed, Stamp.later(p.last, at), p.events + 1);
    }
}
