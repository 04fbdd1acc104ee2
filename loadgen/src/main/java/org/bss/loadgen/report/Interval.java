package org.bss.loadgen.report;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One closed interval (normally one second). Counts are of what happened in it; latencies are in milliseconds, of the
 * responses completed in it (0 when there were none); the cumulative ones are over the whole run up to its end.
 *
 * @param startSeconds    when it began, in seconds since the run's start
 * @param seconds         how long it lasted
 * @param targetPerSecond events per second the schedule asked for (mean of the targets given during it)
 * @param reads           the reads sent and answered in it, apart from everything else (writes)
 */
public record Interval(double startSeconds, double seconds, double targetPerSecond, long requestsSent, long eventsSent,
        long responses, long eventsAccepted, SortedMap<Integer, Long> statusCounts,
        double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs,
        double cumulativeP50Ms, double cumulativeP99Ms, Reads reads) {

    public Interval {
        statusCounts = Collections.unmodifiableSortedMap(new TreeMap<>(statusCounts));
        Objects.requireNonNull(reads, "reads");
    }

    /** Events accepted (2xx, or the accepted part of a 207) per second. */
    public double achievedPerSecond() {
        return seconds > 0 ? eventsAccepted / seconds : 0;
    }

    /** Reads answered per second. */
    public double readsPerSecond() {
        return reads.perSecond(seconds);
    }

    /** Seconds since the run's start when this interval closed. */
    public double endSeconds() {
        return startSeconds + seconds;
    }

    /** Responses in this interval that were not 2xx (transport errors and timeouts included). */
    public long errors() {
        return statusCounts.entrySet().stream()
                .filter(e -> !RunRecorder.isSuccess(e.getKey()))
                .mapToLong(SortedMap.Entry::getValue)
                .sum();
    }

    /** As {@link #progressLine(long, long)} without the requests in flight. */
    public String progressLine(long errorsSoFar) {
        return progressLine(errorsSoFar, -1);
    }

    /**
     * One line for the console, e.g.
     * {@code "  12s  target 6,667/s  achieved 6,650/s  sent 6,667  in flight 41  errors 3 (429:2 503:1) 57 in all
     * p50 1.8 ms  p99 12.4 ms (so far 2.0 / 11.9 ms)"}. Sent counts events, with the requests in brackets when they
     * differ (batches); a transport error or timeout shows as {@code io}. The reads, if any, follow on their own:
     * {@code "  reads 1,667: 1,650 ok, 15 not yet, 2 failed, p99 3.1 ms"}.
     *
     * @param errorsSoFar non-2xx responses since the start (see {@link RunRecorder#errors()})
     * @param inFlight    requests awaiting an answer (see {@link RunRecorder#inFlight()}), or negative to leave out
     */
    public String progressLine(long errorsSoFar, long inFlight) {
        StringBuilder line = new StringBuilder();
        line.append(String.format("%5ss", Fmt.integer(Math.round(endSeconds()))));
        line.append("  target ").append(Fmt.integer(Math.round(targetPerSecond))).append("/s");
        line.append("  achieved ").append(Fmt.integer(Math.round(achievedPerSecond()))).append("/s");
        line.append("  sent ").append(Fmt.integer(eventsSent));
        if (requestsSent != eventsSent) {
            line.append(" (").append(Fmt.integer(requestsSent)).append(" req)");
        }
        if (inFlight >= 0) {
            line.append("  in flight ").append(Fmt.integer(inFlight));
        }
        long errors = errors();
        line.append("  errors ").append(Fmt.integer(errors));
        if (errors > 0) {
            line.append(statusCounts.entrySet().stream()
                    .filter(e -> !RunRecorder.isSuccess(e.getKey()))
                    .map(e -> (e.getKey() == 0 ? "io" : e.getKey().toString()) + ":" + Fmt.integer(e.getValue()))
                    .collect(Collectors.joining(" ", " (", ")")));
        }
        if (errorsSoFar != errors) {
            line.append(", ").append(Fmt.integer(errorsSoFar)).append(" in all");
        }
        if (responses > 0) {
            line.append("  p50 ").append(Fmt.ms(p50Ms)).append(" ms");
            line.append("  p99 ").append(Fmt.ms(p99Ms)).append(" ms");
        } else {
            line.append("  no responses");
        }
        line.append(" (so far ").append(Fmt.ms(cumulativeP50Ms)).append(" / ").append(Fmt.ms(cumulativeP99Ms))
                .append(" ms)");
        if (!reads.isEmpty()) {
            line.append("  reads ").append(Fmt.integer(reads.sent())).append(": ").append(Fmt.integer(reads.ok()))
                    .append(" ok, ").append(Fmt.integer(reads.notYet())).append(" not yet, ")
                    .append(Fmt.integer(reads.failed())).append(" failed");
            if (reads.answered() > 0) {
                line.append(", p99 ").append(Fmt.ms(reads.p99Ms())).append(" ms");
            }
        }
        return line.toString();
    }
}
