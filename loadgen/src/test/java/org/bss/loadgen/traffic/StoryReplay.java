package org.bss.loadgen.traffic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bss.model.envelope.CloudEvent;
import org.bss.model.envelope.StructuredFormat;
import org.bss.model.schema.EventData;
import tools.jackson.databind.JsonNode;

/**
 * Replays a stream and notes every event that refers to something the stream has not created before, or
 * that contradicts what came before (an order cancelled twice, a payment above what an invoice still owes,
 * another currency than the customer's, ...). Independent of the generator's own bookkeeping.
 */
final class StoryReplay {

    private enum OrderState { PLACED, CANCELLED, COMPLETED }

    private enum SubscriptionState { ACTIVE, SUSPENDED, CANCELLED }

    private record CustomerFacts(String country) {
    }

    private static final class OrderFacts {
        final String customerId;
        final long amount;
        OrderState state = OrderState.PLACED;
        boolean invoiced;

        OrderFacts(String customerId, long amount) {
            this.customerId = customerId;
            this.amount = amount;
        }
    }

    private static final class SubscriptionFacts {
        final String customerId;
        SubscriptionState state = SubscriptionState.ACTIVE;

        SubscriptionFacts(String customerId) {
            this.customerId = customerId;
        }
    }

    private static final class InvoiceFacts {
        final String customerId;
        final long amount;
        final String orderId;
        long paid;
        String settledBy;
        String pendingPayment;
        boolean paidEventSeen;

        InvoiceFacts(String customerId, long amount, String orderId) {
            this.customerId = customerId;
            this.amount = amount;
            this.orderId = orderId;
        }
    }

    private record PendingPayment(String invoiceId, long amount) {
    }

    private final Map<String, CustomerFacts> customers = new HashMap<>();
    private final Set<String> terminated = new HashSet<>();
    private final Map<String, OrderFacts> orders = new HashMap<>();
    private final Map<String, SubscriptionFacts> subscriptions = new HashMap<>();
    private final Map<String, InvoiceFacts> invoices = new HashMap<>();
    private final Map<String, PendingPayment> pending = new HashMap<>();
    private final Set<String> processedPayments = new HashSet<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Integer> referencesByCustomer = new HashMap<>();
    private int index;
    private String label;

    List<String> problems() {
        return problems;
    }

    /** How many events named each customer. */
    Map<String, Integer> referencesByCustomer() {
        return referencesByCustomer;
    }

    int orderCount() {
        return orders.size();
    }

    int invoiceCount() {
        return invoices.size();
    }

    void accept(GeneratedEvent generated) {
        CloudEvent event = StructuredFormat.read(generated.json());
        JsonNode data = EventData.parse(event.data());
        label = "#" + index++ + " " + event.type() + " " + event.subject();
        String customerId = text(data, "customer_id");
        if (customerId != null) {
            referencesByCustomer.merge(customerId, 1, Integer::sum);
        }
        switch (event.type()) {
            case "customer.created" -> {
                subject(event, "customer", customerId);
                require(customers.put(customerId, new CustomerFacts(text(data, "address", "country"))) == null,
                        "customer created twice");
            }
            case "customer.updated" -> {
                subject(event, "customer", customerId);
                liveCustomer(customerId);
            }
            case "customer.terminated" -> {
                subject(event, "customer", customerId);
                liveCustomer(customerId);
                terminated.add(customerId);
            }
            case "order.placed" -> orderPlaced(event, data, customerId);
            case "order.cancelled", "order.completed" -> orderClosed(event, data, customerId);
            case "subscription.activated" -> {
                String id = text(data, "subscription_id");
                subject(event, "subscription", id);
                liveCustomer(customerId);
                require(subscriptions.put(id, new SubscriptionFacts(customerId)) == null, "subscription activated twice");
            }
            case "subscription.suspended", "subscription.cancelled", "usage.recorded" -> subscriptionEvent(event, data, customerId);
            case "invoice.generated" -> invoiceGenerated(event, data, customerId);
            case "invoice.overdue" -> {
                InvoiceFacts invoice = invoice(event, data, customerId, "invoice");
                if (invoice != null) {
                    require(invoice.settledBy == null, "overdue after it was paid");
                    require(cents(data, "outstanding_amount") == invoice.amount - invoice.paid,
                            "outstanding " + cents(data, "outstanding_amount") + " but " + (invoice.amount - invoice.paid) + " is owed");
                }
            }
            case "invoice.paid" -> {
                InvoiceFacts invoice = invoice(event, data, customerId, "invoice");
                if (invoice != null) {
                    require(invoice.settledBy != null && invoice.settledBy.equals(text(data, "payment_id")),
                            "paid by " + text(data, "payment_id") + " but settled by " + invoice.settledBy);
                    require(cents(data, "amount") == invoice.amount, "paid amount is not the invoice's");
                    require(!invoice.paidEventSeen, "invoice.paid twice");
                    invoice.paidEventSeen = true;
                }
            }
            case "payment.created" -> paymentCreated(event, data, customerId);
            case "payment.processed" -> paymentProcessed(event, data, customerId);
            default -> problems.add(label + ": unexpected type");
        }
    }

