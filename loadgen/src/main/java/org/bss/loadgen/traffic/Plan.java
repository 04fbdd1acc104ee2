package org.bss.loadgen.traffic;

/**
 * A tariff a subscription is on, priced per month in euro cents.
 *
 * @param mobile whether the plan has a phone number (msisdn) and mobile usage
 */
record Plan(String id, String name, long monthlyEuroCents, boolean mobile, String paymentType,
            int commitmentMonths, Usage usage) {

    /** What mediation meters for subscriptions on the plan. */
    enum Usage { MOBILE, FIXED_DATA, TV }

    static final Plan UNLIMITED_5G = new Plan("plan-5g-unlimited", "5G Unlimited", 3999, true, "postpaid", 24, Usage.MOBILE);
    static final Plan DATA_5G_50 = new Plan("plan-5g-50gb", "5G 50 GB", 2499, true, "postpaid", 12, Usage.MOBILE);
    static final Plan PREPAID_S = new Plan("plan-prepaid-s", "Prepaid S", 999, true, "prepaid", 0, Usage.MOBILE);
    static final Plan FIBER_1G = new Plan("plan-fiber-1g", "Fiber 1 Gbit/s", 4499, false, "postpaid", 24, Usage.FIXED_DATA);
    static final Plan FIBER_300 = new Plan("plan-fiber-300", "Fiber 300 Mbit/s", 2999, false, "postpaid", 12, Usage.FIXED_DATA);
    static final Plan TV_PLUS = new Plan("plan-tv-plus", "TV+ Sports & Movies", 1999, false, "postpaid", 0, Usage.TV);

    static final Weighted<Plan> POPULARITY = Weighted.of(UNLIMITED_5G, 25, DATA_5G_50, 30, PREPAID_S, 20,
            FIBER_1G, 8, FIBER_300, 10, TV_PLUS, 7);
}
