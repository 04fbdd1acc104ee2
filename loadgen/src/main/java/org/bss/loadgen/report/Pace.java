package org.bss.loadgen.report;

/**
 * The rate a run kept against the rate it asked for, in events (a batch counts its events, not its request).
 *
 * <p>Asked: the events the run sent, over the seconds its scenario lasts. Kept: the events the platform accepted, over
 * those seconds and the time the run was still behind its schedule at the end. A platform too slow for the rate holds
 * up the connections, so requests leave after they were due and the run takes that much longer; a pause that leaves
 * some requests of its last stretch on time (see {@link RunRecorder#departed}) costs nothing.
 *
 * @param eventsAsked      events the run sent
 * @param scheduledSeconds how long the scenario lasts; 0 when not known
 * @param eventsAccepted   events the platform accepted
 * @param behindSeconds    how far behind its schedule the run was at the end
 */
public record Pace(long eventsAsked, double scheduledSeconds, long eventsAccepted, double behindSeconds) {

    /** Behind by less than this, the run counts as on schedule in words (not in the figures). */
    private static final double ON_SCHEDULE_SECONDS = 0.05;

    public boolean known() {
        return scheduledSeconds > 0;
    }

    /** The seconds the accepted events are counted over. */
    public double windowSeconds() {
        return scheduledSeconds + behindSeconds;
    }

    public double askedPerSecond() {
        return known() ? eventsAsked / scheduledSeconds : 0;
    }

    public double acceptedPerSecond() {
        return windowSeconds() > 0 ? eventsAccepted / windowSeconds() : 0;
    }

    /** The rate accepted as a fraction of the rate asked; 1 when nothing was asked, as there was nothing to miss. */
    public double share() {
        return eventsAsked == 0 || !known() ? 1 : (double) eventsAccepted / eventsAsked * scheduledSeconds / windowSeconds();
    }

    /** E.g. "400,000 of 400,000 events accepted, the run 36 s behind its 60 s schedule at the end". */
    String detail() {
        String accepted = Fmt.integer(eventsAccepted) + " of " + Fmt.integer(eventsAsked) + " events accepted, ";
        String schedule = seconds(scheduledSeconds) + " schedule";
        return accepted + (behindSeconds < ON_SCHEDULE_SECONDS ? "the run on its " + schedule
                : "the run " + seconds(behindSeconds) + " behind its " + schedule + " at the end");
    }

    private static String seconds(double seconds) {
        return Fmt.decimal(Summary.round(seconds, 1)) + " s";
    }
}
