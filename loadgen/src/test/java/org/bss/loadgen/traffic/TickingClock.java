package org.bss.loadgen.traffic;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves on by a fixed step each time it is read: deterministic, and no sleeping. */
final class TickingClock extends Clock {

    private final long stepMicros;
    private long micros;

    /** @param stepMicros how far each reading moves the clock, in microseconds (30 is about 35,000 events/s) */
    TickingClock(Instant start, long stepMicros) {
        this.micros = Math.multiplyExact(start.toEpochMilli(), 1000L);
        this.stepMicros = stepMicros;
    }

    static TickingClock at(String instant) {
        return new TickingClock(Instant.parse(instant), 30);
    }

    @Override
    public long millis() {
        long now = Math.floorDiv(micros, 1000);
        micros += stepMicros;
        return now;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    /** Where the clock stands, without moving it. */
    Instant peek() {
        return Instant.ofEpochMilli(Math.floorDiv(micros, 1000));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
