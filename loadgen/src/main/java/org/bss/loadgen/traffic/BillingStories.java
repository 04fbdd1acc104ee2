package org.bss.loadgen.traffic;

import static org.bss.loadgen.traffic.Envelope.money;

import tools.jackson.core.JsonGenerator;

/**
 * invoice.generated, invoice.overdue, invoice.paid, payment.created, payment.processed.
 *
 * <p>An invoice bills one order, or a subscription's month. It is paid in one or more attempts: declined
 * ones and instalments, then a last payment of what is left; the number of attempts is planned when the invoice
 * is made so that payments, on average, use up invoices as fast as the mix makes them.
 */
final class BillingStories {

    private static final Weighted<String> PAYMENT_METHODS = Weighted.of(
            "card", 50, "direct_debit", 25, "bank_transfer", 15, "wallet", 10);
    private static final Weighted<String> DECLINES = Weighted.of(
            "insufficient_funds", 40, "card_declined", 30, "expired_card", 15, "do_not_honor", 10,
            "authentication_failed", 5);
    /** Share of payment attempts before the last that are declined rather than part-payments. */
    private static final double DECLINED_SHARE = 0.4;
    /** Below this, in cents, an invoice is not paid in parts. */
    private static final long SMALLEST_INSTALMENT = 200;

    private final WorkingSet world;
    private final Envelope out;
    private final Dice dice;
    private final IdSequence invoiceIds;
    private final IdSequence paymentIds;
    private final double attemptsPerInvoice;
    private long invoiceNumber;
    /** While an injected payment-failures lasts, the randomness that decides each payment's outcome; else null. */
    private Dice failing;

    /** @param attemptsPerInvoice how many payment events an invoice takes on average, at least 1 */
    BillingStories(WorkingSet world, Envelope out, Dice dice, IdSequence invoiceIds, IdSequence paymentIds,
                   double attemptsPerInvoice) {
        if (!(attemptsPerInvoice >= 1)) {
            throw new IllegalArgumentException("an invoice takes at least one payment: " + attemptsPerInvoice);
        }
        this.world = world;
        this.out = out;
        this.dice = dice;
        this.invoiceIds = invoiceIds;
        this.paymentIds = paymentIds;
        this.attemptsPerInvoice = attemptsPerInvoice;
    }

    void failing(Dice anomalyDice) {
        failing = anomalyDice;
    }

    GeneratedEvent generated() {
        if (!world.activeSubscriptions.isEmpty() && dice.chance(0.3)) {
            int index = world.pickLive(world.activeSubscriptions, dice);
            if (index >= 0) {
                return monthlyBill(world.activeSubscriptions.get(index));
            }
        }
        Order order = world.takeLive(world.completedOrders, dice);
        if (order == null) {
            order = world.takeLive(world.openOrders, dice);
        }
        if (order != null) {
            return orderInvoice(order);
        }
        int index = world.pickLive(world.activeSubscriptions, dice);
        return index < 0 ? null : monthlyBill(world.activeSubscriptions.get(index));
    }

    GeneratedEvent overdue() {
        int index = world.pickLive(world.openInvoices, dice);
        if (index < 0) {
            return null;
        }
        Invoice invoice = world.openInvoices.get(index);
        world.openInvoices.set(index, invoice.reminded());
        out.begin(EventType.INVOICE_OVERDUE, invoice.id())
                .writeStringProperty("invoice_id", invoice.id())
                .writeStringProperty("customer_id", invoice.customer().id())
                .writeStringProperty("due_date", invoice.dueDate())
                .writeNumberProperty("days_overdue", 3 + 7 * invoice.dunningLevel())
                .writeNumberProperty("outstanding_amount", money(invoice.outstandingCents()))
                .writeStringProperty("currency", invoice.customer().currency())
                .writeNumberProperty("dunning_level", invoice.dunningLevel())
                .writeStringProperty("status", "overdue");
        return out.end();
    }

    GeneratedEvent paid() {
        Settlement settlement = world.takeLive(world.settlements, dice);
        if (settlement == null) {
            return null;
        }
        Invoice invoice = settlement.invoice();
        out.begin(EventType.INVOICE_PAID, invoice.id())
                .writeStringProperty("invoice_id", invoice.id())
                .writeStringProperty("customer_id", invoice.customer().id())
                .writeStringProperty("payment_id", settlement.paymentId())
                .writeNumberProperty("amount", money(invoice.amountCents()))
                .writeStringProperty("currency", invoice.customer().currency())
                .writeStringProperty("payment_method", settlement.method())
                .writeStringProperty("paid_at", out.moment().timestamp())
                .writeStringProperty("status", "paid");
        return out.end();
    }

