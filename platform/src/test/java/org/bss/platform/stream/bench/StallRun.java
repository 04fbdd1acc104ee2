package org.bss.platform.stream.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Two readers; the second stops reading for a while and then goes on, as an instance behind a slow network or in a
 * long pause would. What it lost, whether the server dropped it, and how long until it was live again.
 */
final class StallRun {

    static final int LEAD_SECONDS = 5;
    static final int TAIL_SECONDS = 15;
    private static final int WATCH_MILLIS = 100;

    private StallRun() {
    }

    static Result run(Rig rig, Variant.Transport transport, int stallSeconds) throws InterruptedException {
        double rate = rig.options.eventsPerSecond();
        long lead = Math.round(LEAD_SECONDS * rate);
        long count = Math.round((LEAD_SECONDS + stallSeconds + TAIL_SECONDS) * rate);
        long base = rig.take(count);
        System.out.printf(">> %s: reader 2 stops reading for %d s after %d s, then goes on for %d s%n", transport.label,
                stallSeconds, LEAD_SECONDS, TAIL_SECONDS);
        List<Reader> readers = rig.readers(transport, 2, base, base + count);
        Publisher publisher = rig.publisher(transport);
        try {
            for (Reader reader : readers) {
                reader.start();
            }
            PublishLoop loop = new PublishLoop(publisher, rig.pool, rig.sendTimes, rate, base, count, base, base);
            loop.start();
            Rig.sleepUntil(loop.due(lead));
            readers.get(1).reception().stall(Duration.ofSeconds(stallSeconds));
            Drop drop = transport.redis() ? watch(rig, Reader.threads(2), stallSeconds) : Drop.NONE;
            loop.join();
            Rig.awaitDelivery(readers);
            List<Reception.Figures> figures = readers.stream().map(r -> r.reception().figures(r.disconnects())).toList();
            Result result = new Result(transport, stallSeconds, count, figures, drop);
            Reception.Figures stalled = figures.get(1);
            String dropped = drop.afterNanos() < 0 ? ""
                    : String.format(Locale.ROOT, " (dropped %.1f s into the stall)", drop.afterNanos() / 1e9);
            System.out.printf(Locale.ROOT,
                    "   the stalled reader: %d of %d lost, %d disconnection(s)%s, latency max %.1f s%n", stalled.lost(),
                    stalled.expected(), stalled.disconnects(), dropped, stalled.latency().getMaxValue() / 1e9);
            return result;
        } finally {
            Rig.closeAll(readers);
            publisher.close();
        }
    }

    /**
     * Follows the stalled reader's connection on redis-server through the stall: the most output it had queued for
     * it, and when (from the stall's start) its connection went; -1 if it did not.
     */
    private static Drop watch(Rig rig, String client, int stallSeconds) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(stallSeconds + 1);
        long mostQueued = 0;
        try (RedisWatch watch = new RedisWatch(rig.redisHost, rig.redisPort)) {
            while (System.nanoTime() < end) {
                Long queued = watch.queuedBytesByClient().get(client);
                if (queued == null) {
                    return new Drop(System.nanoTime() - start, mostQueued);
                }
                mostQueued = Math.max(mostQueued, queued);
                Thread.sleep(WATCH_MILLIS);
            }
        }
        return new Drop(-1, mostQueued);
    }

    /** When redis-server dropped a reader ({@code afterNanos} -1: it did not) and the most it had queued for it. */
    record Drop(long afterNanos, long mostQueuedBytes) {
        static final Drop NONE = new Drop(-1, 0);
    }

    record Result(Variant.Transport transport, int stallSeconds, long events, List<Reception.Figures> readers,
                  Drop drop) {

        Reception.Figures stalled() {
            return readers.get(1);
        }

        Reception.Figures other() {
            return readers.get(0);
        }
    }
}
