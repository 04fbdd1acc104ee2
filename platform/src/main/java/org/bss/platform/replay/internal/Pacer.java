package org.bss.platform.replay.internal;

import java.time.Instant;

/**
 * When each event of a run is due, as nanoseconds after the run started: a pure schedule, so that the rate holds
 * over a run however the delivery of each event varies (a late event does not push the later ones back).
 * A run starts afresh after a pause or a restart: the schedule is of the run, not of the job.
 */
final class Pacer {

    private final Speed speed;
    private Instant first;
    private Instant latest;

    Pacer(Speed speed) {
        this.speed = speed;
    }

    /**
     * When the run's {@code index}-th event (from 0), whose time is {@code time}, is due. For a multiple of the
     * original pace, events are taken in the order they were stored; a time earlier than one before it counts as
     * that one's (no gap), so the schedule never goes back.
     */
    long dueNanos(long index, Instant time) {
        return switch (speed) {
            case Speed.Max max -> 0;
            case Speed.Rate rate -> (long) (index * 1e9 / rate.perSecond());
            case Speed.Multiple multiple -> {
                if (first == null) {
                    first = time;
                    latest = time;
                }
                if (time.isAfter(latest)) {
                    latest = time;
                }
                double gap = (latest.getEpochSecond() - first.getEpochSecond()) * 1e9 + (latest.getNano() - first.getNano());
                yield (long) (gap / multiple.factor());
            }
        };
    }

    /**
     * The most events sent at once (of those already due): a twentieth of a second's worth at a fixed rate, so the
     * rate stays even within a second; otherwise the page.
     */
    int chunk(int page) {
        return speed instanceof Speed.Rate rate ? (int) Math.max(1, Math.min(page, rate.perSecond() / 20)) : page;
    }
}
