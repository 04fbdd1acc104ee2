package org.bss.platform.analytics.internal.detect;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded synthetic traffic of one tenant: Poisson counts around rates that swell and shrink by up to 15 % over a
 * four-hour cycle, orders spread over customers with log-normal amounts, and payments that fail one time in eight.
 * Faults are switched on for chosen windows.
 */
final class Traffic {

    static final List<String> METRICS = List.of("events", "sessions.started", "carts.created", "orders.placed",
            "orders.cancelled", "orders.top_customer", "payments.captured", "payments.failed", "payments.failure_rate",
            "revenue.orders", "shipments.dispatched", "refunds.issued");
    static final List<MetricKind> KINDS = List.of(MetricKind.COUNT, MetricKind.COUNT, MetricKind.COUNT,
            MetricKind.COUNT, MetricKind.COUNT, MetricKind.COUNT, MetricKind.COUNT, MetricKind.COUNT, MetricKind.RATIO,
            MetricKind.AMOUNT, MetricKind.COUNT, MetricKind.COUNT);

    enum Fault { NONE, FAILURE_SPIKE, ORDER_DROP, REVENUE_JUMP, CUSTOMER_BURST, SILENCE }

    private static final int CUSTOMERS = 2000;
    private final SplittableRandom random;
    private final double phase;
    private final double scale;

    Traffic(long seed) {
        this(seed, 1.0);
    }

    /** {@code scale} multiplies every rate: 1 gives about 2,000 events, 400 orders and 50 failed payments a minute. */
    Traffic(long seed, double scale) {
        this.random = new SplittableRandom(seed);
        this.phase = random.nextDouble() * 2 * Math.PI;
        this.scale = scale;
    }

    /** The metrics of minute {@code t} (counted from 0), in the order of {@link #METRICS}. */
    double[] minute(int t, Fault fault) {
        if (fault == Fault.SILENCE) {
            return new double[METRICS.size()];
        }
        double v = scale * (1 + 0.15 * Math.sin(2 * Math.PI * t / 240 + phase));
        int orders = poisson(400 * v * (fault == Fault.ORDER_DROP ? 0.2 : 1));
        int[] perCustomer = new int[CUSTOMERS];
        double revenue = 0;
        int failed = 0;
        double failure = fault == Fault.FAILURE_SPIKE ? 0.625 : 0.125;
        for (int i = 0; i < orders; i++) {
            perCustomer[random.nextInt(CUSTOMERS)]++;
            revenue += Math.round(100 * Math.exp(Math.log(40) + 0.8 * gaussian())) / 100.0
                    * (fault == Fault.REVENUE_JUMP ? 5 : 1);
            if (random.nextDouble() < failure) {
                failed++;
            }
        }
        if (fault == Fault.CUSTOMER_BURST) {
            orders += 35;
            perCustomer[7] += 35;
            for (int i = 0; i < 35; i++) {
                revenue += 40;
            }
        }
        int top = 0;
        for (int count : perCustomer) {
            top = Math.max(top, count);
        }
        int captured = orders - failed;
        int sessions = poisson(800 * v);
        int carts = poisson(300 * v);
        int cancelled = poisson(60 * v);
        int shipments = poisson(300 * v);
        int refunds = poisson(50 * v);
        int events = sessions + carts + orders + cancelled + captured + failed + shipments + refunds + poisson(200 * v);
        return new double[] {events, sessions, carts, orders, cancelled, top, captured, failed,
                orders == 0 ? 0 : (double) failed / orders, Math.round(revenue * 100) / 100.0, shipments, refunds};
    }

    int poisson(double mean) {
        int total = 0;
        for (double left = mean; left > 0; left -= 100) {
            double limit = Math.exp(-Math.min(left, 100));
            double product = random.nextDouble();
            while (product > limit) {
                total++;
                product *= random.nextDouble();
            }
        }
        return total;
    }

    double gaussian() {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
