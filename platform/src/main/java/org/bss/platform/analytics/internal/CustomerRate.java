package org.bss.platform.analytics.internal;

/**
 * How many orders one customer usually places a minute, and their orders in the latest minute seen so far.
 *
 * <p>{@code usual} is an exponential average over the minutes before {@code minute} (minutes without orders count 0;
 * weight 1/(n+1) for the first minutes, then {@value #ALPHA}, a memory of about half an hour). A customer's surge in a
 * minute is their orders above that: a busy customer's thirty orders are no news, a quiet customer's thirty are. A
 * minute enters the average at most {@value #LEARNED_SPREADS} Poisson spreads above it, so that a burst stays a surge
 * for its minutes instead of becoming the customer's usual after one (a customer new to the average included).
 *
 * @param usual   the average orders a minute before {@code minute}
 * @param minutes the minutes that average has taken in
 * @param minute  the latest minute with orders (minutes since the epoch)
 * @param orders  the customer's orders in that minute so far
 */
record CustomerRate(double usual, long minutes, long minute, long orders) {

    static final double ALPHA = 1.0 / 30;
    /** Below this usual rate, and quiet for an hour, a customer is forgotten: the same as never seen. */
    static final double FORGOTTEN_BELOW = 0.05;
    static final double LEARNED_SPREADS = 5;

    /** The usual rate before minute {@code at}: the orders of {@link #minute} and the quiet minutes since folded in. */
    double usualBefore(long at) {
        if (at <= minute) {
            return usual;
        }
        double learned = Math.min(orders, usual + LEARNED_SPREADS * Math.sqrt(usual + 1));
        double folded = usual + weight(minutes) * (learned - usual);
        long taken = minutes + 1;
        long quiet = at - minute - 1;
        for (; quiet > 0 && weight(taken) > ALPHA; quiet--, taken++) {
            folded *= 1 - weight(taken);
        }
        return quiet == 0 ? folded : folded * Math.pow(1 - ALPHA, quiet);
    }

    /** The customer's orders in minute {@code at} reached {@code count}; a late figure of an older minute changes nothing. */
    static CustomerRate observe(CustomerRate rate, long at, long count) {
        if (rate == null) {
            return new CustomerRate(0, 0, at, count);
        }
        if (at < rate.minute) {
            return rate;
        }
        if (at == rate.minute) {
            return count > rate.orders ? new CustomerRate(rate.usual, rate.minutes, at, count) : rate;
        }
        return new CustomerRate(rate.usualBefore(at), rate.minutes + (at - rate.minute), at, count);
    }

    /** How many more orders than usual the customer placed in minute {@code at}. */
    double surge(long at, long count) {
        return count - usualBefore(at);
    }

    boolean forgotten(long now) {
        return now - minute > 60 && usualBefore(now) < FORGOTTEN_BELOW;
    }

    private static double weight(long minutes) {
        return Math.max(1.0 / (minutes + 1), ALPHA);
    }
}
