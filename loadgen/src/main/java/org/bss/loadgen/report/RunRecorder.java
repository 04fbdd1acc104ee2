package org.bss.loadgen.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Records a run: what was sent, what came back and how long it took, counted from the instant each request was due
 * (not from when it was actually sent), so a server that stalls the sender cannot hide its slowness.
 *
 * <p>Thread-safe; called from many HTTP completion threads and one ticking thread. The hot path
 * ({@link #sent}, {@link #departed}, {@link #completed}) only touches striped counters and HdrHistogram recorders
 * ({@link LatencyLog}), which are wait-free for writers; the reading side ({@link #tick}, {@link #totals}) is
 * synchronized.
 *
 * <p>Every response goes into the latency histograms whatever its status, including transport errors and timeouts
 * (status 0): the caller waited that long for it.
 *
 * <p>Reads ({@link #readSent}, {@link #readCompleted}) are kept apart: their counts and latencies go into
 * {@link Reads}, never into the writes' figures.
 */
public final class RunRecorder {

    /** The last stretch of a run lasts a second, or a tenth of a shorter run. */
    private static final long LAST_STRETCH_NANOS = 1_000_000_000L;

    private final long startNanos;
    private final long scheduledNanos;
    /** Requests due from this instant on make up the run's last stretch. */
    private final long lastStretchFromNanos;

    // Hot path.
    private final LatencyLog latencies = new LatencyLog();
    private final LongAdder requestsSent = new LongAdder();
    private final LongAdder eventsSent = new LongAdder();
    private final LongAdder responses = new LongAdder();
    private final LongAdder eventsAccepted = new LongAdder();
    private final StatusCounts statusCounts = new StatusCounts();
    private final LatencyLog readLatencies = new LatencyLog();
    private final LongAdder readsSent = new LongAdder();
    private final LongAdder readsAnswered = new LongAdder();
    private final StatusCounts readStatusCounts = new StatusCounts();
    private final DoubleAdder targetSum = new DoubleAdder();
    private final LongAdder targetSamples = new LongAdder();
    private volatile double lastTarget;
    private final LongAccumulator lastStretchLeastLateness = new LongAccumulator(Math::min, Long.MAX_VALUE);
    private final LongAccumulator lastDeparture = new LongAccumulator(Math::max, Long.MIN_VALUE);

    // Reading side, guarded by this.
    private final List<Interval> intervals = new ArrayList<>();
    private long intervalStartNanos;
    private Counters atIntervalStart = Counters.ZERO;

    /** A recorder whose run's schedule is not known: its {@link Totals#pace()} is not known either. */
    public RunRecorder(long startNanos) {
        this(startNanos, Duration.ZERO);
    }

    /** A recorder of a run whose scenario lasts {@code scheduled}. */
    public RunRecorder(long startNanos, Duration scheduled) {
        this.startNanos = startNanos;
        this.intervalStartNanos = startNanos;
        this.scheduledNanos = scheduled.toNanos();
        this.lastStretchFromNanos = startNanos + scheduledNanos - Math.min(LAST_STRETCH_NANOS, scheduledNanos / 10);
    }

    /** A request was dispatched (it was due at dueNanos); events = events it carries. */
    public void sent(long dueNanos, int events) {
        requestsSent.increment();
        eventsSent.add(events);
    }

    /**
     * A response (status = HTTP status, or 0 for a transport error / timeout) for a request due at dueNanos. A 2xx
     * status counts all its events as accepted, any other status none.
     */
    public void completed(long dueNanos, long doneNanos, int status, int events) {
        completed(dueNanos, doneNanos, status, events, isSuccess(status) ? events : 0);
    }

    /** As {@link #completed(long, long, int, int)}, for a 207 batch answer where only eventsAccepted were accepted. */
    public void completed(long dueNanos, long doneNanos, int status, int events, int eventsAccepted) {
        latencies.record(doneNanos - dueNanos);
        responses.increment();
        this.eventsAccepted.add(Math.max(0, Math.min(events, eventsAccepted)));
        statusCounts.increment(status);
    }

    /**
     * A request (write or read), due at dueNanos, left for the platform at nowNanos. How late the requests of the
     * run's last stretch left says how far behind its schedule it ended: the least of their lateness, so that a pause
     * that leaves some of them on time costs nothing, while a run that fell behind and never caught up ends at least
     * that far behind. Without any request due in that stretch (a rate too low to put one there), how long after the
     * schedule's end the last request left.
     */
    public void departed(long dueNanos, long nowNanos) {
        if (dueNanos >= lastStretchFromNanos) {
            lastStretchLeastLateness.accumulate(Math.max(0, nowNanos - dueNanos));
        }
        lastDeparture.accumulate(nowNanos);
    }

    /** A read was dispatched (it was due at dueNanos). */
    public void readSent(long dueNanos) {
        readsSent.increment();
    }

    /** A read's answer: 200 found, 404 not (yet) in the read model, any other status (0: none) failed. */
    public void readCompleted(long dueNanos, long doneNanos, int status) {
        readLatencies.record(doneNanos - dueNanos);
        readsAnswered.increment();
        readStatusCounts.increment(status);
    }

    /** Events the schedule asked for per second at this instant; an interval reports the mean of these. */
    public void target(double eventsPerSecond) {
        targetSum.add(eventsPerSecond);
        targetSamples.increment();
        lastTarget = eventsPerSecond;
    }

    /** Closes the interval that ends at nowNanos and returns it; called once a second by the run loop. */
    public synchronized Interval tick(long nowNanos) {
        latencies.drain();
        readLatencies.drain();
        Counters now = counters();
        Counters in = now.minus(atIntervalStart);
        Histogram pending = latencies.interval();
        Histogram cumulative = latencies.run();
        Interval interval = new Interval(
                seconds(intervalStartNanos - startNanos),
                seconds(nowNanos - intervalStartNanos),
                intervalTarget(),
                in.requests, in.events, in.responses, in.accepted, in.statuses,
                millis(pending.getValueAtPercentile(50)),
                millis(pending.getValueAtPercentile(90)),
                millis(pending.getValueAtPercentile(99)),
                millis(pending.getValueAtPercentile(99.9)),
                millis(pending.getMaxValue()),
                millis(cumulative.getValueAtPercentile(50)),
                millis(cumulative.getValueAtPercentile(99)),
                reads(in, readLatencies.interval()));
        latencies.closeInterval();
        readLatencies.closeInterval();
        atIntervalStart = now;
        intervalStartNanos = nowNanos;
        intervals.add(interval);
        return interval;
    }

    /**
     * Everything so far: counts and latencies of every request recorded until now, and all closed intervals. The
     * duration runs from the start to the last {@link #tick}.
     */
    public synchronized Totals totals() {
        latencies.drain();
        readLatencies.drain();
        Counters now = counters();
        Histogram cumulative = latencies.run();
        return new Totals(
                seconds(intervalStartNanos - startNanos),
                now.requests, now.responses, now.events, now.accepted, now.statuses,
                millis(cumulative.getValueAtPercentile(50)),
                millis(cumulative.getValueAtPercentile(90)),
                millis(cumulative.getValueAtPercentile(99)),
                millis(cumulative.getValueAtPercentile(99.9)),
                millis(cumulative.getValueAtPercentile(99.99)),
                millis(cumulative.getMaxValue()),
                cumulative.getTotalCount() == 0 ? 0 : cumulative.getMean() / 1000.0,
                distribution(cumulative),
                List.copyOf(intervals),
                reads(now, readLatencies.run()),
                seconds(scheduledNanos),
                seconds(behindNanos()));
    }

    private long behindNanos() {
        long leastLateness = lastStretchLeastLateness.get();
        if (leastLateness != Long.MAX_VALUE) {
            return leastLateness;
        }
        long last = lastDeparture.get();
        return last == Long.MIN_VALUE ? 0 : Math.max(0, last - startNanos - scheduledNanos);
    }

    /** A copy of the histogram of every latency so far, in microseconds (for .hlog files or other analysis). */
    public synchronized Histogram latencyHistogramMicros() {
        latencies.drain();
        return latencies.run().copy();
    }

    /** Responses so far that were not 2xx (transport errors and timeouts included). */
    public long errors() {
        long errors = 0;
        for (Map.Entry<Integer, Long> e : statusCounts.snapshot().entrySet()) {
            if (!isSuccess(e.getKey())) {
                errors += e.getValue();
            }
        }
        return errors;
    }

    /** Requests sent and not answered yet, reads included: how busy the connections are. */
    public long inFlight() {
        return Math.max(0, requestsSent.sum() + readsSent.sum() - responses.sum() - readsAnswered.sum());
    }

    public static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    private double intervalTarget() {
        long samples = targetSamples.sumThenReset();
        double sum = targetSum.sumThenReset();
        return samples == 0 ? lastTarget : sum / samples;
    }

    private Counters counters() {
        return new Counters(requestsSent.sum(), eventsSent.sum(), responses.sum(), eventsAccepted.sum(),
                statusCounts.snapshot(), readsSent.sum(), readStatusCounts.snapshot());
    }

    private static Reads reads(Counters counters, Histogram latencies) {
        return new Reads(counters.reads, counters.readStatuses,
                millis(latencies.getValueAtPercentile(50)),
                millis(latencies.getValueAtPercentile(90)),
                millis(latencies.getValueAtPercentile(99)),
                millis(latencies.getValueAtPercentile(99.9)),
                millis(latencies.getMaxValue()));
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    static List<Totals.PercentileValue> distribution(Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return List.of();
        }
        List<Totals.PercentileValue> points = new ArrayList<>();
        for (double p : Totals.DISTRIBUTION_PERCENTILES) {
            points.add(new Totals.PercentileValue(p, millis(histogram.getValueAtPercentile(p))));
        }
        points.add(new Totals.PercentileValue(100, millis(histogram.getMaxValue())));
        return List.copyOf(points);
    }

    private record Counters(long requests, long events, long responses, long accepted,
            SortedMap<Integer, Long> statuses, long reads, SortedMap<Integer, Long> readStatuses) {
        static final Counters ZERO = new Counters(0, 0, 0, 0, Collections.emptySortedMap(), 0,
                Collections.emptySortedMap());

        Counters minus(Counters earlier) {
            return new Counters(requests - earlier.requests, events - earlier.events,
                    responses - earlier.responses, accepted - earlier.accepted,
                    StatusCounts.minus(statuses, earlier.statuses), reads - earlier.reads,
                    StatusCounts.minus(readStatuses, earlier.readStatuses));
        }
    }
}
