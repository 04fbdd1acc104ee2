package org.bss.platform.bus.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.bss.model.Uuid7;
import org.bss.platform.bus.ControlEvent;
import org.bss.platform.bus.Readers;
import org.bss.platform.bus.ControlEvents;
import org.bss.platform.bus.EventTopics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * The control topic: one record per change (JSON of the event, its class in {@code bss_type}, the sending instance
 * in {@code bss_origin}). Every instance reads it with a consumer of its own: partitions assigned, not subscribed,
 * so no consumer group and no offset commits, starting from when this instance started.
 */
@Component
class KafkaControlEvents implements ControlEvents, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KafkaControlEvents.class);
    static final String TYPE_HEADER = "bss_type";
    static final String ORIGIN_HEADER = "bss_origin";
    /** Read from a little before start: another machine's clock may be behind, and a change applied twice is harmless. */
    private static final Duration CLOCK_MARGIN = Duration.ofSeconds(10);

    private final KafkaTemplate<String, byte[]> kafka;
    private final ConsumerFactory<?, ?> consumers;
    private final ApplicationEventPublisher local;
    private final JsonMapper json;
    private final String topic;
    private final byte[] origin = Uuid7.next().toString().getBytes(StandardCharsets.US_ASCII);
    private final long readFromMillis = System.currentTimeMillis() - CLOCK_MARGIN.toMillis();
    private volatile boolean running;
    private volatile Consumer<byte[], byte[]> consumer;
    private Thread reader;

    KafkaControlEvents(KafkaTemplate<String, byte[]> kafka, ConsumerFactory<?, ?> consumers, ApplicationEventPublisher local,
            JsonMapper json, EventTopics topics) {
        this.kafka = kafka;
        this.consumers = consumers;
        this.local = local;
        this.json = json;
        this.topic = topics.controlTopic();
    }

    @Override
    public void publish(ControlEvent event) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    deliver(event);
                }
            });
        } else {
            deliver(event);
        }
    }

    private void deliver(ControlEvent event) {
        local.publishEvent(event);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, json.writeValueAsBytes(event));
        record.headers().add(TYPE_HEADER, event.getClass().getName().getBytes(StandardCharsets.UTF_8)).add(ORIGIN_HEADER, origin);
        try {
            kafka.send(record).whenComplete((sent, e) -> {
                if (e != null) {
                    log.warn("{} did not reach {} ({}); other instances apply it on their next refresh", event, topic, e.toString());
                }
            });
        } catch (RuntimeException e) { // no metadata within max.block.ms: Kafka is away
            log.warn("{} did not reach {} ({}); other instances apply it on their next refresh", event, topic, e.toString());
        }
    }

    @Override
    public void start() {
        running = true;
        reader = Thread.ofPlatform().name("bss-control").daemon().start(this::read);
    }

    @Override
    public void stop() {
        running = false;
        Consumer<?, ?> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            reader.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void read() {
        Consumer<byte[], byte[]> created = Readers.create(consumers, "bss-control",
                "-" + new String(origin, StandardCharsets.US_ASCII).substring(28), Map.of(
                        ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1",
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100",
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500"));
        try (Consumer<byte[], byte[]> c = created) {
            consumer = c;
            while (running) {
                try {
                    if (c.assignment().isEmpty()) {
                        assign(c);
                    }
                    for (ConsumerRecord<byte[], byte[]> record : c.poll(Duration.ofSeconds(1))) {
                        receive(record);
                    }
                } catch (WakeupException e) {
                    // stop() asked
                } catch (RuntimeException e) {
                    if (running) {
                        log.warn("Reading {} failed ({}); trying again in 1 s", topic, e.toString());
                        pause();
                    }
                }
            }
        }
    }

    /**
     * Every partition, from the first record since this instance started. The end offsets are taken first: when no
     * record is that recent yet, reading from them misses none that comes later.
     */
    private void assign(Consumer<byte[], byte[]> c) {
        List<PartitionInfo> infos = c.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist yet");
        }
        List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        Map<TopicPartition, Long> ends = c.endOffsets(partitions);
        Map<TopicPartition, OffsetAndTimestamp> since = c.offsetsForTimes(
                partitions.stream().collect(Collectors.toMap(Function.identity(), p -> readFromMillis)));
        c.assign(partitions);
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp first = since.get(partition);
            c.seek(partition, first != null ? first.offset() : ends.get(partition));
        }
    }

    private void receive(ConsumerRecord<byte[], byte[]> record) {
        Header from = record.headers().lastHeader(ORIGIN_HEADER);
        if (from != null && Arrays.equals(from.value(), origin)) {
            return; // delivered here when it was published
        }
        Header type = record.headers().lastHeader(TYPE_HEADER);
        try {
            if (type == null) {
                throw new IllegalArgumentException("no " + TYPE_HEADER + " header");
            }
            Class<?> eventClass = Class.forName(new String(type.value(), StandardCharsets.UTF_8), false,
                    ControlEvent.class.getClassLoader());
            if (!ControlEvent.class.isAssignableFrom(eventClass)) {
                throw new IllegalArgumentException(eventClass.getName() + " is no control event");
            }
            local.publishEvent(json.readValue(record.value(), eventClass));
        } catch (ClassNotFoundException | RuntimeException e) {
            log.warn("Ignored record {} of {}: {}", record.offset(), topic, e.toString());
        }
    }

    private static void pause() {
        try {
            Thread.sleep(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
