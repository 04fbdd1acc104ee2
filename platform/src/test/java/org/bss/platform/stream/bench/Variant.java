package org.bss.platform.stream.bench;

import java.util.Locale;

/**
 * One measured configuration: how events reach the readers and how many readers (instances) there are. Zero readers
 * is the baseline that tells what the server spends on the publishing side alone.
 */
record Variant(Transport transport, int readers) {

    enum Transport {
        /** Each reader is a Kafka consumer of every partition, filtering by tenant itself. */
        KAFKA("kafka"),
        /** Each event is published to Redis with its own SPUBLISH, written and flushed at once. */
        REDIS_EACH("redis-each"),
        /** SPUBLISH commands are written without flushing and flushed every few events. */
        REDIS_PIPELINED("redis-pipelined");

        final String label;

        Transport(String label) {
            this.label = label;
        }

        boolean redis() {
            return this != KAFKA;
        }

        static Transport of(String label) {
            for (Transport transport : values()) {
                if (transport.label.equals(label)) {
                    return transport;
                }
            }
            throw new IllegalArgumentException("no transport " + label + " (kafka, redis-each, redis-pipelined)");
        }
    }

    Variant {
        if (readers < 0 || readers > 9) {
            throw new IllegalArgumentException("readers must be 0 to 9: " + readers);
        }
    }

    /** {@code kafka-2}, {@code redis-each-0}, {@code redis-pipelined-2}: the transport, then the number of readers. */
    static Variant parse(String name) {
        String trimmed = name.strip().toLowerCase(Locale.ROOT);
        int dash = trimmed.lastIndexOf('-');
        if (dash < 0) {
            throw new IllegalArgumentException("a variant is TRANSPORT-READERS, e.g. kafka-2: " + name);
        }
        return new Variant(Transport.of(trimmed.substring(0, dash)), Integer.parseInt(trimmed.substring(dash + 1)));
    }

    String name() {
        return transport.label + "-" + readers;
    }
}
