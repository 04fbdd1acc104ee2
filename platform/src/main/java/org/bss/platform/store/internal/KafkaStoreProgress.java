package org.bss.platform.store.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.bss.platform.bus.EventTopics;
import org.bss.platform.store.StoreProgress;
import org.bss.platform.store.StoreProperties;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * The store's progress from Kafka: its consumer group's committed offsets (committed after the database
 * transaction) and the topic's end offsets. Answers are kept for half a second, so that callers polling it
 * (replays yielding to ingest) cost Kafka two requests a second at most.
 */
@Component
class KafkaStoreProgress implements StoreProgress, DisposableBean {

    private static final long FRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final int TIMEOUT_SECONDS = 5;

    private final KafkaAdmin kafkaAdmin;
    private final String group;
    private final String topic;
    private final int partitions;
    private Snapshot last;
    private AdminClient admin; // made on first use: only replays ask, and most processes never do

    KafkaStoreProgress(KafkaAdmin kafkaAdmin, StoreProperties settings, EventTopics topics) {
        this.kafkaAdmin = kafkaAdmin;
        this.group = settings.consumerGroup();
        this.topic = topics.eventsTopic();
        this.partitions = topics.partitions();
    }

    private record Snapshot(long at, Map<Integer, Long> stored, long backlog, long ends, double arriving) {
    }

    @Override
    public Map<Integer, Long> stored() {
        return snapshot().stored();
    }

    @Override
    public long backlog() {
        return snapshot().backlog();
    }

    @Override
    public double arriving() {
        return snapshot().arriving();
    }

    private synchronized Snapshot snapshot() {
        if (last != null && System.nanoTime() - last.at() < FRESH_NANOS) {
            return last;
        }
        if (admin == null) {
            admin = AdminClient.create(kafkaAdmin.getConfigurationProperties());
        }
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<Integer, Long> stored = new HashMap<>();
            long backlog = 0;
            long total = 0;
            for (TopicPartition partition : List.copyOf(ends.keySet())) {
                OffsetAndMetadata offset = committed.get(partition);
                long next = offset == null ? 0 : offset.offset();
                stored.put(partition.partition(), next);
                backlog += Math.max(0, ends.get(partition).offset() - next);
                total += ends.get(partition).offset();
            }
            long now = System.nanoTime();
            double arriving = last == null ? 0 : Math.max(0, total - last.ends()) * 1e9 / (now - last.at());
            last = new Snapshot(now, Map.copyOf(stored), backlog, total, arriving);
            return last;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking Kafka for the store's offsets", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not tell the store's offsets: " + e, e);
        }
    }

    @Override
    public synchronized void destroy() {
        if (admin != null) {
            admin.close();
        }
    }
}
