package org.bss.platform.projection.internal;

import java.nio.ByteBuffer;

/**
 * A cached answer as Redis keeps it: the answer's bytes behind a header with the cache epoch it was stored in, when
 * it expires (wall clock, for early recomputation) and how long it took to compute.
 *
 * @param epoch           the cache epoch when it was stored; an entry of an older epoch is forgotten
 * @param expiresAtMillis when Redis drops it (epoch milliseconds)
 * @param deltaMicros     how long computing the answer took, the delta of early recomputation
 */
record CacheEntry(long epoch, long expiresAtMillis, long deltaMicros, byte[] answer) {

    private static final byte FORMAT = 1;
    private static final int HEADER = 1 + 3 * Long.BYTES;

    byte[] encode() {
        return ByteBuffer.allocate(HEADER + answer.length).put(FORMAT).putLong(epoch).putLong(expiresAtMillis)
                .putLong(deltaMicros).put(answer).array();
    }

    /** The entry, or null when the bytes are not one (absent, or of another format: a miss, recomputed). */
    static CacheEntry decode(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER || bytes[0] != FORMAT) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        long epoch = buffer.getLong();
        long expiresAt = buffer.getLong();
        long delta = buffer.getLong();
        byte[] answer = new byte[buffer.remaining()];
        buffer.get(answer);
        return new CacheEntry(epoch, expiresAt, delta, answer);
    }

    boolean expired(long nowMillis) {
        return nowMillis >= expiresAtMillis;
    }

    /** The same stored entry (seen in the near cache and in Redis): one early-recomputation draw is enough for both. */
    boolean sameStore(CacheEntry other) {
        return other != null && other.epoch == epoch && other.expiresAtMillis == expiresAtMillis
                && other.deltaMicros == deltaMicros;
    }
}
