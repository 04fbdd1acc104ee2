package org.bss.devservices;

/** One server run by {@link DevServices}: in this JVM (Kafka) or as a child process (PostgreSQL, Redis). */
public sealed interface EmbeddedService extends AutoCloseable permits EmbeddedKafka, EmbeddedPostgres, EmbeddedRedis {

    /** {@code kafka}, {@code postgresql} or {@code redis}. */
    String name();

    /** {@code host:port} clients connect to. */
    String address();

    /** The folder this server keeps its data in. */
    java.nio.file.Path dataDir();

    boolean isRunning();

    /** Stops the server but keeps its data and port, e.g. to simulate an outage; {@link #start()} brings it back. */
    void stop();

    /** Starts the server again on the same port and data folder after {@link #stop()}; no-op if running. */
    void start();

    /** Stops the server for good; idempotent, never throws. */
    @Override
    void close();
}
