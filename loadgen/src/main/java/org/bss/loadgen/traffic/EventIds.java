package org.bss.loadgen.traffic;

import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Event ids as UUID version 7 (RFC 9562), laid out like {@link org.bss.model.Uuid7}'s: 48 bits of the event's
 * Unix milliseconds, a 12-bit counter within the millisecond, 62 random bits. Unlike Uuid7 it takes the time and
 * the random bits from the stream, so a seed and a clock give the same ids, and no lock is shared.
 */
final class EventIds {

    private final SplittableRandom random;
    private long lastMillis = Long.MIN_VALUE;
    private int counter;

    EventIds(SplittableRandom random) {
        this.random = random;
    }

    UUID next(long epochMillis) {
        long millis = Math.max(epochMillis, lastMillis);
        if (millis == lastMillis) {
            counter++;
            if (counter > 0xFFF) {
                millis++; // counter exhausted: borrow the next millisecond so that ids keep increasing
                counter = random.nextInt(0x400);
            }
        } else {
            counter = random.nextInt(0x400);
        }
        lastMillis = millis;
        long msb = (millis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | counter;
        long lsb = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }
}
