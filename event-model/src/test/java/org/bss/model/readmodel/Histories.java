package org.bss.model.readmodel;

import static java.time.temporal.ChronoUnit.DAYS;
import static java.time.temporal.ChronoUnit.HOURS;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.arbitraries.ListArbitrary;
import tools.jackson.databind.node.ObjectNode;

/**
 * Realistic event histories of one customer: created, updated now and then (some fields at a time, sometimes its
 * status) and maybe terminated; subscriptions activated, suspended and re-activated, maybe cancelled, with usage
 * over several days; orders placed, then completed or cancelled; invoices in a few currencies generated, maybe
 * overdue, maybe paid in part or in whole; payments created, then processed. Data as the catalog's schemas
 * describe it.
 *
 * <p>Times fall on whole hours and invoices come from weekly bill runs, so events of different aggregates often
 * share a time, and two steps of a lifecycle may too: then the stamp's source and id order them. An id starts with
 * a random part, so that at equal times and sources the ids' order is not the order in which a lifecycle was drawn.
 *
 * <p>Each lifecycle is drawn as a {@link Life}, applied once the customer's id and creation time are drawn too:
 * jqwik combines these without {@code flatMap}, which keeps generating and shrinking fast.
 */
final class Histories {

    static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    static final List<String> CURRENCIES = List.of("PLN", "EUR", "USD");
    /** More than the most events a history can have (6 of the customer, 33 of subscriptions, 24 of the rest). */
    private static final int MOST_EVENTS = 64;

    /** An event before it has an id. */
    record Draft(String type, Instant time, String source, ObjectNode data) {
    }

    /** The events of one aggregate of a customer created at {@code created}. */
    @FunctionalInterface
    interface Life {
        List<Draft> draw(String customer, String id, Instant created);
    }

    private Histories() {
    }

    static Arbitrary<History> histories() {
        return Combinators.combine(Arbitraries.integers().between(1, 999), hours(0, 23), customerLife(),
                        upTo(3, subscriptionLife()), upTo(3, orderLife()), upTo(4, invoiceLife()),
                        upTo(3, paymentLife()), randomParts())
                .as((number, hour, person, subscriptions, orders, invoices, payments, randomParts) -> {
                    String customer = "cus-" + number;
                    Instant created = START.plus(hour, HOURS);
                    List<Draft> drafts = new ArrayList<>(person.draw(customer, customer, created));
                    drafts.addAll(each(subscriptions, "sub-", customer, created));
                    drafts.addAll(each(orders, "ord-", customer, created));
                    drafts.addAll(each(invoices, "inv-", customer, created));
                    drafts.addAll(each(payments, "pay-", customer, created));
                    return History.of(customer, drafts, randomParts);
                });
    }

    /** Histories of one aggregate alone, {@code <prefix>1}, of customer cus-1. */
    static Arbitrary<History> alone(String prefix, Arbitrary<Life> lives) {
        return Combinators.combine(hours(0, 23), lives, randomParts()).as((hour, life, randomParts) -> History.of(
                "cus-1", life.draw("cus-1", prefix + 1, START.plus(hour, HOURS)), randomParts));
    }

    private static List<Draft> each(List<Life> lives, String prefix, String customer, Instant created) {
        List<Draft> drafts = new ArrayList<>();
        for (int i = 0; i < lives.size(); i++) {
            drafts.addAll(lives.get(i).draw(customer, prefix + (i + 1), created));
        }
        return drafts;
    }

    /** Without edge cases: 64 elements' would multiply a history's edge cases far past any number of tries. */
    private static Arbitrary<List<Integer>> randomParts() {
        return Arbitraries.integers().between(0, 99).withDistribution(RandomDistribution.uniform()).list()
                .ofSize(MOST_EVENTS).withoutEdgeCases();
    }

    // --- customer -----------------------------------------------------------------------------------------

    static Arbitrary<Life> customerLife() {
        return Combinators.combine(profiles(), Arbitraries.of("prospect", "active").injectNull(0.3),
                        upTo(4, update()), termination().injectNull(0.5))
                .as((profile, status, updates, termination) -> (customer, id, created) -> {
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("customer_id", customer);
                    data.putAll(profile);
                    data.put("status", status);
                    data.put("created_at", created.toString());
                    List<Draft> life = new ArrayList<>();
                    life.add(new Draft("customer.created", created, "/crm", Data.object(data)));
                    updates.forEach(update -> life.addAll(update.draw(customer, id, created)));
                    if (termination != null) {
                        life.addAll(termination.draw(customer, id, created));
                    }
                    return life;
                });
    }

