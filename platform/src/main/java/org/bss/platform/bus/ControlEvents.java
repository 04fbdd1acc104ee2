package org.bss.platform.bus;

/**
 * Spreads {@link ControlEvent}s over the control topic ({@code bss.control}): the instance that made a change
 * publishes it once; every instance, this one included, receives it as an application event, normally within a
 * second. A broadcast can be lost (Kafka away): caches that listen also refresh themselves every
 * {@code bss.cache-refresh} (10 s), which bounds how long a lost one is missed.
 */
public interface ControlEvents {

    /**
     * Delivers the event here and on every other instance; inside a transaction, once it has committed (so that
     * every instance reads the change when it asks PostgreSQL again), and not at all when it rolls back.
     */
    void publish(ControlEvent event);
}