    private void orderPlaced(CloudEvent event, JsonNode data, String customerId) {
        String id = text(data, "order_id");
        subject(event, "order", id);
        liveCustomer(customerId);
        currency(customerId, data);
        long total = 0;
        for (JsonNode item : data.get("items")) {
            total += cents(item, "price") * item.get("quantity").asLong();
        }
        require(total == cents(data, "amount"), "amount " + cents(data, "amount") + " is not the items' total " + total);
        require(orders.put(id, new OrderFacts(customerId, total)) == null, "order placed twice");
    }

    private void orderClosed(CloudEvent event, JsonNode data, String customerId) {
        String id = text(data, "order_id");
        subject(event, "order", id);
        liveCustomer(customerId);
        OrderFacts order = orders.get(id);
        if (order == null) {
            problems.add(label + ": order " + id + " was never placed");
            return;
        }
        require(order.customerId.equals(customerId), "order of another customer");
        require(order.state == OrderState.PLACED, "order is already " + order.state);
        require(!order.invoiced, "order was already invoiced");
        if (event.type().equals("order.completed")) {
            require(cents(data, "amount") == order.amount, "completed amount differs from the placed one");
            currency(customerId, data);
            order.state = OrderState.COMPLETED;
        } else {
            order.state = OrderState.CANCELLED;
        }
    }

    private void subscriptionEvent(CloudEvent event, JsonNode data, String customerId) {
        String id = text(data, "subscription_id");
        subject(event, "subscription", id);
        liveCustomer(customerId);
        SubscriptionFacts subscription = subscriptions.get(id);
        if (subscription == null) {
            problems.add(label + ": subscription " + id + " was never activated");
            return;
        }
        require(subscription.customerId.equals(customerId), "subscription of another customer");
        switch (event.type()) {
            case "subscription.suspended" -> {
                require(subscription.state == SubscriptionState.ACTIVE, "suspending a subscription that is " + subscription.state);
                subscription.state = SubscriptionState.SUSPENDED;
            }
            case "subscription.cancelled" -> {
                require(subscription.state != SubscriptionState.CANCELLED, "subscription cancelled twice");
                subscription.state = SubscriptionState.CANCELLED;
            }
            default -> {
                require(subscription.state == SubscriptionState.ACTIVE, "usage on a subscription that is " + subscription.state);
                currency(customerId, data);
            }
        }
    }

    private void invoiceGenerated(CloudEvent event, JsonNode data, String customerId) {
        String id = text(data, "invoice_id");
        subject(event, "invoice", id);
        liveCustomer(customerId);
        currency(customerId, data);
        long total = 0;
        String orderId = null;
        for (JsonNode line : data.get("lines")) {
            total += cents(line, "amount");
            String lineOrder = text(line, "order_id");
            String lineSubscription = text(line, "subscription_id");
            if (lineOrder != null) {
                OrderFacts order = orders.get(lineOrder);
                if (order == null) {
                    problems.add(label + ": invoices order " + lineOrder + ", never placed");
                } else if (orderId == null || !orderId.equals(lineOrder)) {
                    require(order.customerId.equals(customerId), "invoices another customer's order");
                    require(order.state != OrderState.CANCELLED, "invoices a cancelled order");
                    require(!order.invoiced, "invoices an order twice");
                    order.invoiced = true;
                }
                orderId = lineOrder;
            } else if (lineSubscription != null) {
                SubscriptionFacts subscription = subscriptions.get(lineSubscription);
                require(subscription != null && subscription.customerId.equals(customerId)
                        && subscription.state == SubscriptionState.ACTIVE, "bills subscription " + lineSubscription
                        + " which is not an active subscription of the customer");
            } else {
                problems.add(label + ": a line refers to neither an order nor a subscription");
            }
        }
        require(total == cents(data, "amount"), "amount is not the lines' total");
        require(cents(data, "subtotal") + cents(data, "tax_total") == total, "subtotal and tax do not add up");
        if (orderId != null) {
            require(orders.get(orderId) == null || orders.get(orderId).amount == total, "amount is not the order's");
        }
        require(invoices.put(id, new InvoiceFacts(customerId, total, orderId)) == null, "invoice generated twice");
    }

