package org.bss.platform.analytics.internal;

import java.time.Duration;

/**
 * When a minute counts as closed by the clock: its end, the grace for late events, and a few commit intervals for its
 * last figures to travel through the windows and the repartition topics.
 */
record ClosedMinutes(long closeAfterMillis) {

    static ClosedMinutes of(Duration grace, Duration commitInterval) {
        return new ClosedMinutes(Window.MINUTE.size().toMillis() + grace.toMillis()
                + commitInterval.multipliedBy(3).toMillis() + 2_000);
    }

    /** The start of the latest minute closed at {@code now}. */
    long latest(long now) {
        return Window.MINUTE.startOf(now - closeAfterMillis);
    }
}
