package org.bss.platform.stream.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.bss.model.envelope.CloudEvent;

/**
 * One open stream: its tenant, its filter and the events handed to it that its writer has not written yet, at most
 * {@code buffer} of them. The fan-out only ever adds (never waits); when the buffer is full the subscriber is marked
 * behind and the fan-out drops it, so a slow client never slows ingest or anyone else.
 */
final class Subscriber {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    final long number = SEQUENCE.incrementAndGet();
    final String tenant;
    final EventFilter filter;
    /**
     * Where it started, when it came back with a position: events before it on a partition are not for it. Dropped
     * by its writer once the events it writes are past it everywhere, so that no position is merged per event.
     */
    volatile StreamPosition floor;
    final BlockingQueue<Delivery> queue;
    private volatile boolean behind;
    private volatile boolean closing;

    Subscriber(String tenant, EventFilter filter, StreamPosition floor, int buffer) {
        this.tenant = tenant;
        this.filter = filter;
        this.floor = floor;
        this.queue = new ArrayBlockingQueue<>(buffer);
    }

    /** Whether this event is for this subscriber. */
    boolean wants(int partition, long offset, CloudEvent event) {
        StreamPosition from = floor;
        return (from == null || offset >= from.at(partition)) && filter.test(event);
    }

    /** Hands over an event; false when the buffer is full (the subscriber is then behind) or it is closing. */
    boolean offer(Delivery delivery) {
        if (behind || closing) {
            return false;
        }
        if (!queue.offer(delivery)) {
            behind = true;
            return false;
        }
        return true;
    }

    boolean behind() {
        return behind;
    }

    /** Forgets what was handed over and not written, to start again from a newer point of the fan-out. */
    void restart() {
        queue.clear();
        behind = false;
    }

    /** Asks its writer to end the stream (the instance is stopping); wakes it if it waits for events. */
    void close() {
        closing = true;
        queue.offer(Delivery.WAKE_UP);
    }

    boolean closing() {
        return closing;
    }
}
