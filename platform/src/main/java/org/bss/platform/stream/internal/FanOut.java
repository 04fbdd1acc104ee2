package org.bss.platform.stream.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.bss.model.envelope.CloudEvent;
import org.bss.model.envelope.StructuredFormat;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.bus.BusRecord;
import org.bss.platform.bus.EventRecords;
import org.bss.platform.bus.EventTopics;
import org.bss.platform.bus.EventTracing;
import io.micrometer.tracing.Span;
import org.bss.platform.bus.Readers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * This instance's reader of {@code bss.events}: one consumer with every partition assigned (no group, so every
 * instance reads every event), from the end of the topic when the instance starts. Each record of a tenant that has
 * subscribers here is decoded once, rendered once for those whose filter it matches, and added to their buffers. A
 * subscriber joins on this thread, between two polls, so it learns exactly where the fan-out is: everything from
 * there on reaches it, everything before is in the store.
 */
@Component
@ConditionalOnRole(Role.STREAM)
class FanOut implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FanOut.class);
    private static final String TENANT_HEADER = "ce_" + EventRecords.TENANT_EXTENSION;
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long PARTITION_CHECK_NANOS = Duration.ofSeconds(30).toNanos();

    private final ConsumerFactory<?, ?> consumers;
    private final String topic;
    private final Map<String, List<Subscriber>> byTenant = new ConcurrentHashMap<>();
    private final AtomicInteger subscribers = new AtomicInteger();
    private final Queue<Joining> joining = new ConcurrentLinkedQueue<>();
    private final Counter handed;
    private final Counter undecodable;
    private final EventTracing tracing;
    private volatile boolean running;
    private volatile Consumer<byte[], byte[]> consumer;
    private volatile boolean assigned;
    private Thread reader;
    private long[] next = new long[0];
    private long partitionsCheckedAt;

    FanOut(ConsumerFactory<?, ?> consumers, EventTopics topics, MeterRegistry meters, EventTracing tracing) {
        this.consumers = consumers;
        this.tracing = tracing;
        this.topic = topics.eventsTopic();
        Gauge.builder("bss.stream.subscribers", subscribers, AtomicInteger::get)
                .description("Open streams on this instance").register(meters);
        this.handed = Counter.builder("bss.stream.handed").description("Events handed to subscribers' buffers")
                .register(meters);
        this.undecodable = Counter.builder("bss.stream.undecodable")
                .description("Records of bss.events the stream could not read (left out)").register(meters);
    }

    private record Joining(Subscriber subscriber, CompletableFuture<StreamPosition> joined) {
    }

    /**
     * Adds a subscriber; completes with the fan-out's position at that moment: every event from it on (and not before
     * the subscriber's own floor) will be offered to it.
     */
    CompletableFuture<StreamPosition> join(Subscriber subscriber) {
        CompletableFuture<StreamPosition> joined = new CompletableFuture<>();
        if (!running) {
            joined.completeExceptionally(new IllegalStateException("the stream is not running"));
            return joined;
        }
        joining.add(new Joining(subscriber, joined));
        Consumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        return joined;
    }

    /** Removes a subscriber (it is offered nothing more); any thread. */
    void leave(Subscriber subscriber) {
        List<Subscriber> list = byTenant.get(subscriber.tenant);
        if (list != null && list.remove(subscriber)) {
            subscribers.decrementAndGet();
        }
    }

    /** Whether the reader has its partitions and knows where it is on them. */
    boolean ready() {
        return running && assigned;
    }

    /**
     * Also after a {@link #stop()} (a paused application context is started again): a new consumer, from the end of
     * the topic, since every stream ended when it stopped.
     */
    @Override
    public void start() {
        assigned = false;
        next = new long[0];
        running = true;
        reader = Thread.ofPlatform().name("bss-stream-fanout").daemon().start(this::read);
    }

    @Override
    public void stop() {
        log.info("The stream stops: {} open streams on this instance end", subscribers.get());
        running = false;
        Consumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        for (List<Subscriber> list : byTenant.values()) {
            list.forEach(Subscriber::close);
        }
        try {
            reader.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Joining left;
        while ((left = joining.poll()) != null) {
            left.joined().completeExceptionally(new IllegalStateException("the instance is stopping"));
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void read() {
        // Live delivery: a fetch is answered once 16 KiB are there or after 20 ms, fewer fetches than one per record.
        Consumer<byte[], byte[]> created = Readers.create(consumers, "bss-stream",
                "-" + UUID.randomUUID().toString().substring(0, 8), Map.of(
                        ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "16384",
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20",
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000"));
        try (Consumer<byte[], byte[]> c = created) {
            consumer = c;
            while (running) {
                try {
                    if (!assigned || c.assignment().isEmpty()
                            || System.nanoTime() - partitionsCheckedAt > PARTITION_CHECK_NANOS) {
                        assign(c);
                    }
                    admit();
                    ConsumerRecords<byte[], byte[]> records = c.poll(POLL);
                    for (TopicPartition partition : records.partitions()) {
                        handOut(partition.partition(), records.records(partition));
                    }
                } catch (WakeupException e) {
                    // a subscriber joins, or stop() asked
                } catch (RuntimeException e) {
                    if (running) {
                        log.warn("Reading {} for the stream failed ({}); trying again in 1 s", topic, e.toString());
                        pause();
                    }
                }
            }
        } finally {
            consumer = null;
        }
    }

    /**
     * Every partition; from the end when the instance starts, from the first offset for a partition added since
     * (nothing of it can have been missed).
     */
    private void assign(Consumer<byte[], byte[]> c) {
        partitionsCheckedAt = System.nanoTime();
        List<PartitionInfo> infos = c.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist yet");
        }
        if (assigned && infos.size() == next.length && !c.assignment().isEmpty()) {
            return;
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < infos.size(); p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        c.assign(partitions);
        long[] positions = Arrays.copyOf(next, infos.size());
        if (!assigned) {
            c.seekToEnd(partitions);
            for (TopicPartition partition : partitions) {
                positions[partition.partition()] = c.position(partition);
            }
        } else {
            for (int p = next.length; p < positions.length; p++) {
                c.seek(partitions.get(p), 0);
            }
            for (int p = 0; p < next.length; p++) {
                c.seek(partitions.get(p), next[p]);
            }
        }
        next = positions;
        assigned = true;
    }

    private void admit() {
        Joining entry;
        while ((entry = joining.poll()) != null) {
            Subscriber subscriber = entry.subscriber();
            byTenant.computeIfAbsent(subscriber.tenant, t -> new CopyOnWriteArrayList<>()).add(subscriber);
            subscribers.incrementAndGet();
            entry.joined().complete(new StreamPosition(next));
        }
    }

    private void handOut(int partition, List<ConsumerRecord<byte[], byte[]>> records) {
        if (partition >= next.length) {
            assigned = false; // the topic grew: take the new partitions first
            throw new IllegalStateException("a record of partition " + partition + " arrived before it was known");
        }
        long[] base = null;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            List<Subscriber> tenantSubscribers = subscribers.get() == 0 ? null : subscribersOf(record);
            if (tenantSubscribers != null && !tenantSubscribers.isEmpty()) {
                BusRecord bus = decode(record);
                if (bus != null) {
                    Span span = tracing.start("deliver event", bus, partition, record.offset());
                    int offered = 0;
                    CloudEvent event = bus.cloudEvent();
                    Delivery delivery = null;
                    for (Subscriber subscriber : tenantSubscribers) {
                        if (!subscriber.wants(partition, record.offset(), event)) {
                            continue;
                        }
                        if (delivery == null) {
                            if (base == null) {
                                base = next.clone();
                            }
                            delivery = new Delivery(event.type(), StructuredFormat.write(event), record.timestamp(), base,
                                    partition, record.offset());
                        }
                        if (subscriber.offer(delivery)) {
                            handed.increment();
                            offered++;
                        } else {
                            leave(subscriber);
                        }
                    }
                    if (!span.isNoop()) {
                        span.tag("bss.stream.subscribers", offered);
                        span.end();
                    }
                }
            }
            next[partition] = record.offset() + 1;
        }
    }

    private List<Subscriber> subscribersOf(ConsumerRecord<byte[], byte[]> record) {
        Header tenant = record.headers().lastHeader(TENANT_HEADER);
        if (tenant != null) {
            return byTenant.get(new String(tenant.value(), StandardCharsets.UTF_8));
        }
        try { // a structured-mode record carries its tenant inside
            return byTenant.get(EventRecords.read(record).tenant());
        } catch (RuntimeException e) {
            undecodable.increment();
            return null;
        }
    }

    private BusRecord decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            return EventRecords.read(record);
        } catch (RuntimeException e) {
            undecodable.increment();
            log.debug("Left out record {}-{} of {}: {}", record.partition(), record.offset(), topic, e.toString());
            return null;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
