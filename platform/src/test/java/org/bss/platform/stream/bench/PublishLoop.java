package org.bss.platform.stream.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes events {@code base} to {@code base + count - 1} at a fixed rate, evenly spaced, from a thread of its own
 * (one behind schedule catches up at once). Stamps each event's send time just before publishing it, and measures the
 * CPU of the publish calls of events numbered {@code [measureFrom, measureTo)} with the thread's CPU clock, less what
 * reading that clock costs.
 */
final class PublishLoop {

    static final String THREAD = "bench-publisher";
    private static final int CALIBRATION_ROUNDS = 20_000;

    private final Publisher publisher;
    private final EventPool pool;
    private final SendTimes sendTimes;
    private final double perSecond;
    private final long base;
    private final long count;
    private final long measureFrom;
    private final long measureTo;
    private final CountDownLatch started = new CountDownLatch(1);
    private final Thread thread;
    private volatile long startNanos;
    private volatile RuntimeException failure;
    private long callCpuNanos;
    private long measured;
    private long clockReadNanos;
    private long maxBehindNanos;

    PublishLoop(Publisher publisher, EventPool pool, SendTimes sendTimes, double perSecond, long base, long count,
                long measureFrom, long measureTo) {
        this.publisher = publisher;
        this.pool = pool;
        this.sendTimes = sendTimes;
        this.perSecond = perSecond;
        this.base = base;
        this.count = count;
        this.measureFrom = measureFrom;
        this.measureTo = measureTo;
        this.thread = Thread.ofPlatform().name(THREAD).unstarted(this::run);
    }

    /** Starts publishing; returns when the schedule is fixed ({@link #due} answers). */
    void start() throws InterruptedException {
        thread.start();
        started.await();
    }

    /** When the {@code i}-th event of this loop (from 0) is due. */
    long due(long i) {
        return startNanos + Math.round(i * 1e9 / perSecond);
    }

    void join() throws InterruptedException {
        thread.join();
        if (failure != null) {
            throw failure;
        }
    }

    private void run() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        clockReadNanos = clockReadCost(threads);
        startNanos = System.nanoTime();
        started.countDown();
        try {
            for (long i = 0; i < count; i++) {
                long due = due(i);
                long left;
                while ((left = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(left);
                }
                long seq = base + i;
                int tenant = pool.tenantOf(seq);
                ProducerRecord<String, byte[]> record = pool.record(seq); // ingest builds it whatever the design
                long now = System.nanoTime();
                maxBehindNanos = Math.max(maxBehindNanos, now - due);
                sendTimes.put(seq, now);
                if (seq >= measureFrom && seq < measureTo) {
                    long before = threads.getCurrentThreadCpuTime();
                    publisher.publish(seq, tenant, record);
                    callCpuNanos += threads.getCurrentThreadCpuTime() - before;
                    measured++;
                } else {
                    publisher.publish(seq, tenant, record);
                }
            }
            publisher.flush();
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /** The mean CPU between two readings of the thread's CPU clock with nothing in between. */
    private static long clockReadCost(ThreadMXBean threads) {
        long sum = 0;
        for (int i = 0; i < CALIBRATION_ROUNDS; i++) {
            long before = threads.getCurrentThreadCpuTime();
            sum += threads.getCurrentThreadCpuTime() - before;
        }
        return sum / CALIBRATION_ROUNDS;
    }

    /** CPU per measured publish call, the clock's own cost taken off. Read after {@link #join}. */
    double callCpuNanosPerEvent() {
        return measured == 0 ? 0 : Math.max(0, callCpuNanos / (double) measured - clockReadNanos);
    }

    long clockReadNanos() {
        return clockReadNanos;
    }

    double maxBehindMillis() {
        return maxBehindNanos / (double) TimeUnit.MILLISECONDS.toNanos(1);
    }
}
