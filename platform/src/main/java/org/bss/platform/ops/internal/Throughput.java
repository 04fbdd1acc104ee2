package org.bss.platform.ops.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
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

    /** One pass over the registry: it holds thousands of meters (Kafka's clients' among them), and runs every second. */
    private Reading read() {
        List<Histogram> ingest = new ArrayList<>();
        Histogram storeDelay = Histogram.EMPTY;
        double accepted = 0, refused = 0, throttled = 0, unavailable = 0, stored = 0, projected = 0;
        for (Meter meter : meters.getMeters()) {
            Meter.Id id = meter.getId();
            switch (id.getName()) {
                case "http.server.requests" -> {
                    if (meter instanceof Timer timer && INGEST_URI.equals(id.getTag("uri")) && "POST".equals(id.getTag("method"))) {
                        ingest.add(Histogram.of(timer.takeSnapshot()));
                    }
                }
                case "bss.store.delay" -> {
                    if (meter instanceof Timer timer) {
                        storeDelay = Histogram.of(timer.takeSnapshot());
                    }
                }
                case "bss.store.events" -> stored += count(meter);
                case "bss.projection.events" -> projected += count(meter);
                case "bss.ingest.events" -> {
                    switch (String.valueOf(id.getTag("outcome"))) {
                        case "accepted" -> accepted += count(meter);
                        case "refused" -> refused += count(meter);
                        case "throttled" -> throttled += count(meter);
                        case "unavailable" -> unavailable += count(meter);
                        default -> { }
                    }
                }
                default -> { }
            }
        }
        return new Reading(System.nanoTime(), accepted, refused, throttled, unavailable, stored, projected,
                Histogram.sum(ingest), storeDelay);
    }

    private static double count(Meter meter) {
        return meter instanceof Counter counter ? counter.count() : 0;
    }
}
