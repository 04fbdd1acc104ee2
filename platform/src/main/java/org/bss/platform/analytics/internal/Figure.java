package org.bss.platform.analytics.internal;

import org.apache.kafka.common.serialization.Serde;

/**
 * One window's figures for one series, as written to the aggregated topic (the latest value per key is the
 * window's figure; a window is written again while late events still arrive within the grace).
 *
 * @param window the window's label ({@code 1m}, {@code 5m}, {@code 1h})
 * @param start  the window's start, epoch milliseconds
 * @param latest when the newest event counted in it was accepted, epoch milliseconds (0 when not known)
 */
record Figure(String tenant, String name, String dims, String window, long start, long count, double sum, long latest) {

    static final Serde<Figure> SERDE = JsonSerde.of(Figure.class);

    static Figure of(SeriesKey series, Window window, long start, Tally tally) {
        return new Figure(series.tenant(), series.name(), series.dims(), window.label(), start, tally.count(), tally.sum(),
                tally.latest());
    }

    /** The key on the aggregated topic: one per series and window, so compaction keeps each window's last figure. */
    String topicKey() {
        return JsonSerde.MAPPER.writeValueAsString(new Object[] {tenant, name, dims, window, start});
    }

    SeriesKey series() {
        return new SeriesKey(tenant, name, dims);
    }

    /** The figure's value: the count of a count metric, the sum of a sum. */
    double value() {
        Metric metric = Metric.named(name);
        return metric != null && metric.kind() == Metric.Kind.SUM ? sum : count;
    }
}
