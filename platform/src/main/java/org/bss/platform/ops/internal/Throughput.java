package org.bss.platform.ops.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The last ten minutes of this instance, one {@link Sample} a second, read from its own meters: events by what
 * ingest answered ({@code bss.ingest.events}, every tenant's), events stored and folded, and the latency histograms
 * of {@code POST /api/v1/events} and of accept → stored. What the console draws without a Prometheus; across
 * instances, Prometheus and the dashboards have the whole picture.
 */
@Component
class Throughput {

    static final int KEPT = 600;
    private static final String INGEST_URI = "/api/v1/events";

    private final MeterRegistry meters;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>(KEPT);
    private Reading last;

    Throughput(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Cumulative figures at one instant. */
    private record Reading(long nanos, double accepted, double refused, double throttled, double unavailable,
            double stored, double projected, Histogram ingest, Histogram storeDelay) {
    }

    @Scheduled(fixedRate = 1000)
    void sample() {
        Reading now = read();
        synchronized (samples) {
            if (last != null) {
                double seconds = Math.max(1e-3, (now.nanos - last.nanos) / 1e9);
                Histogram ingest = now.ingest.since(last.ingest);
                samples.addLast(new Sample(Instant.now(), (now.accepted - last.accepted) / seconds,
                        (now.refused - last.refused) / seconds, (now.throttled - last.throttled) / seconds,
                        (now.unavailable - last.unavailable) / seconds, (now.stored - last.stored) / seconds,
                        (now.projected - last.projected) / seconds, ingest.quantileMillis(0.5),
                        ingest.quantileMillis(0.99), now.storeDelay.since(last.storeDelay).quantileMillis(0.99)));
                while (samples.size() > KEPT) {
                    samples.removeFirst();
                }
            }
            last = now;
        }
    }

    /** The samples of the last {@code seconds}, oldest first. */
    List<Sample> last(int seconds) {
        synchronized (samples) {
            List<Sample> all = new ArrayList<>(samples);
            return all.subList(Math.max(0, all.size() - seconds), all.size());
        }
    }

    private Reading read() {
        List<Histogram> ingest = new ArrayList<>();
        Collection<Timer> requests = meters.find("http.server.requests").tag("uri", INGEST_URI).tag("method", "POST")
                .timers();
        for (Timer timer : requests) {
            ingest.add(Histogram.of(timer.takeSnapshot()));
        }
        Timer storeDelay = meters.find("bss.store.delay").timer();
        return new Reading(System.nanoTime(), ingested("accepted"), ingested("refused"), ingested("throttled"),
                ingested("unavailable"), count(meters.find("bss.store.events").counters()),
                count(meters.find("bss.projection.events").counters()), Histogram.sum(ingest),
                storeDelay == null ? Histogram.EMPTY : Histogram.of(storeDelay.takeSnapshot()));
    }

    private double ingested(String outcome) {
        return count(meters.find("bss.ingest.events").tag("outcome", outcome).counters());
    }

    private static double count(Collection<Counter> counters) {
        return counters.stream().mapToDouble(Counter::count).sum();
    }
}
