package org.bss.platform.stream.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.bss.platform.bus.EventRecords;

/**
 * A consumer of every partition of {@code bss.events}, with no group (each instance reads everything, nothing to
 * commit or rebalance), from the end; every record is read and filtered by tenant here. The classic consumer does all
 * its work, fetching included, on the thread that polls, which is this reader's only thread.
 */
final class KafkaReader implements Reader {

    private static final Duration POLL = Duration.ofMillis(100);

    private final Reception reception;
    private final Map<String, Object> settings;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Thread thread;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    KafkaReader(int reader, Reception reception, String bootstrap, int fetchMinBytes, int fetchMaxWaitMs) {
        this.reception = reception;
        this.settings = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.CLIENT_ID_CONFIG, Reader.threads(reader),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, fetchMinBytes,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, fetchMaxWaitMs);
        this.thread = Thread.ofPlatform().name(Reader.threads(reader)).daemon().unstarted(this::run);
    }

    @Override
    public void start() throws InterruptedException {
        thread.start();
        if (!ready.await(60, TimeUnit.SECONDS) || failure != null) {
            throw new IllegalStateException("the Kafka reader did not get its positions", failure);
        }
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = c;
            List<TopicPartition> partitions = c.partitionsFor(EventPool.TOPIC).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(partitions);
            c.seekToEnd(partitions);
            partitions.forEach(c::position); // resolves the end offsets now, before anything is published
            ready.countDown();
            while (running) {
                reception.pauseIfStalled();
                for (ConsumerRecord<byte[], byte[]> record : c.poll(POLL)) {
                    reception.accept(EventRecords.read(record), System.nanoTime());
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
            ready.countDown();
            if (running) {
                e.printStackTrace();
            }
        }
    }

    @Override
    public Reception reception() {
        return reception;
    }

    @Override
    public int disconnects() {
        return 0;
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
