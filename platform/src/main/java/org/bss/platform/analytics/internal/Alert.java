package org.bss.platform.analytics.internal;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;

/**
 * An alert as the alerts topic carries it: each change of it (opened, escalated, resolved) is the whole alert
 * again under the same id, so the topic can be compacted and a reader keeps the last.
 *
 * @param metric       the metric (with {@code dims}) that is off; {@code tenant} for the detector over all of a
 *                     tenant's metrics, {@code tenant.share} / {@code partition.share} for hot spots
 * @param windowStart  start of the window in which it was seen, epoch milliseconds
 * @param score        the detector's own measure (a z-score, the forest's anomaly score, a share)
 * @param explanation  what was seen, what was expected and which detector said so, and what to do
 */
record Alert(String id, String tenant, String metric, String dims, String detector, String severity, String state,
             String window, long windowStart, double observed, double expectedLow, double expectedHigh, double score,
             String explanation, long openedAt, Long resolvedAt, long updatedAt) {

    static final Serde<Alert> SERDE = JsonSerde.of(Alert.class);
    static final String OPEN = "open";
    static final String RESOLVED = "resolved";

    /** The same (tenant, metric, detector, first window) always gives the same id: a re-emitted alert is one alert. */
    static String idOf(String tenant, String metric, String dims, String detector, long windowStart) {
        return UUID.nameUUIDFromBytes((tenant + '\u001f' + metric + '\u001f' + dims + '\u001f' + detector + '\u001f'
                + windowStart).getBytes(StandardCharsets.UTF_8)).toString();
    }

    Alert resolved(long at) {
        return new Alert(id, tenant, metric, dims, detector, severity, RESOLVED, window, windowStart, observed,
                expectedLow, expectedHigh, score, explanation, openedAt, at, at);
    }
}
