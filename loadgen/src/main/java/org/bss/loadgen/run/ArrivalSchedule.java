package org.bss.loadgen.run;

/**
 * When each request is due, for an open model: request k+1 is due 1/rate after request k, whatever happened to
 * request k. Latency is counted from these instants, so a server that falls behind shows it in its latency instead
 * of slowing the generator down (coordinated omission). Pure and single-threaded.
 */
public final class ArrivalSchedule {

    private final Scenario scenario;
    private final int eventsPerRequest;
    private final long endNanos;
    private long nextNanos;

    /** Times are nanoseconds from the start of the run. */
    public ArrivalSchedule(Scenario scenario, int eventsPerRequest) {
        if (eventsPerRequest < 1) {
            throw new IllegalArgumentException("a request carries at least one event");
        }
        this.scenario = scenario;
        this.eventsPerRequest = eventsPerRequest;
        this.endNanos = scenario.duration().toNanos();
        this.nextNanos = 0;
    }

    /** Whether another request is due before the end of the run. */
    public boolean hasNext() {
        return nextNanos < endNanos;
    }

    /** The due instant of the next request (from the start of the run), advancing the schedule. */
    public long next() {
        long due = nextNanos;
        double requestsPerSecond = scenario.rateAt(due / 1e9) / eventsPerRequest;
        nextNanos = due + Math.max(1, Math.round(1e9 / requestsPerSecond));
        return due;
    }

    /** The due instant of the next request, without advancing. */
    public long peek() {
        return nextNanos;
    }
}
