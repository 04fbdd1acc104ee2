package org.bss.platform.stream.bench;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes to {@code bss.events} as ingest does (its producer settings from application.yaml). Ingest pays for this
 * whatever the live stream does; the benchmark measures it to show its size. Also measures publish to acknowledgement,
 * which a Redis design waits for before it publishes to Redis (only accepted events are streamed).
 */
final class KafkaPublisher implements Publisher {

    static final String CLIENT_ID = "bench-producer";

    private final KafkaProducer<String, byte[]> producer;
    private final SendTimes sendTimes;
    private final LongAdder errors = new LongAdder();
    private Histogram acks;
    private long from;
    private long to;

    KafkaPublisher(String bootstrap, SendTimes sendTimes) {
        this.sendTimes = sendTimes;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30000),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Starts counting acknowledgements of the events numbered {@code [from, to)} afresh. */
    synchronized void window(long from, long to) {
        this.from = from;
        this.to = to;
        this.acks = new Histogram(1_000, Reception.MAX_LATENCY_NANOS, 3);
    }

    @Override
    public void publish(long seq, int tenant, ProducerRecord<String, byte[]> record) {
        producer.send(record, (metadata, exception) -> acknowledged(seq, exception));
    }

    private synchronized void acknowledged(long seq, Exception exception) {
        if (exception != null) {
            errors.increment();
        } else if (acks != null && seq >= from && seq < to) {
            acks.recordValue(Math.min(System.nanoTime() - sendTimes.get(seq), Reception.MAX_LATENCY_NANOS));
        }
    }

    /** Publish to acknowledgement of the window's events. */
    synchronized Histogram acknowledgements() {
        return acks == null ? null : acks.copy();
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public long errors() {
        return errors.sum();
    }

    @Override
    public void close() {
        producer.close();
    }
}
