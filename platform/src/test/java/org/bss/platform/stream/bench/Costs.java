package org.bss.platform.stream.bench;

import java.util.List;

/**
 * What the live stream adds per event in one variant, in µs of CPU, split as the comparison needs it: the publishing
 * side (client, then server), the server's work for the readers, and each reader. The server's share for the readers
 * is what it used beyond the same transport's 0-reader run (NaN without one). For Kafka the publishing side is
 * nothing: ingest writes every event to {@code bss.events} whatever the live stream does.
 */
record Costs(boolean redis, int readers, double publishClient, double publishServer, double serverForReaders,
             double perReader, double server) {

    static Costs of(VariantRun.Result result, List<VariantRun.Result> all) {
        VariantRun.Result baseline = all.stream()
                .filter(r -> r.variant().transport() == result.variant().transport() && r.variant().readers() == 0)
                .findFirst().orElse(null);
        int readers = result.variant().readers();
        if (result.variant().transport().redis()) {
            double server = result.micros(result.usage().redis());
            double publishServer = baseline == null ? Double.NaN : baseline.micros(baseline.usage().redis());
            return new Costs(true, readers, publishClient(result), publishServer, server - publishServer,
                    result.readerMicros(), server);
        }
        double broker = result.componentMicros(CpuSample.Usage.BROKER);
        double brokerAlone = baseline == null ? Double.NaN : baseline.componentMicros(CpuSample.Usage.BROKER);
        return new Costs(false, readers, 0, 0, broker - brokerAlone, result.readerMicros(), broker);
    }

    /** The publish call on the publishing thread and the client's own I/O threads. */
    static double publishClient(VariantRun.Result result) {
        return result.publishCallNanos() / 1000
                + result.componentMicros(result.variant().transport().redis()
                ? CpuSample.Usage.PUBLISHER_LETTUCE : CpuSample.Usage.PRODUCER_IO);
    }

    /**
     * Everything the live stream adds: for Redis all of redis-server's CPU counts (it serves only the stream), known
     * with or without a baseline; for Kafka the broker's extra needs the 0-reader run.
     */
    double total() {
        return redis ? publishClient + server + readers * perReader : serverForReaders + readers * perReader;
    }
}