    GeneratedEvent paymentCreated() {
        Payment payment = newPayment(false);
        if (payment == null) {
            return null;
        }
        Invoice invoice = payment.invoice();
        Payment abandoned = world.pendingPayments.add(payment, dice);
        if (abandoned != null) {
            world.openInvoices.add(abandoned.invoice(), dice); // it never got an outcome: its invoice is open again
        }
        JsonGenerator data = out.begin(EventType.PAYMENT_CREATED, payment.id())
                .writeStringProperty("payment_id", payment.id())
                .writeStringProperty("customer_id", invoice.customer().id())
                .writeNumberProperty("amount", money(payment.amountCents()))
                .writeStringProperty("currency", invoice.customer().currency())
                .writeStringProperty("invoice_id", invoice.id());
        if (invoice.orderId() != null) {
            data.writeStringProperty("order_id", invoice.orderId());
        }
        data.writeStringProperty("payment_method", payment.method())
                .writeStringProperty("status", "pending")
                .writeStringProperty("created_at", out.moment().timestamp());
        return out.end();
    }

    /**
     * The outcome of a payment in flight, or of a new one on an open invoice.
     *
     * @param settle pay an invoice in full (the stream needs a settled invoice for an invoice.paid)
     */
    GeneratedEvent paymentProcessed(boolean settle) {
        Payment payment;
        if (settle) {
            payment = newPayment(true);
            if (payment == null) {
                payment = world.takeLive(world.pendingPayments, dice);
            }
        } else {
            payment = world.takeLive(world.pendingPayments, dice);
            if (payment == null) {
                payment = newPayment(false);
            }
        }
        if (payment == null) {
            return null;
        }
        if (failing != null) {
            payment = payment.withOutcome(failing.chance(Anomaly.FAILED_SHARE));
        }
        Invoice after = payment.invoiceAfter();
        if (after.settled()) {
            world.settlements.add(new Settlement(after, payment.id(), payment.method()), dice);
        } else {
            world.openInvoices.add(after, dice);
        }
        Customer customer = payment.customer();
        JsonGenerator data = out.begin(EventType.PAYMENT_PROCESSED, payment.id())
                .writeStringProperty("payment_id", payment.id())
                .writeStringProperty("customer_id", customer.id())
                .writeStringProperty("invoice_id", payment.invoice().id());
        if (payment.orderId() != null) {
            data.writeStringProperty("order_id", payment.orderId());
        }
        data.writeNumberProperty("amount", money(payment.amountCents()))
                .writeStringProperty("currency", customer.currency())
                .writeStringProperty("status", payment.declined() ? "failed" : "succeeded")
                .writeStringProperty("payment_method", payment.method())
                .writeStringProperty("provider", dice.oneOf(customer.region().paymentProviders()))
                .writeStringProperty("provider_reference", "psp_" + dice.hex(16));
        if (payment.declined()) {
            String code = DECLINES.pick(dice);
            data.writeStringProperty("failure_code", code).writeStringProperty("failure_reason", code.replace('_', ' '));
        }
        data.writeStringProperty("processed_at", out.moment().timestamp());
        return out.end();
    }

    /** A payment on an open invoice, which leaves the open invoices meanwhile; null when there is none. */
    private Payment newPayment(boolean inFull) {
        Invoice invoice = world.takeLive(world.openInvoices, dice);
        return invoice == null ? null : attempt(invoice, inFull);
    }

    /** The next payment on {@code invoice}: the last one pays what is left; others are declined or a part. */
    private Payment attempt(Invoice invoice, boolean inFull) {
        String id = paymentIds.next();
        String method = PAYMENT_METHODS.pick(dice);
        long outstanding = invoice.outstandingCents();
        if (inFull || invoice.attemptsLeft() <= 1 || outstanding < SMALLEST_INSTALMENT) {
            return new Payment(id, invoice, outstanding, method, false);
        }
        if (dice.chance(DECLINED_SHARE)) {
            return new Payment(id, invoice, outstanding, method, true);
        }
        long part = Math.round(outstanding * (0.2 + 0.6 * dice.unit()));
        return new Payment(id, invoice, Math.clamp(part, 1, outstanding - 1), method, false);
    }

