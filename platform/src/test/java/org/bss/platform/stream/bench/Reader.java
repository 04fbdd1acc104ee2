package org.bss.platform.stream.bench;

/** One instance's reading of the live stream: it receives events and hands those of its tenants to its reception. */
interface Reader extends AutoCloseable {

    /** The prefix of the names of the threads that do this reader's work. */
    static String threads(int reader) {
        return "bench-reader-" + reader;
    }

    /** Returns once the reader would get every event published from now on. */
    void start() throws InterruptedException;

    Reception reception();

    /** How often the server dropped the connection while the reader ran (Redis only). */
    int disconnects();

    @Override
    void close();
}
