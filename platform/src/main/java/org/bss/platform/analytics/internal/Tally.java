package org.bss.platform.analytics.internal;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What a window holds for one series: how many events, the sum of what they carry, and when the newest of them was
 * accepted (epoch milliseconds; how far behind the figures run is measured from it).
 */
record Tally(long count, double sum, long latest) {

    Tally plus(Tally other) {
        return new Tally(count + other.count, sum + other.sum, Math.max(latest, other.latest));
    }

    Tally plus(double value, long accepted) {
        return new Tally(count + 1, sum + value, Math.max(latest, accepted));
    }

    /** Twenty-four bytes: the count, the sum, the newest accept time. */
    static final Serde<Tally> SERDE = Serdes.serdeFrom(
            (Serializer<Tally>) (topic, tally) -> tally == null ? null
                    : ByteBuffer.allocate(24).putLong(tally.count).putDouble(tally.sum).putLong(tally.latest).array(),
            (Deserializer<Tally>) (topic, bytes) -> {
                if (bytes == null) {
                    return null;
                }
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                return new Tally(buffer.getLong(), buffer.getDouble(), buffer.getLong());
            });
}
