package org.bss.loadgen.traffic;

import static org.bss.loadgen.traffic.Envelope.money;

import java.math.BigDecimal;
import tools.jackson.core.JsonGenerator;

/** subscription.activated, subscription.suspended, subscription.cancelled, usage.recorded. */
final class SubscriptionStories {

    private static final Weighted<String> SUSPENSION_REASONS = Weighted.of(
            "non_payment", 45, "customer_request", 25, "lost_or_stolen", 20, "fraud_suspected", 7, "regulatory", 3);
    private static final Weighted<String> CANCELLATION_REASONS = Weighted.of(
            "switched operator", 40, "too expensive", 25, "moved abroad", 10, "service quality", 15, "non-payment", 10);
    private static final String[] ROAMING_COUNTRIES = {"ES", "IT", "FR", "HR", "GR", "PT", "US", "TR"};

    private final WorkingSet world;
    private final Envelope out;
    private final Dice dice;
    private final IdSequence subscriptionIds;
    private final IdSequence usageIds;

    SubscriptionStories(WorkingSet world, Envelope out, Dice dice, IdSequence subscriptionIds, IdSequence usageIds) {
        this.world = world;
        this.out = out;
        this.dice = dice;
        this.subscriptionIds = subscriptionIds;
        this.usageIds = usageIds;
    }

    GeneratedEvent activated() {
        Customer customer = world.customers.pickByActivity(dice);
        if (customer == null) {
            return null;
        }
        Plan plan = Plan.POPULARITY.pick(dice);
        Region region = customer.region();
        String msisdn = plan.mobile() ? dice.digits(region.phonePattern()).replace(" ", "") : null;
        Subscription subscription = new Subscription(subscriptionIds.next(), customer, plan, msisdn,
                region.price(plan.monthlyEuroCents()));
        world.activeSubscriptions.add(subscription, dice);

        JsonGenerator data = out.begin(EventType.SUBSCRIPTION_ACTIVATED, subscription.id())
                .writeStringProperty("subscription_id", subscription.id())
                .writeStringProperty("customer_id", customer.id())
                .writeStringProperty("plan_id", plan.id())
                .writeStringProperty("plan_name", plan.name())
                .writeStringProperty("payment_type", plan.paymentType())
                .writeStringProperty("billing_period", "monthly")
                .writeNumberProperty("price", money(subscription.priceCents()))
                .writeStringProperty("currency", customer.currency())
                .writeStringProperty("start_date", out.moment().day().today());
        if (plan.commitmentMonths() > 0) {
            data.writeNumberProperty("commitment_months", plan.commitmentMonths());
        }
        data.writeBooleanProperty("auto_renew", true);
        if (msisdn != null) {
            data.writeStringProperty("msisdn", msisdn);
        }
        data.writeStringProperty("status", "active")
                .writeStringProperty("activated_at", out.moment().timestamp());
        return out.end();
    }

    GeneratedEvent suspended() {
        Subscription subscription = world.takeLive(world.activeSubscriptions, dice);
        if (subscription == null) {
            return null;
        }
        world.suspendedSubscriptions.add(subscription, dice);
        String code = SUSPENSION_REASONS.pick(dice);
        JsonGenerator data = out.begin(EventType.SUBSCRIPTION_SUSPENDED, subscription.id())
                .writeStringProperty("subscription_id", subscription.id())
                .writeStringProperty("customer_id", subscription.customer().id())
                .writeStringProperty("reason", switch (code) {
                    case "non_payment" -> "invoice unpaid after the second reminder";
                    case "customer_request" -> "customer travelling, service paused";
                    case "lost_or_stolen" -> "SIM card reported lost";
                    case "fraud_suspected" -> "unusual international traffic";
                    default -> "identity documents not verified";
                })
                .writeStringProperty("reason_code", code)
                .writeStringProperty("suspended_at", out.moment().timestamp());
        if (code.equals("customer_request") || code.equals("lost_or_stolen")) {
            data.writeStringProperty("expected_resume_date", out.moment().day().nextWeek());
        }
        data.writeStringProperty("status", "suspended");
        return out.end();
    }

