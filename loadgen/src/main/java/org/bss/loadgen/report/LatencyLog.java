package org.bss.loadgen.report;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The latencies of one kind of request: recorded wait-free on the hot path, read per interval and over the whole
 * run. The reading side is not thread-safe; {@link RunRecorder} guards it.
 */
final class LatencyLog {

    /** Latencies are kept in microseconds, from 1 µs up to an hour; longer ones are counted as an hour. */
    static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
    static final int SIGNIFICANT_DIGITS = 3;

    private final Recorder recorder = new Recorder(1, HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    private final Histogram scratch = newHistogram();
    private final Histogram interval = newHistogram();
    private final Histogram run = newHistogram();

    static Histogram newHistogram() {
        return new Histogram(1, HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    }

    /** Hot path: one latency, clamped to [0, an hour]. */
    void record(long nanos) {
        recorder.recordValue(Math.min(Math.max(0, nanos / 1_000), HIGHEST_MICROS));
    }

    /** Moves what the hot path recorded into the open interval and the run without losing any. */
    void drain() {
        recorder.getIntervalHistogramInto(scratch);
        interval.add(scratch);
        run.add(scratch);
    }

    /** The latencies of the open interval, as of the last {@link #drain}. */
    Histogram interval() {
        return interval;
    }

    /** Every latency of the run, as of the last {@link #drain}. */
    Histogram run() {
        return run;
    }

    void closeInterval() {
        interval.reset();
    }
}
