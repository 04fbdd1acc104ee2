package org.bss.loadgen.report;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The reads of a run or of an interval ({@code GET /api/v1/customers/{id}}), counted apart from the writes: none of
 * the writes' figures include them. Latencies in milliseconds, from each read's due instant to its answer, over
 * every answer whatever its status; 0 without answers.
 *
 * @param sent         reads dispatched
 * @param statusCounts answers by status, 0 for a transport error or timeout
 */
public record Reads(long sent, SortedMap<Integer, Long> statusCounts,
        double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs) {

    /** The customer's view: the read model knows it. */
    public static final int OK = 200;
    /** The read model does not know the customer (yet): its customer.created was accepted but is not applied. */
    public static final int NOT_YET = 404;

    public static final Reads NONE = new Reads(0, Collections.emptySortedMap(), 0, 0, 0, 0, 0);

    public Reads {
        statusCounts = Collections.unmodifiableSortedMap(new TreeMap<>(statusCounts));
    }

    public long answered() {
        return statusCounts.values().stream().mapToLong(Long::longValue).sum();
    }

    public long ok() {
        return statusCounts.getOrDefault(OK, 0L);
    }

    public long notYet() {
        return statusCounts.getOrDefault(NOT_YET, 0L);
    }

    /** Answers neither 200 nor 404, transport errors and timeouts included. */
    public long failed() {
        return answered() - ok() - notYet();
    }

    /** The failed answers by status. */
    public SortedMap<Integer, Long> failures() {
        SortedMap<Integer, Long> failures = new TreeMap<>(statusCounts);
        failures.remove(OK);
        failures.remove(NOT_YET);
        return failures;
    }

    /** Reads answered per second over {@code seconds}; 0 for no time. */
    public double perSecond(double seconds) {
        return seconds > 0 ? answered() / seconds : 0;
    }

    public boolean isEmpty() {
        return sent == 0 && statusCounts.isEmpty();
    }
}