    private static Arbitrary<Map<String, Object>> profiles() {
        return Combinators.combine(Arbitraries.of("individual", "business"), Arbitraries.of("Anna", "Jan", "Ola"),
                        Arbitraries.of("Nowak", "Kowalska", "Smith"), emails(), phones(), languages(), addresses(),
                        Arbitraries.of(true, false))
                .as((type, first, last, email, phone, language, address, consent) -> {
                    Map<String, Object> profile = new LinkedHashMap<>();
                    profile.put("customer_type", type);
                    if (type.equals("business")) {
                        profile.put("company_name", last + " sp. z o.o.");
                        profile.put("tax_id", "PL5250001090");
                    } else {
                        profile.put("first_name", first);
                        profile.put("last_name", last);
                    }
                    profile.put("email", email);
                    profile.put("phone", phone);
                    profile.put("language", language);
                    profile.put("marketing_consent", consent);
                    profile.put("address", address);
                    return profile;
                });
    }

    /** An update of up to three fields (a later change of the same field wins), maybe of the status too. */
    private static Arbitrary<Life> update() {
        Arbitrary<Map.Entry<String, Object>> change = Arbitraries.oneOf(
                emails().map(email -> Map.entry("email", email)),
                phones().map(phone -> Map.entry("phone", phone)),
                languages().map(language -> Map.entry("language", language)),
                Arbitraries.of("consumer", "smb", "enterprise").map(segment -> Map.entry("segment", segment)),
                Arbitraries.of(true, false).map(consent -> Map.entry("marketing_consent", consent)),
                addresses().map(address -> Map.entry("address", address)),
                Arbitraries.of("Nowak-Lis", "Wiśniewska").map(name -> Map.entry("last_name", name)));
        return Combinators.combine(hours(0, 400), upTo(3, change),
                        Arbitraries.of("prospect", "active", "suspended").injectNull(0.6),
                        Arbitraries.of("/crm", "/selfcare"))
                .as((after, changes, status, source) -> (customer, id, created) -> {
                    Instant at = created.plus(after, HOURS);
                    Map<String, Object> fields = new LinkedHashMap<>();
                    changes.forEach(entry -> fields.put(entry.getKey(), entry.getValue()));
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("customer_id", customer);
                    data.put("changed_fields", fields.isEmpty() ? null : List.copyOf(fields.keySet()));
                    data.putAll(fields);
                    data.put("status", status);
                    data.put("updated_at", at.toString());
                    return List.of(new Draft("customer.updated", at, source, Data.object(data)));
                });
    }

    private static Arbitrary<Life> termination() {
        return Combinators.combine(hours(24, 240),
                        Arbitraries.of("customer_request", "non_payment", "fraud", "duplicate", "other"),
                        Arbitraries.of("moved abroad", "too expensive").injectNull(0.5),
                        money("-50.00", "300.00").injectNull(0.6), Arbitraries.of(CURRENCIES))
                .as((after, code, reason, finalBalance, currency) -> (customer, id, created) -> {
                    Instant at = created.plus(after, HOURS);
                    return List.of(new Draft("customer.terminated", at, "/crm", Data.object("customer_id", customer,
                            "reason_code", code, "reason", reason, "termination_date", day(at.plus(30, DAYS)),
                            "terminated_at", at.toString(), "final_balance", finalBalance,
                            "currency", finalBalance == null ? null : currency)));
                });
    }

    private static Arbitrary<String> emails() {
        return Combinators.combine(Arbitraries.of("anna", "jan.k", "office", "billing"),
                Arbitraries.of("example.com", "example.pl")).as((local, domain) -> local + "@" + domain);
    }

    private static Arbitrary<String> phones() {
        return Arbitraries.integers().between(100, 999).map(n -> "+48 600 100 " + n);
    }

    private static Arbitrary<String> languages() {
        return Arbitraries.of("pl", "en-GB", "de");
    }

    private static Arbitrary<ObjectNode> addresses() {
        return Arbitraries.of(
                Data.object("street", "ul. Prosta 1", "city", "Warszawa", "postal_code", "00-850", "country", "PL"),
                Data.object("street", "Rynek 5", "city", "Kraków", "postal_code", "31-042", "country", "PL"),
                Data.object("street", "Unter den Linden 7", "city", "Berlin", "postal_code", "10117",
                        "country", "DE"));
    }

