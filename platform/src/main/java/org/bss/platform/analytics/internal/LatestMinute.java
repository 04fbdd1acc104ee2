package org.bss.platform.analytics.internal;

/**
 * One series' figure of the latest complete minute, from the figures of its 1-minute windows as they come (a window's
 * figure is written again while its events arrive): the two newest windows are kept, since the newest is usually
 * the minute still running. A series with no figure for the complete minute had no events in it: 0.
 */
final class LatestMinute {

    private static final long MINUTE = 60_000;

    private long newestStart = Long.MIN_VALUE;
    private double newest;
    private long previousStart = Long.MIN_VALUE;
    private double previous;

    synchronized void observe(long start, double value) {
        if (start == newestStart) {
            newest = value;
        } else if (start > newestStart) {
            previousStart = newestStart;
            previous = newest;
            newestStart = start;
            newest = value;
        } else if (start == previousStart) {
            previous = value;
        }
    }

    /** The figure of the minute that ended last before {@code now} (epoch milliseconds). */
    synchronized double complete(long now) {
        long complete = Math.floorDiv(now, MINUTE) * MINUTE - MINUTE;
        return complete == newestStart ? newest : complete == previousStart ? previous : 0;
    }
}
