package org.bss.bench.platform;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One customer's year of BSS events as its CRM, order, billing, payment and mediation systems would send them:
 * created, then updated now and then; subscriptions activated (with more than two, one is cancelled half-way,
 * and with ten invoices or more the first is suspended after an invoice stays unpaid); orders placed, then completed
 * with their payments or cancelled; monthly invoices generated, then paid (payment created, processed, invoice paid)
 * or overdue; and, filling up to the count asked for, usage of its subscriptions naming the customer (data, voice,
 * messages; a day's usage of a subscription and metric is one read-model row). Structured CloudEvents JSON, with
 * {@code time} between {@code start} and {@code end}; deterministic for a seed.
 */
final class CustomerYear {

    /** How much of each story a customer has; usage fills the rest of its events. */
    record Shape(int subscriptions, int invoices, int updates, int orders) {
        /** The customer the benchmark reads: five subscriptions, a year of invoices, fifteen orders. */
        static final Shape MAIN = new Shape(5, 12, 10, 15);
        /** A customer in the background: one subscription, its last three invoices. */
        static final Shape BACKGROUND = new Shape(1, 3, 1, 1);
    }

    /** An event and its time (the {@code time} attribute's instant). */
    record Event(Instant time, String type, ObjectNode json) {
    }

    /** What a subscription is: its plan and the usage it records. */
    private record Plan(String id, String name, BigDecimal price, String[] metrics, String[] units) {
    }

    private static final Plan[] PLANS = {
            new Plan("mobile-l", "Mobile L", money("59.99"), new String[] {"data", "voice", "sms"}, new String[] {"MB", "second", "message"}),
            new Plan("fibre-600", "Fibre 600", money("89.00"), new String[] {"data"}, new String[] {"GB"}),
            new Plan("tv-plus", "TV Plus", money("39.00"), new String[] {"streaming"}, new String[] {"hour"}),
            new Plan("mobile-s", "Mobile S", money("29.99"), new String[] {"data", "voice", "sms"}, new String[] {"MB", "second", "message"}),
            new Plan("iot-tracker", "IoT tracker", money("9.99"), new String[] {"data"}, new String[] {"KB"})};
    private static final String[][] PRODUCTS = {{"SKU-3001", "649.00"}, {"SKU-3002", "89.90"}, {"SKU-4001", "129.00"},
            {"SKU-2002", "19.90"}, {"SKU-6001", "59.88"}};
    private static final String[] FIRST = {"Anna", "Piotr", "Maria", "Tomasz", "Katarzyna", "Michal", "Ewa", "Pawel"};
    private static final String[] LAST = {"Kowalska", "Nowak", "Wisniewska", "Wojcik", "Kaminski", "Zielinski"};
    private static final String[] CITY = {"Warszawa", "Krakow", "Gdansk", "Wroclaw", "Poznan", "Lodz"};
    private static final String CURRENCY = "PLN";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String customerId;
    private final Instant start;
    private final Instant end;
    private final SplittableRandom random;
    private final List<Event> events = new ArrayList<>();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private int sequence;

    /** A subscription's life: when it became active and, if so, when it was cancelled. */
    private record Subscription(String id, Plan plan, String msisdn, Instant activated, Instant cancelled) {
        boolean activeAt(Instant time) {
            return !time.isBefore(activated) && (cancelled == null || time.isBefore(cancelled));
        }
    }

    private CustomerYear(String customerId, Instant start, Instant end, SplittableRandom random) {
        this.customerId = customerId;
        this.start = start;
        this.end = end;
        this.random = random;
    }

    /** {@code count} events of customer {@code customerId} in the order of their time. */
    static List<Event> of(String customerId, int count, Shape shape, Instant start, Instant end, long seed) {
        CustomerYear year = new CustomerYear(customerId, start, end, new SplittableRandom(seed));
        year.lifecycle(shape);
        if (year.events.size() > count) {
            throw new IllegalArgumentException(customerId + ": " + count + " events are fewer than its "
                    + year.events.size() + " lifecycle events");
        }
        while (year.events.size() < count) {
            year.usage();
        }
        year.events.sort((a, b) -> a.time().compareTo(b.time()));
        return year.events;
    }

    private void lifecycle(Shape shape) {
        created(start.plus(Duration.ofHours(1)));
        Duration span = Duration.between(start, end);
        for (int i = 0; i < shape.subscriptions(); i++) {
            Instant at = i == 0 ? start.plus(Duration.ofHours(3))
                    : start.plus(span.multipliedBy(i).dividedBy(shape.subscriptions() + 1)).plus(hours(0, 48));
            Instant cancelled = i == 2 ? at.plus(Duration.between(at, end).dividedBy(2)) : null;
            subscriptions.add(new Subscription(customerId + "-sub-" + (i + 1), PLANS[i % PLANS.length],
                    "+4860" + (1000000 + random.nextInt(8999999)), at, cancelled));
            subscriptionOrder(subscriptions.get(i));
            if (cancelled != null) {
                subscriptionCancelled(subscriptions.get(i), cancelled);
            }
        }
        for (int i = shape.subscriptions(); i < shape.orders(); i++) {
            deviceOrder(between(start.plus(Duration.ofDays(1)), end));
        }
        for (int i = 0; i < shape.updates(); i++) {
            updated(between(start.plus(Duration.ofDays(1)), end));
        }
        invoices(shape.invoices());
    }

    private void created(Instant at) {
        ObjectNode data = data();
        data.put("customer_type", "individual");
        data.put("first_name", FIRST[random.nextInt(FIRST.length)]);
        data.put("last_name", LAST[random.nextInt(LAST.length)]);
        data.put("email", customerId + "@example.pl");
        data.put("phone", "+48 600 " + (100 + random.nextInt(900)) + " " + (100 + random.nextInt(900)));
        data.put("language", "pl");
        data.put("segment", "consumer");
        data.put("marketing_consent", random.nextBoolean());
        data.put("status", "active");
        data.set("address", address());
        data.put("created_at", at.toString());
        add("urn:bss:crm", "customer.created", at, data);
    }

    private void updated(Instant at) {
        ObjectNode data = data();
        switch (random.nextInt(3)) {
            case 0 -> {
                data.putArray("changed_fields").add("email");
                data.put("email", customerId + "." + random.nextInt(1000) + "@example.pl");
            }
            case 1 -> {
                data.putArray("changed_fields").add("phone");
                data.put("phone", "+48 601 " + (100 + random.nextInt(900)) + " " + (100 + random.nextInt(900)));
            }
            default -> {
                data.putArray("changed_fields").add("address");
                data.set("address", address());
            }
        }
        data.put("updated_at", at.toString());
        add("urn:bss:crm", "customer.updated", at, data);
    }

    /** The order that brings a subscription: placed, paid, completed, then the subscription activated. */
    private void subscriptionOrder(Subscription subscription) {
        Instant activated = subscription.activated();
        String orderId = subscription.id().replace("-sub-", "-ord-s");
        BigDecimal fee = money("19.99");
        ObjectNode placed = orderPlaced(orderId, activated.minus(Duration.ofMinutes(90)), fee);
        ObjectNode item = ((ArrayNode) placed.get("items")).addObject();
        item.put("product_id", "SIM-" + subscription.plan().id());
        item.put("quantity", 1);
        item.put("price", fee);
        item.put("plan_id", subscription.plan().id());
        payment(orderId, null, fee, activated.minus(Duration.ofMinutes(60)));
        ObjectNode completed = orderCompleted(orderId, fee, activated.minus(Duration.ofMinutes(5)));
        completed.putArray("subscription_ids").add(subscription.id());
        ObjectNode data = data();
        data.put("subscription_id", subscription.id());
        data.put("plan_id", subscription.plan().id());
        data.put("plan_name", subscription.plan().name());
        data.put("order_id", orderId);
        data.put("payment_type", "postpaid");
        data.put("billing_period", "monthly");
        data.put("price", subscription.plan().price());
        data.put("currency", CURRENCY);
        data.put("start_date", activated.truncatedTo(ChronoUnit.DAYS).toString().substring(0, 10));
        data.put("commitment_months", 24);
        data.put("auto_renew", true);
        if (subscription.plan().id().startsWith("mobile")) {
            data.put("msisdn", subscription.msisdn());
        }
        data.put("status", "active");
        data.put("activated_at", activated.toString());
        add("urn:bss:orders", "subscription.activated", activated, data);
    }

    /** A device or add-on bought outright: completed and paid four times in five, otherwise cancelled. */
    private void deviceOrder(Instant at) {
        String orderId = customerId + "-ord-" + (sequence + 1);
        String[] product = PRODUCTS[random.nextInt(PRODUCTS.length)];
        int quantity = 1 + (random.nextInt(5) == 0 ? 1 : 0);
        BigDecimal total = money(product[1]).multiply(BigDecimal.valueOf(quantity));
        ObjectNode placed = orderPlaced(orderId, at, total);
        ObjectNode item = ((ArrayNode) placed.get("items")).addObject();
        item.put("product_id", product[0]);
        item.put("quantity", quantity);
        item.put("price", money(product[1]));
        if (random.nextInt(5) == 0) {
            ObjectNode data = data();
            data.put("order_id", orderId);
            data.put("reason", "customer_request");
            data.put("cancelled_by", "customer");
            Instant cancelled = at.plus(hours(1, 30));
            data.put("cancelled_at", cancelled.toString());
            data.put("status", "cancelled");
            add("urn:bss:orders", "order.cancelled", cancelled, data);
            return;
        }
        payment(orderId, null, total, at.plus(Duration.ofMinutes(10)));
        orderCompleted(orderId, total, at.plus(hours(24, 96)));
    }

    private ObjectNode orderPlaced(String orderId, Instant at, BigDecimal total) {
        ObjectNode data = data();
        data.put("order_id", orderId);
        data.put("amount", total);
        data.put("currency", CURRENCY);
        data.putArray("items");
        data.put("payment_method", "card");
        data.put("channel", random.nextBoolean() ? "web" : "retail");
        data.put("status", "confirmed");
        data.put("placed_at", at.toString());
        add("urn:bss:orders", "order.placed", at, data);
        return data;
    }

    private ObjectNode orderCompleted(String orderId, BigDecimal total, Instant at) {
        ObjectNode data = data();
        data.put("order_id", orderId);
        data.put("amount", total);
        data.put("currency", CURRENCY);
        data.put("completed_at", at.toString());
        data.put("status", "completed");
        add("urn:bss:orders", "order.completed", at, data);
        return data;
    }

    private void subscriptionCancelled(Subscription subscription, Instant at) {
        ObjectNode data = data();
        data.put("subscription_id", subscription.id());
        data.put("plan_id", subscription.plan().id());
        data.put("reason", "moved to a competitor");
        data.put("cancelled_by", "customer");
        data.put("effective_date", at.toString().substring(0, 10));
        data.put("cancelled_at", at.toString());
        data.put("status", "cancelled");
        add("urn:bss:crm", "subscription.cancelled", at, data);
    }

    /**
     * One invoice a month for the last {@code count} months, each of what the subscriptions active then cost plus
     * usage charges; paid within two weeks, except (with ten invoices or more) one paid late and one left unpaid, after
     * which the first subscription is suspended.
     */
    private void invoices(int count) {
        int late = count >= 10 ? count - 6 : -1;
        int unpaid = count >= 10 ? count - 3 : -1;
        for (int k = 0; k < count; k++) {
            Instant generated = end.minus(Duration.ofDays(30L * (count - k))).plus(Duration.ofDays(1));
            if (generated.isBefore(start.plus(Duration.ofDays(2)))) {
                continue;
            }
            String invoiceId = customerId + "-inv-" + (k + 1);
            BigDecimal amount = money(String.valueOf(random.nextInt(2000) / 100.0));
            for (Subscription s : subscriptions) {
                if (s.activeAt(generated)) {
                    amount = amount.add(s.plan().price());
                }
            }
            amount = amount.add(money("0.01"));
            Instant due = generated.plus(Duration.ofDays(14));
            invoiceGenerated(invoiceId, amount, generated, due);
            if (k == late || k == unpaid) {
                overdue(invoiceId, amount, due.plus(Duration.ofDays(1)));
                if (k == late) {
                    paid(invoiceId, amount, due.plus(Duration.ofDays(20)));
                } else {
                    suspended(subscriptions.getFirst(), invoiceId, due.plus(Duration.ofDays(10)));
                }
                continue;
            }
            paid(invoiceId, amount, generated.plus(hours(72, 288)));
        }
    }

    private void invoiceGenerated(String invoiceId, BigDecimal amount, Instant at, Instant due) {
        ObjectNode data = data();
        data.put("invoice_id", invoiceId);
        data.put("invoice_number", "FV/" + at.toString().substring(0, 7).replace('-', '/') + "/" + invoiceId);
        data.put("amount", amount);
        data.put("currency", CURRENCY);
        BigDecimal subtotal = amount.divide(new BigDecimal("1.23"), 2, RoundingMode.HALF_UP);
        data.put("subtotal", subtotal);
        data.put("tax_total", amount.subtract(subtotal));
        data.put("issue_date", at.toString().substring(0, 10));
        data.put("due_date", due.toString().substring(0, 10));
        data.put("status", "issued");
        add("urn:bss:billing", "invoice.generated", at, data);
    }

    private void overdue(String invoiceId, BigDecimal amount, Instant at) {
        ObjectNode data = data();
        data.put("invoice_id", invoiceId);
        data.put("days_overdue", 1);
        data.put("outstanding_amount", amount);
        data.put("currency", CURRENCY);
        data.put("dunning_level", 0);
        data.put("status", "overdue");
        add("urn:bss:billing", "invoice.overdue", at, data);
    }

    private void paid(String invoiceId, BigDecimal amount, Instant at) {
        if (!at.isBefore(end)) {
            return; // still open at the year's end
        }
        String paymentId = payment(null, invoiceId, amount, at.minus(Duration.ofMinutes(30)));
        ObjectNode data = data();
        data.put("invoice_id", invoiceId);
        data.put("payment_id", paymentId);
        data.put("amount", amount);
        data.put("currency", CURRENCY);
        data.put("payment_method", "direct_debit");
        data.put("paid_at", at.toString());
        data.put("status", "paid");
        add("urn:bss:billing", "invoice.paid", at, data);
    }

    /** A payment created and, a few minutes later, processed successfully; its id. */
    private String payment(String orderId, String invoiceId, BigDecimal amount, Instant at) {
        String paymentId = customerId + "-pay-" + (sequence + 1);
        ObjectNode created = data();
        created.put("payment_id", paymentId);
        created.put("amount", amount);
        created.put("currency", CURRENCY);
        if (orderId != null) {
            created.put("order_id", orderId);
        }
        if (invoiceId != null) {
            created.put("invoice_id", invoiceId);
        }
        created.put("payment_method", orderId != null ? "card" : "direct_debit");
        created.put("status", "pending");
        created.put("created_at", at.toString());
        add("urn:bss:payments", "payment.created", at, created);
        ObjectNode processed = created.deepCopy();
        Instant done = at.plus(Duration.ofMinutes(3));
        processed.remove("created_at");
        processed.put("status", "succeeded");
        processed.put("provider", "payu");
        processed.put("provider_reference", "PU" + Long.toHexString(random.nextLong()));
        processed.put("processed_at", done.toString());
        add("urn:bss:payments", "payment.processed", done, processed);
        return paymentId;
    }

    private void suspended(Subscription subscription, String invoiceId, Instant at) {
        if (!at.isBefore(end)) {
            return;
        }
        ObjectNode data = data();
        data.put("subscription_id", subscription.id());
        data.put("reason", "invoice unpaid after its due date");
        data.put("reason_code", "non_payment");
        data.put("invoice_id", invoiceId);
        data.put("suspended_at", at.toString());
        data.put("status", "suspended");
        add("urn:bss:billing", "subscription.suspended", at, data);
    }

    /** An hour of usage of one metric of a subscription active then; a tenth of it rated above the bundle. */
    private void usage() {
        Instant at = between(start.plus(Duration.ofHours(3)), end);
        List<Subscription> active = subscriptions.stream().filter(s -> s.activeAt(at)).toList();
        if (active.isEmpty()) {
            return;
        }
        Subscription subscription = active.get(random.nextInt(active.size()));
        Plan plan = subscription.plan();
        int metric = random.nextInt(plan.metrics().length);
        ObjectNode data = data();
        data.put("usage_id", customerId + "-use-" + (sequence + 1));
        data.put("subscription_id", subscription.id());
        if (plan.id().startsWith("mobile")) {
            data.put("msisdn", subscription.msisdn());
        }
        data.put("metric", plan.metrics()[metric]);
        data.put("quantity", 1 + random.nextInt(500));
        data.put("unit", plan.units()[metric]);
        ObjectNode period = data.putObject("period");
        period.put("start", at.minus(Duration.ofHours(1)).toString());
        period.put("end", at.toString());
        boolean roaming = random.nextInt(20) == 0;
        data.put("roaming", roaming);
        if (roaming) {
            data.put("country", "DE");
        }
        data.put("charge", random.nextInt(10) == 0 ? money(String.valueOf((1 + random.nextInt(500)) / 100.0)) : BigDecimal.ZERO);
        data.put("currency", CURRENCY);
        data.put("recorded_at", at.plus(Duration.ofMinutes(5)).toString());
        add("urn:bss:mediation", "usage.recorded", at, data);
    }

    private ObjectNode address() {
        ObjectNode address = JSON.createObjectNode();
        address.put("street", "ul. Prosta " + (1 + random.nextInt(120)));
        address.put("city", CITY[random.nextInt(CITY.length)]);
        address.put("postal_code", String.format("%02d-%03d", random.nextInt(100), random.nextInt(1000)));
        address.put("country", "PL");
        return address;
    }

    private ObjectNode data() {
        ObjectNode data = JSON.createObjectNode();
        data.put("customer_id", customerId);
        return data;
    }

    private void add(String source, String type, Instant time, ObjectNode data) {
        Instant at = time.truncatedTo(ChronoUnit.MILLIS);
        ObjectNode event = JSON.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", customerId + "-" + (++sequence));
        event.put("source", source);
        event.put("type", type);
        event.put("subject", "customers/" + customerId);
        event.put("time", at.toString());
        event.put("datacontenttype", "application/json");
        event.set("data", data);
        events.add(new Event(at, type, event));
    }

    private Instant between(Instant from, Instant to) {
        return from.plusMillis(random.nextLong(Math.max(1, Duration.between(from, to).toMillis())));
    }

    private Duration hours(int from, int to) {
        return Duration.ofMinutes(60L * from + random.nextInt(60 * (to - from)));
    }

    private static BigDecimal money(String value) {
        return new BigDecimal(value).setScale(2, RoundingMode.HALF_UP);
    }
}
