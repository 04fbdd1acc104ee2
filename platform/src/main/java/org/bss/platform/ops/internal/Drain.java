package org.bss.platform.ops.internal;

import org.bss.platform.ops.LifecycleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The first thing a closing context does: readiness goes DOWN and, for {@code bss.lifecycle.drain-period}, new
 * writes are answered 503 (see {@link DrainFilter}) while load balancers move traffic elsewhere. Only then do the
 * lifecycle phases stop (Spring publishes {@link ContextClosedEvent} before it stops them): the store's listeners
 * (after their current batch), the web server (which waits for the requests in flight, and so for their Kafka
 * sends), the Kafka producer. A context that is only stopped (a paused test context) does not drain.
 */
@Component
class Drain {

    private static final Logger log = LoggerFactory.getLogger(Drain.class);

    private final LifecycleProperties properties;
    private volatile boolean draining;

    Drain(LifecycleProperties properties) {
        this.properties = properties;
    }

    boolean draining() {
        return draining;
    }

    @EventListener
    void onClose(ContextClosedEvent closed) {
        draining = true;
        AvailabilityChangeEvent.publish(closed.getApplicationContext(), ReadinessState.REFUSING_TRAFFIC);
        log.info("Draining for {} s: readiness is DOWN and new writes get 503", properties.drainPeriod().toSeconds());
        try {
            Thread.sleep(properties.drainPeriod());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