    GeneratedEvent cancelled() {
        boolean fromSuspended = !world.suspendedSubscriptions.isEmpty() && dice.chance(0.3);
        Subscription subscription = world.takeLive(fromSuspended ? world.suspendedSubscriptions : world.activeSubscriptions, dice);
        if (subscription == null) {
            subscription = world.takeLive(fromSuspended ? world.activeSubscriptions : world.suspendedSubscriptions, dice);
        }
        if (subscription == null) {
            return null;
        }
        Plan plan = subscription.plan();
        String reason = fromSuspended ? "non-payment" : CANCELLATION_REASONS.pick(dice);
        JsonGenerator data = out.begin(EventType.SUBSCRIPTION_CANCELLED, subscription.id())
                .writeStringProperty("subscription_id", subscription.id())
                .writeStringProperty("customer_id", subscription.customer().id())
                .writeStringProperty("plan_id", plan.id())
                .writeStringProperty("reason", reason)
                .writeStringProperty("cancelled_by", reason.equals("non-payment") ? "system" : dice.chance(0.9) ? "customer" : "operator")
                .writeStringProperty("effective_date", out.moment().day().endOfMonth())
                .writeStringProperty("cancelled_at", out.moment().timestamp());
        if (plan.commitmentMonths() > 0) {
            long fee = dice.chance(0.5) ? 0 : subscription.priceCents() * dice.between(1, 6);
            data.writeNumberProperty("early_termination_fee", money(fee)).writeStringProperty("currency", subscription.customer().currency());
        }
        data.writeStringProperty("status", "cancelled");
        return out.end();
    }

    GeneratedEvent usage() {
        int index = world.pickLive(world.activeSubscriptions, dice);
        if (index < 0) {
            return null;
        }
        Subscription subscription = world.activeSubscriptions.get(index);
        Customer customer = subscription.customer();
        String usageId = usageIds.next();
        JsonGenerator data = out.begin(EventType.USAGE_RECORDED, subscription.id())
                .writeStringProperty("usage_id", usageId)
                .writeStringProperty("subscription_id", subscription.id())
                .writeStringProperty("customer_id", customer.id());
        if (subscription.msisdn() != null) {
            data.writeStringProperty("msisdn", subscription.msisdn());
        }
        boolean roaming = false;
        long chargeCents = 0;
        switch (subscription.plan().usage()) {
            case MOBILE -> {
                roaming = dice.chance(0.05);
                int kind = dice.below(100);
                if (kind < 60) {
                    long tenthsOfMb = dice.between(5L, 20_000L);
                    data.writeStringProperty("metric", roaming ? "roaming_data" : "data")
                            .writeNumberProperty("quantity", BigDecimal.valueOf(tenthsOfMb, 1))
                            .writeStringProperty("unit", "MB");
                    chargeCents = roaming ? customer.region().price(tenthsOfMb / 10 + 1) : 0;
                } else if (kind < 85) {
                    int minutes = dice.between(1, 90);
                    data.writeStringProperty("metric", "voice").writeNumberProperty("quantity", minutes)
                            .writeStringProperty("unit", "minute");
                    chargeCents = roaming ? customer.region().price(minutes * 19L) : 0;
                } else {
                    int messages = dice.between(1, 12);
                    data.writeStringProperty("metric", "sms").writeNumberProperty("quantity", messages)
                            .writeStringProperty("unit", "message");
                    chargeCents = roaming ? customer.region().price(messages * 9L) : 0;
                }
            }
            case FIXED_DATA -> data.writeStringProperty("metric", "data")
                    .writeNumberProperty("quantity", BigDecimal.valueOf(dice.between(1L, 6_000L), 2))
                    .writeStringProperty("unit", "GB");
            case TV -> data.writeStringProperty("metric", "streaming")
                    .writeNumberProperty("quantity", BigDecimal.valueOf(dice.between(1L, 60L), 1))
                    .writeStringProperty("unit", "hour");
        }
        data.writeName("period").writeStartObject()
                .writeStringProperty("start", out.moment().usageStart())
                .writeStringProperty("end", out.moment().usageEnd())
                .writeEndObject()
                .writeBooleanProperty("roaming", roaming);
        if (roaming) {
            data.writeStringProperty("country", dice.oneOf(ROAMING_COUNTRIES));
        }
        data.writeNumberProperty("charge", money(chargeCents))
                .writeStringProperty("currency", customer.currency())
                .writeStringProperty("recorded_at", out.moment().timestamp());
        return out.end();
    }
}