    // --- subscriptions and their usage --------------------------------------------------------------------

    record Plan(String id, String name, BigDecimal price, String currency, String period, String paymentType) {
    }

    static final List<Plan> PLANS = List.of(
            new Plan("plan-5g-m", "5G M", new BigDecimal("59.99"), "PLN", "monthly", "postpaid"),
            new Plan("plan-5g-l", "5G L", new BigDecimal("89.99"), "PLN", "monthly", "postpaid"),
            new Plan("plan-data-eu", "Data EU", new BigDecimal("15.00"), "EUR", "monthly", "prepaid"),
            new Plan("plan-roam-us", "Roam US", new BigDecimal("9.99"), "USD", "weekly", "prepaid"));

    /**
     * Activated, then each gap is the time to the next change, which alternates: suspended, re-activated,
     * suspended; then maybe cancelled. Usage is recorded on the first days after activation.
     */
    static Arbitrary<Life> subscriptionLife() {
        return Combinators.combine(hours(0, 120), Arbitraries.of(PLANS), upTo(3, gap(72)), gap(96).injectNull(0.6),
                        upTo(6, usage()), phones())
                .as((after, plan, gaps, cancelGap, usage, msisdn) -> (customer, id, created) -> {
                    Instant activated = created.plus(after, HOURS);
                    List<Draft> life = new ArrayList<>();
                    life.add(activation(customer, id, plan, msisdn, activated));
                    Instant at = activated;
                    for (int i = 0; i < gaps.size(); i++) {
                        at = at.plus(gaps.get(i), HOURS);
                        life.add(i % 2 == 0 ? suspension(customer, id, at)
                                : activation(customer, id, plan, msisdn, at));
                    }
                    if (cancelGap != null) {
                        at = at.plus(cancelGap, HOURS);
                        life.add(new Draft("subscription.cancelled", at, "/provisioning", Data.object(
                                "subscription_id", id, "customer_id", customer, "plan_id", plan.id(),
                                "reason", "moved to a competitor", "cancelled_by", "customer",
                                "cancelled_at", at.toString(), "status", "cancelled")));
                    }
                    for (int i = 0; i < usage.size(); i++) {
                        life.add(usage.get(i).draft(customer, id, id + "-use-" + i, plan.currency(), msisdn,
                                activated));
                    }
                    return life;
                });
    }

    private static Draft activation(String customer, String id, Plan plan, String msisdn, Instant at) {
        return new Draft("subscription.activated", at, "/provisioning", Data.object("subscription_id", id,
                "customer_id", customer, "plan_id", plan.id(), "plan_name", plan.name(),
                "payment_type", plan.paymentType(), "billing_period", plan.period(), "price", plan.price(),
                "currency", plan.currency(), "start_date", day(at), "msisdn", msisdn, "status", "active",
                "activated_at", at.toString()));
    }

    private static Draft suspension(String customer, String id, Instant at) {
        return new Draft("subscription.suspended", at, "/provisioning", Data.object("subscription_id", id,
                "customer_id", customer, "reason", "unpaid invoice", "reason_code", "non_payment",
                "suspended_at", at.toString(), "status", "suspended"));
    }

    enum Metric {
        DATA("data", "MB"), VOICE("voice", "minute"), SMS("sms", "message");

        final String name;
        final String unit;

        Metric(String name, String unit) {
            this.name = name;
            this.unit = unit;
        }
    }

    /**
     * Usage some days and hours after activation: megabytes with two decimal places, whole minutes or messages.
     * The charge is left out for usage within a bundle.
     */
    record UsageRecord(int day, int hour, Metric metric, BigDecimal megabytes, int count, BigDecimal charge) {

        Draft draft(String customer, String subscription, String id, String currency, String msisdn,
                Instant activated) {
            Instant at = activated.plus(day, DAYS).plus(hour, HOURS);
            return new Draft("usage.recorded", at, "/mediation", Data.object("usage_id", id,
                    "subscription_id", subscription, "customer_id", customer, "msisdn", msisdn,
                    "metric", metric.name, "quantity", metric == Metric.DATA ? megabytes : (Object) count,
                    "unit", metric.unit, "charge", charge, "currency", charge == null ? null : currency,
                    "recorded_at", at.toString()));
        }
    }

