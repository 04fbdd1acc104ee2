package org.bss.loadgen.report;

import java.util.Comparator;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What the run's stream subscribers received: for each, the events it had to get (accepted events of its tenant
 * matching its filter) and what it got, and the delivery latency over all of them.
 *
 * @param request           the stream's request, e.g. {@code GET /api/v1/stream?type=order.placed}
 * @param filter            the filter in words
 * @param tenants           the tenants the subscribers were spread over
 * @param settled           how the wait for the last deliveries ended, in words
 * @param subscribers       each subscriber, by number
 * @param missedSamples     a few events that a subscriber missed, in words
 * @param unexpectedSamples a few events that a subscriber should not have got, in words
 */
public record Deliveries(String request, String filter, int tenants, String settled, List<Subscriber> subscribers,
        Latency latency, List<String> missedSamples, List<String> unexpectedSamples) {

    /**
     * One subscriber's figures.
     *
     * @param expected   accepted events of its tenant matching its filter
     * @param delivered  of those, the ones it got (once or more)
     * @param duplicates copies beyond the first of an event it got
     * @param unexpected events it got that it should not have: another tenant's, outside its filter, unknown, or
     *                   refused when sent
     * @param uncertain  events it got whose request was answered 5xx or not at all: the platform may or may not have
     *                   accepted them, so they are neither missed nor unexpected
     * @param overflowed stream.overflow frames: the server cut it off as too slow
     * @param reconnects connections opened again after one ended
     */
    public record Subscriber(int number, String tenant, long expected, long delivered, long duplicates, long unexpected,
            long uncertain, long overflowed, long reconnects) {

        /** Expected events it never got. */
        public long missed() {
            return expected - delivered;
        }

        /** Missed, duplicated and unexpected events: what {@code --max-missed} limits. */
        public long faults() {
            return missed() + duplicates + unexpected;
        }

        Subscriber plus(Subscriber other) {
            return new Subscriber(0, "all", expected + other.expected, delivered + other.delivered,
                    duplicates + other.duplicates, unexpected + other.unexpected, uncertain + other.uncertain,
                    overflowed + other.overflowed, reconnects + other.reconnects);
        }
    }

    /** Milliseconds from sending the request that carried an event to a subscriber reading it; 0 without any. */
    public record Latency(long count, double p50Ms, double p99Ms, double p999Ms, double maxMs) {

        /** From a histogram of microseconds. */
        public static Latency of(Histogram micros) {
            return new Latency(micros.getTotalCount(), micros.getValueAtPercentile(50) / 1000.0,
                    micros.getValueAtPercentile(99) / 1000.0, micros.getValueAtPercentile(99.9) / 1000.0,
                    micros.getMaxValue() / 1000.0);
        }
    }

    /** The order subscribers are shown in when not all of them are: the most faults, overflows, reconnects first. */
    static final Comparator<Subscriber> WORST_FIRST = Comparator.comparingLong(Subscriber::faults).reversed()
            .thenComparing(Comparator.comparingLong(Subscriber::overflowed).reversed())
            .thenComparing(Comparator.comparingLong(Subscriber::reconnects).reversed())
            .thenComparingInt(Subscriber::number);

    public Deliveries {
        subscribers = List.copyOf(subscribers);
        missedSamples = List.copyOf(missedSamples);
        unexpectedSamples = List.copyOf(unexpectedSamples);
    }

    /** Every subscriber's figures added up. */
    public Subscriber total() {
        return subscribers.stream().reduce(new Subscriber(0, "all", 0, 0, 0, 0, 0, 0, 0), Subscriber::plus);
    }

    /** Missed, duplicated and unexpected events over all subscribers. */
    public long faults() {
        return total().faults();
    }

    /** One line for the console. */
    public String line() {
        Subscriber t = total();
        return "%s subscribers: expected %s  delivered %s  missed %s  duplicates %s  unexpected %s  (uncertain %s, overflowed %s, reconnects %s); latency p99 %s ms"
                .formatted(Fmt.integer(subscribers.size()), Fmt.integer(t.expected()), Fmt.integer(t.delivered()),
                        Fmt.integer(t.missed()), Fmt.integer(t.duplicates()), Fmt.integer(t.unexpected()),
                        Fmt.integer(t.uncertain()), Fmt.integer(t.overflowed()), Fmt.integer(t.reconnects()),
                        Fmt.ms(latency.p99Ms()));
    }
}
