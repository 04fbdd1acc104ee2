package org.bss.platform.stream.bench;

import org.apache.kafka.clients.producer.ProducerRecord;

/** Hands an accepted event to the transport; called from the publishing thread only. */
interface Publisher extends AutoCloseable {

    /** The part of publishing whose CPU is measured: what the transport costs the publisher per event. */
    void publish(long seq, int tenant, ProducerRecord<String, byte[]> record);

    /** Sends what is still buffered and waits until the transport has taken it. */
    void flush();

    long errors();

    @Override
    void close();
}