    private static Arbitrary<UsageRecord> usage() {
        return Combinators.combine(hours(0, 4), hours(0, 23), Arbitraries.of(Metric.class), money("0.01", "2048.00"),
                        Arbitraries.integers().between(1, 120), money("0.01", "25.00").injectNull(0.5))
                .as(UsageRecord::new);
    }

    // --- orders -------------------------------------------------------------------------------------------

    enum OrderEnd { NONE, COMPLETED, CANCELLED }

    record Item(String productId, String name, int quantity, BigDecimal price) {

        ObjectNode json() {
            return Data.object("product_id", productId, "name", name, "quantity", quantity, "price", price);
        }

        BigDecimal total() {
            return price.multiply(BigDecimal.valueOf(quantity));
        }
    }

    private static Arbitrary<Item> items() {
        return Combinators.combine(Arbitraries.of("phone-x", "sim", "router", "case"),
                        Arbitraries.integers().between(1, 3), money("1.00", "500.00"))
                .as((product, quantity, price) -> new Item(product, product.toUpperCase(), quantity, price));
    }

    /** Placed with its amount or only its items (then the total is the items'), then maybe completed or cancelled. */
    static Arbitrary<Life> orderLife() {
        return Combinators.combine(hours(0, 200), items().list().ofMinSize(1).ofMaxSize(3), Arbitraries.of(true, false),
                        Arbitraries.of(CURRENCIES), Arbitraries.of("pending", "confirmed").injectNull(0.5),
                        Arbitraries.of(OrderEnd.class), gap(72), Arbitraries.of(true, false))
                .as((after, items, withAmount, currency, status, end, endGap, completionNamesAmount) ->
                        (customer, id, created) -> {
                    Instant placed = created.plus(after, HOURS);
                    BigDecimal amount = items.stream().map(Item::total).reduce(BigDecimal.ZERO, BigDecimal::add);
                    List<Draft> life = new ArrayList<>();
                    life.add(new Draft("order.placed", placed, "/shop", Data.object("order_id", id,
                            "customer_id", customer, "amount", withAmount ? amount : null, "currency", currency,
                            "items", items.stream().map(Item::json).toList(), "payment_method", "card",
                            "channel", "web", "status", status, "placed_at", placed.toString())));
                    Instant ended = placed.plus(endGap, HOURS);
                    if (end == OrderEnd.COMPLETED) {
                        life.add(new Draft("order.completed", ended, "/shop", Data.object("order_id", id,
                                "customer_id", customer, "amount", completionNamesAmount ? amount : null,
                                "currency", completionNamesAmount ? currency : null,
                                "completed_at", ended.toString(), "status", "completed")));
                    } else if (end == OrderEnd.CANCELLED) {
                        life.add(new Draft("order.cancelled", ended, "/shop", Data.object("order_id", id,
                                "customer_id", customer, "reason", "out_of_stock", "cancelled_by", "operator",
                                "cancelled_at", ended.toString(), "status", "cancelled")));
                    }
                    return life;
                });
    }

    // --- invoices -----------------------------------------------------------------------------------------

    /** What an {@code invoice.paid} says was paid: nothing (the whole amount, then), the whole amount, or part. */
    enum Paid { UNNAMED, WHOLE, PART }

