package org.bss.loadgen.stream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.bss.loadgen.report.Deliveries;

/**
 * What all subscribers read, kept by the subscribers' event loop alone; the counters are volatile so that progress
 * lines may read them from another thread.
 */
final class Tally {

    /** Latencies in microseconds, from 1 µs to an hour, as the run's other latencies. */
    static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
    static final int SAMPLES = 5;

    final Ledger ledger;
    final Histogram latencyMicros = new Histogram(1, HIGHEST_MICROS, 3);
    final List<String> unexpectedSamples = new ArrayList<>();
    /** Events and stream.overflow frames read, duplicates and unexpected ones included. */
    volatile long frames;
    volatile int live;
    volatile long reconnects;
    volatile long overflows;

    Tally(Ledger ledger) {
        this.ledger = ledger;
    }

    void delivered(Ledger.Sent sent, long readNanos) {
        if (ledger.measured(sent)) {
            latencyMicros.recordValue(Math.min(Math.max(1, (readNanos - sent.sentNanos()) / 1_000), HIGHEST_MICROS));
        }
    }

    void unexpected(Subscriber subscriber, CloudEventHead head, byte[] data, int length) {
        if (unexpectedSamples.size() < SAMPLES) {
            unexpectedSamples.add(subscriber + " got " + (head == null
                    ? "a frame whose data is no CloudEvent: " + abbreviated(new String(data, 0, length, StandardCharsets.UTF_8))
                    : head.source() + " " + head.id() + " (" + head.type() + ")"));
        }
    }

    /**
     * What each subscriber got, against what it had to get: once its tenant's requests are all answered and the
     * loop has stopped.
     */
    Deliveries count(List<Subscriber> subscribers, String request, String settled) {
        List<Deliveries.Subscriber> rows = new ArrayList<>();
        List<String> missedSamples = new ArrayList<>();
        List<String> strangeSamples = new ArrayList<>(unexpectedSamples);
        Set<Ledger.Book> books = new HashSet<>();
        for (Subscriber s : subscribers) {
            IndexSet accepted = s.book.accepted();
            IndexSet refused = s.book.refused();
            long delivered = s.got(accepted);
            long refusedGot = s.got(refused);
            rows.add(new Deliveries.Subscriber(s.number, s.book.tenant.tenantId(), accepted.size(), delivered,
                    s.duplicates, s.strangers + refusedGot, s.gotInAll() - delivered - refusedGot, s.overflowed,
                    s.reconnects));
            sample(missedSamples, s, s.lacks(accepted, SAMPLES), " missed ");
            sample(strangeSamples, s, s.has(refused, SAMPLES), " got one refused when sent: ");
            books.add(s.book);
        }
        return new Deliveries(request, ledger.filter().toString(), books.size(), settled, rows,
                Deliveries.Latency.of(latencyMicros), missedSamples, strangeSamples);
    }

    private void sample(List<String> samples, Subscriber subscriber, int[] indexes, String what) {
        for (int i = 0; i < indexes.length && samples.size() < SAMPLES; i++) {
            String id = subscriber.book.id(indexes[i]);
            Ledger.Sent sent = ledger.sent(id);
            samples.add(subscriber + what + (sent == null ? "" : sent.source() + " ") + id);
        }
    }

    private static String abbreviated(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }
}
