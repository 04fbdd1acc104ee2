package org.bss.loadgen.traffic;

import static org.bss.loadgen.traffic.Envelope.money;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonGenerator;

/** order.placed, order.cancelled, order.completed. */
final class OrderStories {

    private static final Weighted<String> CHANNELS = Weighted.of(
            "web", 40, "app", 30, "retail", 15, "call_center", 10, "partner", 5);
    private static final Weighted<String> PAYMENT_METHODS = Weighted.of(
            "card", 45, "wallet", 15, "on_invoice", 20, "direct_debit", 10, "bank_transfer", 5, "cash", 5);
    private static final Weighted<String> CANCEL_REASONS = Weighted.of(
            "customer_request", 50, "out_of_stock", 20, "payment_failed", 20, "duplicate_order", 10);

    private final WorkingSet world;
    private final Envelope out;
    private final Dice dice;
    private final IdSequence orderIds;
    /** What an injected revenue-jump multiplies list prices by; 1 otherwise. */
    private long priceFactor = 1;

    OrderStories(WorkingSet world, Envelope out, Dice dice, IdSequence orderIds) {
        this.world = world;
        this.out = out;
        this.dice = dice;
        this.orderIds = orderIds;
    }

    void priceFactor(long factor) {
        priceFactor = factor;
    }

    GeneratedEvent placed() {
        Customer customer = world.customers.pickByActivity(dice);
        return customer == null ? null : placed(customer);
    }

    /** An order of {@code customer}, who must be in the working set. */
    GeneratedEvent placed(Customer customer) {
        Order order = Order.of(orderIds.next(), customer, items(customer.region()));
        world.openOrders.add(order, dice);

        JsonGenerator data = out.begin(EventType.ORDER_PLACED, order.id())
                .writeStringProperty("order_id", order.id())
                .writeStringProperty("customer_id", customer.id())
                .writeNumberProperty("amount", money(order.amountCents()))
                .writeStringProperty("currency", customer.currency())
                .writeName("items").writeStartArray();
        boolean shipped = false;
        for (OrderItem item : order.items()) {
            Product product = item.product();
            data.writeStartObject()
                    .writeStringProperty("product_id", product.id())
                    .writeStringProperty("name", product.name())
                    .writeStringProperty("sku", product.sku())
                    .writeNumberProperty("quantity", item.quantity())
                    .writeNumberProperty("price", money(item.unitCents()));
            if (product.plan() != null) {
                data.writeStringProperty("plan_id", product.plan().id());
            }
            data.writeEndObject();
            shipped |= product.shipped();
        }
        data.writeEndArray();
        String channel = CHANNELS.pick(dice);
        String method = PAYMENT_METHODS.pick(dice);
        if (method.equals("cash") && !channel.equals("retail")) {
            method = "card";
        }
        data.writeStringProperty("payment_method", method)
                .writeStringProperty("channel", channel)
                .writeStringProperty("status", dice.chance(0.7) ? "pending" : "confirmed");
        if (shipped && !channel.equals("retail")) {
            Region region = customer.region();
            Region.City city = dice.oneOf(region.cities());
            data.writeName("shipping_address").writeStartObject()
                    .writeStringProperty("street", region.street(dice))
                    .writeStringProperty("city", city.name())
                    .writeStringProperty("postal_code", dice.digits(city.postalPattern()))
                    .writeStringProperty("country", region.country())
                    .writeEndObject();
        }
        data.writeStringProperty("placed_at", out.moment().timestamp());
        return out.end();
    }

    GeneratedEvent cancelled() {
        Order order = world.takeLive(world.openOrders, dice);
        if (order == null) {
            return null;
        }
        String reason = CANCEL_REASONS.pick(dice);
        String by = switch (reason) {
            case "customer_request" -> "customer";
            case "out_of_stock" -> "operator";
            case "payment_failed" -> "system";
            default -> dice.chance(0.5) ? "customer" : "operator";
        };
        out.begin(EventType.ORDER_CANCELLED, order.id())
                .writeStringProperty("order_id", order.id())
                .writeStringProperty("customer_id", order.customer().id())
                .writeStringProperty("reason", reason)
                .writeStringProperty("cancelled_by", by)
                .writeStringProperty("cancelled_at", out.moment().timestamp())
                .writeStringProperty("status", "cancelled");
        return out.end();
    }

    GeneratedEvent completed() {
        Order order = world.takeLive(world.openOrders, dice);
        if (order == null) {
            return null;
        }
        world.completedOrders.add(order, dice);
        JsonGenerator data = out.begin(EventType.ORDER_COMPLETED, order.id())
                .writeStringProperty("order_id", order.id())
                .writeStringProperty("customer_id", order.customer().id())
                .writeNumberProperty("amount", money(order.amountCents()))
                .writeStringProperty("currency", order.customer().currency())
                .writeName("items").writeStartArray();
        for (OrderItem item : order.items()) {
            data.writeStartObject()
                    .writeStringProperty("product_id", item.product().id())
                    .writeNumberProperty("quantity", item.quantity())
                    .writeNumberProperty("price", money(item.unitCents()))
                    .writeEndObject();
        }
        data.writeEndArray()
                .writeStringProperty("completed_at", out.moment().timestamp())
                .writeStringProperty("status", "completed");
        return out.end();
    }

    /** One to three different products; devices and plans one at a time, small things now and then two or three. */
    private List<OrderItem> items(Region region) {
        int count = dice.chance(0.6) ? 1 : dice.chance(0.7) ? 2 : 3;
        List<OrderItem> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Product product = Product.POPULARITY.pick(dice);
            if (contains(items, product)) {
                continue;
            }
            boolean single = product.kind() == Product.Kind.DEVICE || product.kind() == Product.Kind.PLAN;
            int quantity = single || dice.chance(0.85) ? 1 : dice.between(2, 3);
            items.add(new OrderItem(product, quantity, region.price(product.euroCents()) * priceFactor));
        }
        return items;
    }

    private static boolean contains(List<OrderItem> items, Product product) {
        for (OrderItem item : items) {
            if (item.product() == product) {
                return true;
            }
        }
        return false;
    }
}
