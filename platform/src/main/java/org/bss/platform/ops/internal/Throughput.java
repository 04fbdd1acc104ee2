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
 * The last ten minutes of this instance, one {@link Sample} a second, read from its own meters: requests of
 * {@code POST /api/v1/events} by status, events stored and folded, and the latency histograms. What the console
 * draws without a Prometheus; across instances, Prometheus and the dashboards have the whole picture.
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
        double accepted = 0, refused = 0, throttled = 0, unavailable = 0;
        List<Histogram> ingest = new ArrayList<>();
        Collection<Timer> requests = meters.find("http.server.requests").tag("uri", INGEST_URI).tag("method", "POST")
                .timers();
        for (Timer timer : requests) {
            String status = timer.getId().getTag("status");
            double count = timer.count();
            switch (status == null ? "" : status) {
                case "202", "207" -> accepted += count;
                case "429" -> throttled += count;
                case "503" -> unavailable += count;
                default -> refused += count;
            }
            ingest.add(Histogram.of(timer.takeSnapshot()));
        }
        Timer storeDelay = meters.find("bss.store.delay").timer();
        return new Reading(System.nanoTime(), accepted, refused, throttled, unavailable, count("bss.store.events"),
                count("bss.projection.events"), Histogram.sum(ingest),
                storeDelay == null ? Histogram.EMPTY : Histogram.of(storeDelay.takeSnapshot()));
    }

    private double count(String name) {
        return meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }
}
