package org.bss.platform.projection.internal;

import java.util.function.DoubleSupplier;

/**
 * Probabilistic early expiration (XFetch: Vattani, Chierichetti and Lowenstein, "Optimal Probabilistic Cache
 * Stampede Prevention", VLDB 2015). A reader recomputes a cached answer before it expires when
 * {@code now - delta * beta * ln(u) >= expiry}, u uniform in (0, 1], delta the time the answer took to compute:
 * the probability is {@code exp(-(expiry - now) / (delta * beta))}, so it grows as expiry nears and with the cost
 * of recomputing, and one reader, not all of them, goes to the database for a popular answer.
 */
final class XFetch {

    static final double BETA = 1.0;

    private final DoubleSupplier random;

    /** @param random uniform in [0, 1), like {@code Random.nextDouble()} */
    XFetch(DoubleSupplier random) {
        this.random = random;
    }

    boolean recomputeEarly(CacheEntry entry, long nowMillis) {
        double deltaMillis = entry.deltaMicros() / 1000.0;
        double u = 1.0 - random.getAsDouble();
        return nowMillis - deltaMillis * BETA * Math.log(u) >= entry.expiresAtMillis();
    }
}
