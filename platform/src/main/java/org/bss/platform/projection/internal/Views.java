package org.bss.platform.projection.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.bss.model.readmodel.Balance;
import org.bss.model.readmodel.Customer;
import org.bss.model.readmodel.Invoice;
import org.bss.model.readmodel.Lww;
import org.bss.model.readmodel.Order;
import org.bss.model.readmodel.Payment;
import org.bss.model.readmodel.Ranked;
import org.bss.model.readmodel.Stamp;
import org.bss.model.readmodel.Subscription;
import org.bss.model.readmodel.Usage;
import tools.jackson.databind.JsonNode;

/**
 * What the read API answers, made from folded states alone: the live read models and time travel build their
 * answers with the same functions, so an answer as of now and the live one are the same.
 */
final class Views {

    private Views() {
    }

    record CustomerView(String id, String status, Map<String, JsonNode> profile, Instant createdAt,
                        Instant terminatedAt, String terminationReason, List<SubscriptionView> subscriptions,
                        List<InvoiceView> openInvoices, List<BalanceView> balances, Instant updatedAt) {
    }

    record SubscriptionView(String id, String customerId, String status, String planId, String planName,
                            BigDecimal price, String currency, String billingPeriod, String paymentType, String msisdn,
                            Instant activatedAt, Instant suspendedAt, Instant cancelledAt, String reason,
                            Instant updatedAt, List<UsageView> usage) {
    }

    record UsageView(String metric, LocalDate day, String unit, BigDecimal quantity, BigDecimal charge,
                     String currency, long events) {
    }

    record OrderView(String id, String customerId, String status, JsonNode items, BigDecimal total, String currency,
                     Instant placedAt, Instant completedAt, Instant cancelledAt, Instant updatedAt) {
    }

    record InvoiceView(String id, String customerId, String number, String status, BigDecimal amount, String currency,
                       BigDecimal paidAmount, LocalDate issueDate, LocalDate dueDate, Integer daysOverdue,
                       Instant paidAt, Instant updatedAt) {
    }

    record PaymentView(String id, String customerId, String status, BigDecimal amount, String currency, String method,
                       String invoiceId, String orderId, String failureCode, String failureReason, Instant processedAt,
                       Instant updatedAt) {
    }

    record BalanceView(String currency, BigDecimal invoiced, BigDecimal paid, BigDecimal outstanding,
                       BigDecimal overdue) {
    }

    record BalancesView(String customerId, List<BalanceView> balances) {
    }

    static CustomerView customer(Customer customer, Collection<Subscription> subscriptions,
            Collection<Invoice> invoices, Collection<Balance> balances) {
        return new CustomerView(customer.id(), Ranked.valueOf(customer.status()), customer.profileValues(),
                time(customer.created()), time(customer.terminated()), Lww.valueOf(customer.terminationReason()),
                subscriptions.stream().sorted(Comparator.comparing(Subscription::id)).map(s -> subscription(s, List.of())).toList(),
                invoices.stream().filter(Invoice::open).sorted(Comparator.comparing(Invoice::id)).map(Views::invoice).toList(),
                balances(balances), time(customer.last()));
    }

    static List<BalanceView> balances(Collection<Balance> balances) {
        return balances.stream().sorted(Comparator.comparing(Balance::currency))
                .map(b -> new BalanceView(b.currency(), b.invoiced(), b.paid(), b.outstanding(), b.overdue())).toList();
    }

    static SubscriptionView subscription(Subscription s, Collection<Usage> usage) {
        return new SubscriptionView(s.id(), Lww.valueOf(s.customerId()), Ranked.valueOf(s.status()),
                Lww.valueOf(s.planId()), Lww.valueOf(s.planName()), Lww.valueOf(s.price()), Lww.valueOf(s.currency()),
                Lww.valueOf(s.billingPeriod()), Lww.valueOf(s.paymentType()), Lww.valueOf(s.msisdn()),
                time(s.activated()), time(s.suspended()), time(s.cancelled()), Lww.valueOf(s.reason()), time(s.last()),
                usage(usage));
    }

    static List<UsageView> usage(Collection<Usage> usage) {
        return usage.stream().sorted(Comparator.comparing(Usage::key)).map(u -> new UsageView(u.key().metric(),
                u.key().day(), u.unit(), u.quantity(), u.charge(), u.currency(), u.events())).toList();
    }

    static OrderView order(Order o) {
        return new OrderView(o.id(), Lww.valueOf(o.customerId()), Ranked.valueOf(o.status()), Lww.valueOf(o.items()),
                o.total(), Lww.valueOf(o.currency()), time(o.placed()), time(o.completed()), time(o.cancelled()),
                time(o.last()));
    }

    static InvoiceView invoice(Invoice i) {
        return new InvoiceView(i.id(), Lww.valueOf(i.customerId()), Lww.valueOf(i.number()), i.statusValue(),
                Lww.valueOf(i.amount()), Lww.valueOf(i.currency()), Lww.valueOf(i.paidAmount()), Lww.valueOf(i.issueDate()),
                Lww.valueOf(i.dueDate()), Lww.valueOf(i.daysOverdue()), time(i.paid()), time(i.last()));
    }

    static PaymentView payment(Payment p) {
        return new PaymentView(p.id(), Lww.valueOf(p.customerId()), Ranked.valueOf(p.status()), Lww.valueOf(p.amount()),
                Lww.valueOf(p.currency()), Lww.valueOf(p.method()), Lww.valueOf(p.invoiceId()), Lww.valueOf(p.orderId()),
                Lww.valueOf(p.failureCode()), Lww.valueOf(p.failureReason()), time(p.processed()), time(p.last()));
    }

    private static Instant time(Stamp stamp) {
        return stamp == null ? null : stamp.time();
    }
}
