package org.bss.platform.store;

import java.util.Map;

/** How far the store has come on {@code bss.events}, as Kafka knows it (the store's consumer group). */
public interface StoreProgress {

    /**
     * Per partition, the next offset the store has yet to store: every record before it is committed in
     * PostgreSQL (the store commits its offsets only after its database transaction).
     */
    Map<Integer, Long> stored();

    /** Records on {@code bss.events} not stored yet, over all partitions. */
    long backlog();

    /** Records arriving on {@code bss.events} a second, between the last two looks (0 before there are two). */
    double arriving();
}
