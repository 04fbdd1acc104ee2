package org.bss.model;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits, so ids sort by creation time.
 * Within one millisecond the 12-bit {@code rand_a} field is used as a counter (method 1 of RFC 9562 §6.2),
 * which keeps ids from one generator strictly increasing.
 */
public final class Uuid7 {

    private static final SecureRandom SEED = new SecureRandom();
    private static final Object LOCK = new Object();
    private static long lastMillis;
    private static int counter;

    private Uuid7() {
    }

    public static UUID next() {
        long millis;
        int sequence;
        synchronized (LOCK) {
            millis = Math.max(System.currentTimeMillis(), lastMillis);
            if (millis == lastMillis) {
                counter++;
                if (counter > 0xFFF) {
                    millis++; // counter exhausted: borrow the next millisecond, order is kept
                    counter = SEED.nextInt(0x400);
                }
            } else {
                counter = ThreadLocalRandom.current().nextInt(0x400);
            }
            lastMillis = millis;
            sequence = counter;
        }
        long msb = (millis << 16) | 0x7000L | sequence;
        long lsb = (ThreadLocalRandom.current().nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** The Unix milliseconds a version 7 UUID was made at. */
    public static long millisOf(UUID uuid) {
        if (uuid.version() != 7) {
            throw new IllegalArgumentException("not a version 7 UUID: " + uuid);
        }
        return uuid.getMostSignificantBits() >>> 16;
    }
}
