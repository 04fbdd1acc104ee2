package org.bss.platform.ops.internal;

import org.bss.platform.ops.LifecycleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The first thing to stop: readiness goes DOWN and, for {@code bss.lifecycle.drain-period}, new writes are answered
 * 503 (see {@link DrainFilter}) while load balancers move traffic elsewhere. Only then do the web server (which waits
 * for the requests in flight, and so for their Kafka sends), the store's listeners (after their current batch) and
 * the Kafka producer stop, in Spring's lifecycle phases after this one.
 */
@Component
class Drain implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Drain.class);

    private final ApplicationContext context;
    private final LifecycleProperties properties;
    private volatile boolean running;
    private volatile boolean draining;

    Drain(ApplicationContext context, LifecycleProperties properties) {
        this.context = context;
        this.properties = properties;
    }

    boolean draining() {
        return draining;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        draining = true;
        AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
        log.info("Draining for {} s: readiness is DOWN and new writes get 503", properties.drainPeriod().toSeconds());
        try {
            Thread.sleep(properties.drainPeriod());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stopped before every other phase (the web server's graceful shutdown, Kafka listeners). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
