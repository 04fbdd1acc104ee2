package org.bss.platform.analytics.internal;

import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.bss.platform.bus.QualitySignal;

/**
 * A record of the quality topic (events of one tenant and type that ingest refused, and why, or that the store
 * found were sent before) as tallies of {@code quality.refused} (in total, by reason, by type) or
 * {@code quality.duplicates} (in total, by type). A record that is not a signal adds nothing.
 */
final class QualityTallies {

    private QualityTallies() {
    }

    static List<KeyValue<String, Tally>> of(byte[] value, long timestamp) {
        QualitySignal signal;
        try {
            signal = value == null ? null : QualitySignal.read(value, timestamp);
        } catch (RuntimeException e) {
            return List.of();
        }
        if (signal == null) {
            return List.of();
        }
        Tally tally = new Tally(signal.count(), signal.count(), timestamp);
        String typeDims = Dims.of("type", signal.type() == null ? Measures.UNKNOWN : signal.type());
        String tenant = signal.tenant();
        if (signal.reason() == QualitySignal.Reason.DUPLICATE) {
            String metric = Metric.QUALITY_DUPLICATES.wire();
            return List.of(pair(tenant, metric, Dims.NONE, tally), pair(tenant, metric, typeDims, tally));
        }
        String metric = Metric.QUALITY_REFUSED.wire();
        return List.of(pair(tenant, metric, Dims.NONE, tally),
                pair(tenant, metric, Dims.of("reason", signal.reason().wireName()), tally),
                pair(tenant, metric, typeDims, tally));
    }

    private static KeyValue<String, Tally> pair(String tenant, String metric, String dims, Tally tally) {
        return KeyValue.pair(new SeriesKey(tenant, metric, dims).encode(), tally);
    }
}
