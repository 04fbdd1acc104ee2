package org.bss.platform.stream.bench;

import java.util.List;
import java.util.Set;

/**
 * Runs each transport that will be measured, with two readers, unmeasured before anything is measured. Without it the
 * first variants (the 0-reader baselines) ran while the JIT compiled the hot paths, which raised their CPU and so
 * lowered the server's share for the readers, a difference from them.
 */
final class JitWarmup {

    private JitWarmup() {
    }

    static void run(Rig rig, Set<Variant.Transport> transports, int seconds) throws InterruptedException {
        double rate = rig.options.eventsPerSecond();
        for (Variant.Transport transport : transports) {
            System.out.printf(">> JIT warm-up: %s with 2 readers for %d s (not measured)%n", transport.label, seconds);
            long count = Math.round(seconds * rate);
            long base = rig.take(count);
            List<Reader> readers = rig.readers(transport, 2, base, base + count);
            Publisher publisher = rig.publisher(transport);
            try {
                for (Reader reader : readers) {
                    reader.start();
                }
                // the publish calls are timed as in a measured run, so that the timing is compiled too
                PublishLoop loop = new PublishLoop(publisher, rig.pool, rig.sendTimes, rate, base, count, base,
                        base + count);
                loop.start();
                loop.join();
                Rig.awaitDelivery(readers);
            } finally {
                Rig.closeAll(readers);
                publisher.close();
            }
        }
    }
}
