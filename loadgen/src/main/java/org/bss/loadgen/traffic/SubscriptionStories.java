package org.bss.loadgen.traffic;

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

        JsonWriter data = out.begin(EventType.SUBSCRIPTION_ACTIVATED, subscription.id())
                .field("subscription_id", subscription.id())
                .field("customer_id", customer.id())
                .field("plan_id", plan.id())
                .field("plan_name", plan.name())
                .field("payment_type", plan.paymentType())
                .field("billing_period", "monthly")
                .moneyField("price", subscription.priceCents())
                .field("currency", customer.currency())
                .field("start_date", out.moment().day().today());
        if (plan.commitmentMonths() > 0) {
            data.field("commitment_months", plan.commitmentMonths());
        }
        data.field("auto_renew", true)
                .optionalField("msisdn", msisdn)
                .field("status", "active")
                .field("activated_at", out.moment().timestamp());
        return out.end();
    }

    GeneratedEvent suspended() {
        Subscription subscription = world.takeLive(world.activeSubscriptions, dice);
        if (subscription == null) {
            return null;
        }
        world.suspendedSubscriptions.add(subscription, dice);
        String code = SUSPENSION_REASONS.pick(dice);
        JsonWriter data = out.begin(EventType.SUBSCRIPTION_SUSPENDED, subscription.id())
                .field("subscription_id", subscription.id())
                .field("customer_id", subscription.customer().id())
                .field("reason", switch (code) {
                    case "non_payment" -> "invoice unpaid after the second reminder";
                    case "customer_request" -> "customer travelling, service paused";
                    case "lost_or_stolen" -> "SIM card reported lost";
                    case "fraud_suspected" -> "unusual international traffic";
                    default -> "identity documents not verified";
                })
                .field("reason_code", code)
                .field("suspended_at", out.moment().timestamp());
        if (code.equals("customer_request") || code.equals("lost_or_stolen")) {
            data.field("expected_resume_date", out.moment().day().nextWeek());
        }
        data.field("status", "suspended");
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
        JsonWriter data = out.begin(EventType.SUBSCRIPTION_CANCELLED, subscription.id())
                .field("subscription_id", subscription.id())
                .field("customer_id", subscription.customer().id())
                .field("plan_id", plan.id())
                .field("reason", reason)
                .field("cancelled_by", reason.equals("non-payment") ? "system" : dice.chance(0.9) ? "customer" : "operator")
                .field("effective_date", out.moment().day().endOfMonth())
                .field("cancelled_at", out.moment().timestamp());
        if (plan.commitmentMonths() > 0) {
            long fee = dice.chance(0.5) ? 0 : subscription.priceCents() * dice.between(1, 6);
            data.moneyField("early_termination_fee", fee).field("currency", subscription.customer().currency());
        }
        data.field("status", "cancelled");
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
        JsonWriter data = out.begin(EventType.USAGE_RECORDED, subscription.id())
                .field("usage_id", usageId)
                .field("subscription_id", subscription.id())
                .field("customer_id", customer.id())
                .optionalField("msisdn", subscription.msisdn());
        boolean roaming = false;
        long chargeCents = 0;
        switch (subscription.plan().usage()) {
            case MOBILE -> {
                roaming = dice.chance(0.05);
                int kind = dice.below(100);
                if (kind < 60) {
                    long tenthsOfMb = dice.between(5L, 20_000L);
                    data.field("metric", roaming ? "roaming_data" : "data").name("quantity").decimal(tenthsOfMb, 1)
                            .field("unit", "MB");
                    chargeCents = roaming ? customer.region().price(tenthsOfMb / 10 + 1) : 0;
                } else if (kind < 85) {
                    int minutes = dice.between(1, 90);
                    data.field("metric", "voice").field("quantity", minutes).field("unit", "minute");
                    chargeCents = roaming ? customer.region().price(minutes * 19L) : 0;
                } else {
                    int messages = dice.between(1, 12);
                    data.field("metric", "sms").field("quantity", messages).field("unit", "message");
                    chargeCents = roaming ? customer.region().price(messages * 9L) : 0;
                }
            }
            case FIXED_DATA -> data.field("metric", "data").name("quantity").decimal(dice.between(1L, 6_000L), 2)
                    .field("unit", "GB");
            case TV -> data.field("metric", "streaming").name("quantity").decimal(dice.between(1L, 60L), 1)
                    .field("unit", "hour");
        }
        data.name("period").startObject()
                .field("start", out.moment().usageStart())
                .field("end", out.moment().usageEnd())
                .endObject()
                .field("roaming", roaming);
        if (roaming) {
            data.field("country", dice.oneOf(ROAMING_COUNTRIES));
        }
        data.moneyField("charge", chargeCents)
                .field("currency", customer.currency())
                .field("recorded_at", out.moment().timestamp());
        return out.end();
    }
}