    private void paymentCreated(CloudEvent event, JsonNode data, String customerId) {
        String id = text(data, "payment_id");
        subject(event, "payment", id);
        InvoiceFacts invoice = invoice(event, data, customerId, "payment");
        if (invoice == null) {
            return;
        }
        long amount = cents(data, "amount");
        require(invoice.settledBy == null, "payment created for a settled invoice");
        abandonPending(invoice);
        require(amount <= invoice.amount - invoice.paid, "payment of more than is owed");
        require(pending.put(id, new PendingPayment(text(data, "invoice_id"), amount)) == null, "payment created twice");
        invoice.pendingPayment = id;
    }

    private void paymentProcessed(CloudEvent event, JsonNode data, String customerId) {
        String id = text(data, "payment_id");
        subject(event, "payment", id);
        require(processedPayments.add(id), "payment processed twice");
        InvoiceFacts invoice = invoice(event, data, customerId, "payment");
        if (invoice == null) {
            return;
        }
        long amount = cents(data, "amount");
        PendingPayment created = pending.remove(id);
        if (created != null) {
            require(created.invoiceId().equals(text(data, "invoice_id")) && created.amount() == amount,
                    "differs from its payment.created");
            invoice.pendingPayment = null;
        } else {
            abandonPending(invoice);
        }
        require(invoice.settledBy == null, "payment on a settled invoice");
        require(amount <= invoice.amount - invoice.paid, "payment of " + amount + " but " + (invoice.amount - invoice.paid) + " is owed");
        if (text(data, "status").equals("succeeded")) {
            invoice.paid += amount;
            if (invoice.paid == invoice.amount) {
                invoice.settledBy = id;
            }
        } else {
            require(text(data, "status").equals("failed") && data.has("failure_code"), "neither succeeded nor failed with a code");
        }
    }

    /**
     * A new payment on an invoice with one in flight: the generator gave up on that one when its working set
     * was full (it never gets an outcome), so it must not come back.
     */
    private void abandonPending(InvoiceFacts invoice) {
        if (invoice.pendingPayment != null) {
            pending.remove(invoice.pendingPayment);
            processedPayments.add(invoice.pendingPayment);
            invoice.pendingPayment = null;
        }
    }

    /** The invoice the data names, checked against its customer, currency and order; null when unknown. */
    private InvoiceFacts invoice(CloudEvent event, JsonNode data, String customerId, String aggregate) {
        String id = text(data, "invoice_id");
        if (aggregate.equals("invoice")) {
            subject(event, "invoice", id);
        }
        liveCustomer(customerId);
        currency(customerId, data);
        InvoiceFacts invoice = invoices.get(id);
        if (invoice == null) {
            problems.add(label + ": invoice " + id + " was never generated");
            return null;
        }
        require(invoice.customerId.equals(customerId), "invoice of another customer");
        String orderId = text(data, "order_id");
        require(orderId == null || orderId.equals(invoice.orderId), "order " + orderId + " is not the invoice's " + invoice.orderId);
        return invoice;
    }

    private void liveCustomer(String customerId) {
        if (customerId == null || !customers.containsKey(customerId)) {
            problems.add(label + ": customer " + customerId + " was never created");
        } else if (terminated.contains(customerId)) {
            problems.add(label + ": customer " + customerId + " was terminated before");
        }
    }

    /** A customer's currency is its region's, so the same in all its events. */
    private void currency(String customerId, JsonNode data) {
        String currency = text(data, "currency");
        CustomerFacts customer = customers.get(customerId);
        if (customer == null || currency == null) {
            return;
        }
        String expected = Region.ALL.stream().filter(r -> r.country().equals(customer.country())).findFirst()
                .map(Region::currency).orElse("?");
        require(currency.equals(expected), "currency " + currency + " but the customer's is " + expected);
    }

    private void subject(CloudEvent event, String aggregate, String id) {
        require(id != null && (aggregate + "/" + id).equals(event.subject()), "subject is not " + aggregate + "/" + id);
    }

    private void require(boolean condition, String problem) {
        if (!condition) {
            problems.add(label + ": " + problem);
        }
    }

    private static String text(JsonNode node, String... path) {
        JsonNode value = node;
        for (String name : path) {
            value = value == null ? null : value.get(name);
        }
        return value == null || value.isNull() ? null : value.asString();
    }

    private static long cents(JsonNode node, String name) {
        return node.get(name).decimalValue().movePointRight(2).longValueExact();
    }
}
