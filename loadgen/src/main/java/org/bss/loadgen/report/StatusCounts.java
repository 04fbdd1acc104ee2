package org.bss.loadgen.report;

import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Answers by HTTP status (0 for a transport error or timeout), counted from many threads. */
final class StatusCounts {

    private final ConcurrentHashMap<Integer, LongAdder> counts = new ConcurrentHashMap<>();

    /** Hot path: after a status's first answer, a look-up and a striped increment. */
    void increment(int status) {
        LongAdder count = counts.get(status);
        if (count == null) {
            count = counts.computeIfAbsent(status, s -> new LongAdder());
        }
        count.increment();
    }

    SortedMap<Integer, Long> snapshot() {
        SortedMap<Integer, Long> statuses = new TreeMap<>();
        counts.forEach((status, count) -> statuses.put(status, count.sum()));
        return statuses;
    }

    /** The difference of two snapshots, without the statuses that did not change. */
    static SortedMap<Integer, Long> minus(SortedMap<Integer, Long> now, SortedMap<Integer, Long> earlier) {
        SortedMap<Integer, Long> diff = new TreeMap<>();
        now.forEach((status, count) -> {
            long d = count - earlier.getOrDefault(status, 0L);
            if (d != 0) {
                diff.put(status, d);
            }
        });
        return diff;
    }
}
