package org.bss.platform.stream.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What every run shares: the options, the servers, the events and their send times, and the event numbers already
 * used (each run takes fresh ones, so that a late event of one run never counts in the next).
 */
final class Rig {

    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(5);

    final BenchOptions options;
    final EventPool pool;
    final SendTimes sendTimes = new SendTimes();
    final String bootstrap;
    final String redisHost;
    final int redisPort;
    final RedisProcess redis;
    private long nextSeq;

    Rig(BenchOptions options, EventPool pool, String bootstrap, String redisHost, int redisPort, RedisProcess redis) {
        this.options = options;
        this.pool = pool;
        this.bootstrap = bootstrap;
        this.redisHost = redisHost;
        this.redisPort = redisPort;
        this.redis = redis;
    }

    /** Reserves {@code count} event numbers; returns the first. */
    long take(long count) {
        long first = nextSeq;
        nextSeq += count;
        return first;
    }

    Publisher publisher(Variant.Transport transport) {
        return switch (transport) {
            case KAFKA -> new KafkaPublisher(bootstrap, sendTimes);
            case REDIS_EACH -> new RedisPublisher(redisHost, redisPort, pool.tenants(), 1);
            case REDIS_PIPELINED -> new RedisPublisher(redisHost, redisPort, pool.tenants(), options.pipeline());
        };
    }

    /** Readers 1 to {@code count}, each counting the events numbered {@code [from, to)}; not started yet. */
    List<Reader> readers(Variant.Transport transport, int count, long from, long to) {
        List<Reader> readers = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            boolean[] tenants = Reception.tenantsOf(i, options.readerTenants(), options.tenants());
            Reception reception = new Reception(i, tenants, pool, sendTimes, from, to);
            readers.add(transport == Variant.Transport.KAFKA
                    ? new KafkaReader(i, reception, bootstrap, options.fetchMinBytes(), options.fetchMaxWaitMs())
                    : new RedisReader(i, reception, redisHost, redisPort, pool.tenants()));
        }
        return readers;
    }

    /** Waits until every reader has all its events, or none has received anything for a few seconds. */
    static void awaitDelivery(List<Reader> readers) throws InterruptedException {
        long lastTotal = -1;
        long lastChange = System.nanoTime();
        while (!readers.stream().allMatch(r -> r.reception().complete())) {
            long total = readers.stream().mapToLong(r -> r.reception().received()).sum();
            if (total != lastTotal) {
                lastTotal = total;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > IDLE_NANOS) {
                return;
            }
            Thread.sleep(50);
        }
    }

    static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    static void closeAll(List<Reader> readers) {
        readers.forEach(Reader::close);
    }
}