    /**
     * Generated by one of the weekly bill runs (at 02:00 on days 1, 8 and 15), then maybe overdue and maybe paid,
     * each some time after generation: a dunning run that missed the payment may stamp overdue after paid.
     */
    static Arbitrary<Life> invoiceLife() {
        return Combinators.combine(Arbitraries.of(1, 8, 15), money("5.00", "2000.00"), Arbitraries.of(CURRENCIES),
                        hours(14 * 24, 20 * 24).injectNull(0.5), gap(30 * 24).injectNull(0.4),
                        Arbitraries.of(Paid.class), Arbitraries.integers().between(10, 90),
                        Arbitraries.of("/billing", "/payments"))
                .as((billRun, amount, currency, overdueAfter, paidAfter, paid, percent, paidSource) ->
                        (customer, id, created) -> {
                    Instant generated = START.plus(billRun, DAYS).plus(2, HOURS);
                    LocalDate due = LocalDate.ofInstant(generated, ZoneOffset.UTC).plusDays(14);
                    List<Draft> life = new ArrayList<>();
                    life.add(new Draft("invoice.generated", generated, "/billing", Data.object("invoice_id", id,
                            "invoice_number", "FV/2026/" + customer + "/" + id, "customer_id", customer,
                            "amount", amount, "currency", currency, "issue_date", day(generated),
                            "due_date", due.toString(), "status", "issued")));
                    if (overdueAfter != null) {
                        Instant at = generated.plus(overdueAfter, HOURS);
                        int daysOverdue = overdueAfter / 24 - 14;
                        life.add(new Draft("invoice.overdue", at, "/billing", Data.object("invoice_id", id,
                                "customer_id", customer, "due_date", due.toString(), "days_overdue", daysOverdue,
                                "outstanding_amount", amount, "currency", currency,
                                "dunning_level", daysOverdue > 3 ? 1 : 0, "status", "overdue")));
                    }
                    if (paidAfter != null) {
                        Instant at = generated.plus(paidAfter, HOURS);
                        BigDecimal paidAmount = switch (paid) {
                            case UNNAMED -> null;
                            case WHOLE -> amount;
                            case PART -> amount.multiply(BigDecimal.valueOf(percent)).movePointLeft(2)
                                    .setScale(2, RoundingMode.DOWN);
                        };
                        life.add(new Draft("invoice.paid", at, paidSource, Data.object("invoice_id", id,
                                "customer_id", customer, "amount", paidAmount,
                                "currency", paidAmount == null ? null : currency, "payment_method", "card",
                                "paid_at", at.toString(), "status", "paid")));
                    }
                    return life;
                });
    }

    // --- payments -----------------------------------------------------------------------------------------

    enum Outcome { PENDING, SUCCEEDED, FAILED }

    static Arbitrary<Life> paymentLife() {
        return Combinators.combine(hours(0, 300), money("1.00", "2000.00"), Arbitraries.of(CURRENCIES),
                        Arbitraries.of("inv-1", "inv-2", "inv-3").injectNull(0.4),
                        Arbitraries.of("card", "direct_debit", "bank_transfer"), Arbitraries.of(Outcome.class),
                        gap(48), Arbitraries.of("insufficient_funds", "card_declined", "expired_card"))
                .as((after, amount, currency, invoice, method, outcome, processGap, failure) ->
                        (customer, id, created) -> {
                    Instant at = created.plus(after, HOURS);
                    List<Draft> life = new ArrayList<>();
                    life.add(new Draft("payment.created", at, "/payments", Data.object("payment_id", id,
                            "customer_id", customer, "amount", amount, "currency", currency, "invoice_id", invoice,
                            "payment_method", method, "status", "pending", "created_at", at.toString())));
                    if (outcome != Outcome.PENDING) {
                        Instant processed = at.plus(processGap, HOURS);
                        boolean failed = outcome == Outcome.FAILED;
                        life.add(new Draft("payment.processed", processed, "/payments", Data.object(
                                "payment_id", id, "customer_id", customer, "invoice_id", invoice, "amount", amount,
                                "currency", currency, "status", failed ? "failed" : "succeeded",
                                "payment_method", method, "provider", "payu", "provider_reference", "ref-" + id,
                                "failure_code", failed ? failure : null,
                                "failure_reason", failed ? failure.replace('_', ' ') : null,
                                "processed_at", processed.toString())));
                    }
                    return life;
                });
    }

    // --- pieces -------------------------------------------------------------------------------------------

    /** Hours from {@code least} to {@code most}, each as likely (by default jqwik favours the least). */
    static Arbitrary<Integer> hours(int least, int most) {
        return Arbitraries.integers().between(least, most).withDistribution(RandomDistribution.uniform());
    }

    /** Hours to the next step of a lifecycle: a quarter of the time none, so that the two steps share a time. */
    static Arbitrary<Integer> gap(int most) {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0)), Tuple.of(3, hours(1, most)));
    }

    /** Lists of up to {@code most} elements, each size as likely. */
    static <T> ListArbitrary<T> upTo(int most, Arbitrary<T> element) {
        return element.list().ofMaxSize(most).withSizeDistribution(RandomDistribution.uniform());
    }

    static Arbitrary<BigDecimal> money(String least, String most) {
        return Arbitraries.bigDecimals().between(new BigDecimal(least), new BigDecimal(most)).ofScale(2);
    }

    private static String day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }
}
