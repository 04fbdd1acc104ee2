package org.bss.platform.replay.internal;

import java.util.List;
import org.bss.platform.bus.BusEvent;

/** A job's target as it is being delivered to: one page of events at a time, in order. */
interface Sink extends AutoCloseable {

    /**
     * Delivers the events in order and returns those the receiver refused for good (kept in the job's refused
     * list), or throws {@link DeliveryException} when they cannot be delivered now (the job fails and can be
     * resumed from its last position), or {@link InterruptedException} when the job was paused or cancelled.
     */
    List<Refusal> deliver(List<BusEvent> events) throws InterruptedException, DeliveryException;

    @Override
    default void close() {
    }

    /** An event the receiver refused for good, and why (such as "HTTP 400: ..."). */
    record Refusal(BusEvent event, String cause) {
    }

    /** The target cannot take events now (unreachable, answering 5xx after every retry). */
    final class DeliveryException extends Exception {
        DeliveryException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
