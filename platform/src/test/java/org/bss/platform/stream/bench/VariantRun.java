package org.bss.platform.stream.bench;

import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * One variant: its readers start, the publisher runs for the warm-up and then the measured window at the rate, and
 * the CPU used from the first to the last event of the window is set against the window's events.
 */
final class VariantRun {

    private VariantRun() {
    }

    static Result run(Rig rig, Variant variant) throws InterruptedException {
        BenchOptions options = rig.options;
        long warmup = options.warmupEvents();
        long measured = options.measuredEvents();
        long base = rig.take(warmup + measured);
        long from = base + warmup;
        long to = from + measured;
        System.out.printf(">> %s: %d s warm-up, then %d s measured at %s%n", variant.name(), options.warmup(),
                options.seconds(), options.rateLabel());
        List<Reader> readers = rig.readers(variant.transport(), variant.readers(), from, to);
        Publisher publisher = rig.publisher(variant.transport());
        try {
            for (Reader reader : readers) {
                reader.start();
            }
            if (publisher instanceof KafkaPublisher kafka) {
                kafka.window(from, to);
            }
            PublishLoop loop = new PublishLoop(publisher, rig.pool, rig.sendTimes, options.eventsPerSecond(), base,
                    warmup + measured, from, to);
            loop.start();
            Rig.sleepUntil(loop.due(warmup));
            CpuSample before = CpuSample.take(rig.redis);
            long started = System.nanoTime();
            Rig.sleepUntil(loop.due(warmup + measured));
            CpuSample after = CpuSample.take(rig.redis);
            double seconds = (System.nanoTime() - started) / 1e9;
            loop.join();
            Rig.awaitDelivery(readers);
            List<Reception.Figures> figures = readers.stream().map(r -> r.reception().figures(r.disconnects())).toList();
            Result result = new Result(variant, measured, seconds, after.since(before), loop.callCpuNanosPerEvent(),
                    loop.clockReadNanos(), loop.maxBehindMillis(), publisher.errors(), figures,
                    publisher instanceof KafkaPublisher kafka ? kafka.acknowledgements() : null);
            System.out.println("   " + result.oneLine());
            return result;
        } finally {
            Rig.closeAll(readers);
            publisher.close();
        }
    }

    /**
     * A variant's figures. {@code publishCallNanos} is the publisher's CPU per publish call; {@code acks} publish to
     * acknowledgement (Kafka only).
     */
    record Result(Variant variant, long events, double seconds, CpuSample.Usage usage, double publishCallNanos,
                  long clockReadNanos, double maxBehindMillis, long publishErrors, List<Reception.Figures> readers,
                  Histogram acks) {

        /** Microseconds of CPU per event of the window. */
        double micros(long nanos) {
            return nanos / 1000.0 / events;
        }

        double componentMicros(String component) {
            return micros(usage.component(component));
        }

        /** The mean over the readers of each one's CPU per event; 0 without readers. */
        double readerMicros() {
            return readers.stream().mapToDouble(r -> componentMicros(CpuSample.Usage.reader(r.reader())))
                    .average().orElse(0);
        }

        /** Every reader's latencies together. */
        Histogram latency() {
            Histogram all = new Histogram(1_000, Reception.MAX_LATENCY_NANOS, 3);
            readers.forEach(r -> all.add(r.latency()));
            return all;
        }

        long lost() {
            return readers.stream().mapToLong(Reception.Figures::lost).sum();
        }

        long reordered() {
            return readers.stream().mapToLong(Reception.Figures::reordered).sum();
        }

        String oneLine() {
            Histogram latency = latency();
            return String.format(Locale.ROOT,
                    "%d events in %.1f s; CPU µs/event: publish call %.2f, reader %.2f, broker %.2f, redis-server %.2f,"
                            + " JVM %.2f; latency p50 %.2f ms p99 %.2f ms; lost %d, out of order %d",
                    events, seconds, publishCallNanos / 1000, readerMicros(), componentMicros(CpuSample.Usage.BROKER),
                    micros(usage.redis()), micros(usage.process()),
                    latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(50) / 1e6,
                    latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(99) / 1e6,
                    lost(), reordered());
        }
    }
}
