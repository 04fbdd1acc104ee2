package org.bss.loadgen.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Limits a run must stay within; a null limit is not checked.
 *
 * @param maxP99Ms       the highest acceptable p99 latency over the run, in milliseconds
 * @param maxErrorRate   the highest acceptable fraction of requests not answered 2xx (see {@link Totals#errorRate()})
 * @param maxLost        the most events the verifier may find missing or duplicated
 * @param maxMissed      the most events the stream subscribers may have missed, got twice or got unexpectedly, over
 *                       all of them (see {@link Deliveries#faults()})
 * @param minRatePercent the lowest acceptable rate of events accepted, as a percentage of the rate the run asked for
 *                       (see {@link Totals#pace()})
 */
public record Thresholds(Double maxP99Ms, Double maxErrorRate, Long maxLost, Long maxMissed, Double minRatePercent) {

    /** Without a limit on the rate kept. */
    public Thresholds(Double maxP99Ms, Double maxErrorRate, Long maxLost, Long maxMissed) {
        this(maxP99Ms, maxErrorRate, maxLost, maxMissed, null);
    }

    /** Without a limit on the stream subscribers or on the rate kept. */
    public Thresholds(Double maxP99Ms, Double maxErrorRate, Long maxLost) {
        this(maxP99Ms, maxErrorRate, maxLost, null, null);
    }

    public static Thresholds none() {
        return new Thresholds(null, null, null, null, null);
    }

    public boolean isEmpty() {
        return maxP99Ms == null && maxErrorRate == null && maxLost == null && maxMissed == null && minRatePercent == null;
    }

    /** The limits in words, e.g. "accepted rate >= 99% of asked, p99 <= 50 ms, error rate <= 1%", or "none". */
    public String describe() {
        List<String> limits = new ArrayList<>();
        if (minRatePercent != null) {
            limits.add("accepted rate >= " + Fmt.decimal(minRatePercent) + "% of asked");
        }
        if (maxP99Ms != null) {
            limits.add("p99 <= " + Fmt.decimal(maxP99Ms) + " ms");
        }
        if (maxErrorRate != null) {
            limits.add("error rate <= " + Fmt.decimal(maxErrorRate * 100) + "%");
        }
        if (maxLost != null) {
            limits.add("lost <= " + Fmt.integer(maxLost));
        }
        if (maxMissed != null) {
            limits.add("missed by subscribers <= " + Fmt.integer(maxMissed));
        }
        return limits.isEmpty() ? "none" : String.join(", ", limits);
    }

    /**
     * The limits the run broke, in words (empty when it passed). A limit that cannot be checked fails: a p99 limit
     * without any response, a lost-events limit without a verification (lostOrNull null), a rate limit without the
     * run's schedule. A run that asked for no events (all reads) keeps any rate.
     *
     * @param lostOrNull missing + duplicated events found by the verifier, or null when it did not run
     */
    public List<String> evaluate(Totals totals, Long lostOrNull) {
        return evaluate(totals, lostOrNull, null);
    }

    /**
     * As {@link #evaluate(Totals, Long)}, and the stream subscribers' missed, duplicated and unexpected events
     * (deliveriesOrNull null: there were no subscribers).
     */
    public List<String> evaluate(Totals totals, Long lostOrNull, Deliveries deliveriesOrNull) {
        List<String> failures = new ArrayList<>();
        if (minRatePercent != null) {
            Pace pace = totals.pace();
            if (!pace.known()) {
                failures.add("rate unknown: no schedule to judge it by (limit " + Fmt.decimal(minRatePercent) + "% of asked)");
            } else if (pace.share() * 100 < minRatePercent) {
                failures.add("rate " + Fmt.integer(Math.round(pace.acceptedPerSecond())) + " events/s accepted < "
                        + Fmt.decimal(minRatePercent) + "% of the " + Fmt.integer(Math.round(pace.askedPerSecond()))
                        + " events/s asked (" + Fmt.percent(pace.share()) + ": " + pace.detail() + ")");
            }
        }
        if (maxP99Ms != null) {
            if (totals.responses() == 0) {
                failures.add("p99 unknown: no responses (limit " + Fmt.decimal(maxP99Ms) + " ms)");
            } else if (totals.p99Ms() > maxP99Ms) {
                failures.add("p99 " + Fmt.decimal(totals.p99Ms()) + " ms > " + Fmt.decimal(maxP99Ms) + " ms");
            }
        }
        if (maxErrorRate != null && totals.errorRate() > maxErrorRate) {
            long notOk = totals.requests() - totals.successes();
            failures.add("error rate " + Fmt.percent(totals.errorRate()) + " > " + Fmt.decimal(maxErrorRate * 100)
                    + "% (" + Fmt.integer(notOk) + " of " + Fmt.integer(totals.requests()) + " requests not 2xx)");
        }
        if (maxLost != null) {
            if (lostOrNull == null) {
                failures.add("lost events unknown: not verified (limit " + Fmt.integer(maxLost) + ")");
            } else if (lostOrNull > maxLost) {
                failures.add("lost " + Fmt.integer(lostOrNull) + " events > " + Fmt.integer(maxLost)
                        + " (missing + duplicated)");
            }
        }
        if (maxMissed != null) {
            if (deliveriesOrNull == null) {
                failures.add("stream deliveries unknown: no subscribers (limit " + Fmt.integer(maxMissed) + ")");
            } else if (deliveriesOrNull.faults() > maxMissed) {
                Deliveries.Subscriber all = deliveriesOrNull.total();
                failures.add("stream subscribers: " + Fmt.integer(all.faults()) + " events missed, duplicated or unexpected > "
                        + Fmt.integer(maxMissed) + " (missed " + Fmt.integer(all.missed()) + ", duplicates "
                        + Fmt.integer(all.duplicates()) + ", unexpected " + Fmt.integer(all.unexpected()) + ")");
            }
        }
        return List.copyOf(failures);
    }
}