    private GeneratedEvent orderInvoice(Order order) {
        Customer customer = order.customer();
        Invoice invoice = open(customer, order.id(), order.amountCents());
        JsonGenerator data = header(invoice, false);
        int line = 0;
        for (OrderItem item : order.items()) {
            Product product = item.product();
            data.writeStartObject()
                    .writeStringProperty("line_id", invoice.id() + "-" + ++line)
                    .writeStringProperty("description", product.name())
                    .writeStringProperty("type", "one_time")
                    .writeStringProperty("product_id", product.id())
                    .writeStringProperty("order_id", order.id())
                    .writeNumberProperty("quantity", item.quantity())
                    .writeStringProperty("unit", "piece")
                    .writeNumberProperty("unit_price", money(item.unitCents()))
                    .writeNumberProperty("amount", money(item.totalCents()))
                    .writeName("tax_rate").writeNumber(customer.region().taxRate())
                    .writeEndObject();
        }
        data.writeEndArray();
        return out.end();
    }

    private GeneratedEvent monthlyBill(Subscription subscription) {
        Customer customer = subscription.customer();
        Plan plan = subscription.plan();
        long usageCents = dice.chance(0.3) ? customer.region().price(dice.between(50L, 3_000L)) : 0;
        Invoice invoice = open(customer, null, subscription.priceCents() + usageCents);
        Moment.Day day = out.moment().day();
        JsonGenerator data = header(invoice, true);
        data.writeStartObject()
                .writeStringProperty("line_id", invoice.id() + "-1")
                .writeStringProperty("description", plan.name() + ", " + day.periodLabel())
                .writeStringProperty("type", "recurring")
                .writeStringProperty("product_id", plan.id())
                .writeStringProperty("subscription_id", subscription.id())
                .writeNumberProperty("quantity", 1)
                .writeStringProperty("unit", "month")
                .writeNumberProperty("unit_price", money(subscription.priceCents()))
                .writeNumberProperty("amount", money(subscription.priceCents()))
                .writeName("tax_rate").writeNumber(customer.region().taxRate())
                .writeEndObject();
        if (usageCents > 0) {
            data.writeStartObject()
                    .writeStringProperty("line_id", invoice.id() + "-2")
                    .writeStringProperty("description", "Usage outside the bundle, " + day.periodLabel())
                    .writeStringProperty("type", "usage")
                    .writeStringProperty("subscription_id", subscription.id())
                    .writeNumberProperty("quantity", 1)
                    .writeStringProperty("unit", "bundle")
                    .writeNumberProperty("unit_price", money(usageCents))
                    .writeNumberProperty("amount", money(usageCents))
                    .writeName("tax_rate").writeNumber(customer.region().taxRate())
                    .writeEndObject();
        }
        data.writeEndArray();
        return out.end();
    }

    /** A new open invoice, its payment attempts planned. */
    private Invoice open(Customer customer, String orderId, long amountCents) {
        int attempts = (int) attemptsPerInvoice;
        if (dice.unit() < attemptsPerInvoice - attempts) {
            attempts++;
        }
        Invoice invoice = new Invoice(invoiceIds.next(), customer, orderId, amountCents, 0, 0, attempts,
                out.moment().day().dueDate());
        world.openInvoices.add(invoice, dice);
        return invoice;
    }

    /** Begins the invoice.generated event up to its open lines array. */
    private JsonGenerator header(Invoice invoice, boolean monthly) {
        Customer customer = invoice.customer();
        Moment.Day day = out.moment().day();
        long tax = customer.region().taxIn(invoice.amountCents());
        JsonGenerator data = out.begin(EventType.INVOICE_GENERATED, invoice.id())
                .writeStringProperty("invoice_id", invoice.id())
                .writeStringProperty("invoice_number", day.invoicePrefix() + sixDigits(++invoiceNumber))
                .writeStringProperty("customer_id", customer.id())
                .writeStringProperty("billing_account_id", "ba_" + customer.id().substring(customer.id().indexOf('_') + 1))
                .writeNumberProperty("amount", money(invoice.amountCents()))
                .writeStringProperty("currency", customer.currency())
                .writeNumberProperty("subtotal", money(invoice.amountCents() - tax))
                .writeNumberProperty("tax_total", money(tax))
                .writeStringProperty("issue_date", day.today())
                .writeStringProperty("due_date", invoice.dueDate());
        if (monthly) {
            data.writeName("billing_period").writeStartObject()
                    .writeStringProperty("start", day.periodStart())
                    .writeStringProperty("end", day.periodEnd())
                    .writeEndObject();
        }
        return data.writeStringProperty("status", "issued").writeName("lines").writeStartArray();
    }

    private static String sixDigits(long n) {
        String digits = Long.toString(n);
        return digits.length() >= 6 ? digits : "000000".substring(digits.length()) + digits;
    }
}
