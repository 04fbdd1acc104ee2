package org.bss.platform.ops.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The platform's consumer groups as Kafka sees them (every group whose id starts with {@code bss}, as all of the
 * platform's do: bss-store, bss-projection, bss-analytics and its sinks, bss-dead-letters):
 * {@code bss.consumer.lag} (records past each group's committed offsets, against the last stable offsets) and
 * {@code bss.consumer.progress.age} (seconds since its committed offsets last moved while records were waiting; see
 * {@link ConsumerProgress}). Kafka is asked every 10 s, whatever the roles of this process: every instance reports
 * the same figures, so rules take their maximum.
 */
@Component
class ConsumerGroupGauges implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ConsumerGroupGauges.class);
    private static final String PREFIX = "bss";
    private static final int TIMEOUT_SECONDS = 5;

    private final KafkaAdmin kafkaAdmin;
    private final MeterRegistry registry;
    private final Map<String, ConsumerProgress> groups = new ConcurrentHashMap<>();
    private volatile AdminClient admin;

    ConsumerGroupGauges(KafkaAdmin kafkaAdmin, MeterRegistry registry) {
        this.kafkaAdmin = kafkaAdmin;
        this.registry = registry;
    }

    @Scheduled(fixedDelay = 10_000, initialDelay = 5_000)
    synchronized void refresh() {
        try {
            look(System.currentTimeMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.debug("The consumer groups' offsets could not be read: {}", e.toString());
        }
    }

    private void look(long now) throws InterruptedException, ExecutionException, TimeoutException {
        if (admin == null) {
            admin = AdminClient.create(kafkaAdmin.getConfigurationProperties());
        }
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        for (GroupListing group : admin.listGroups(ListGroupsOptions.forConsumerGroups()).all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            if (group.groupId().startsWith(PREFIX)) {
                specs.put(group.groupId(), new ListConsumerGroupOffsetsSpec());
            }
        }
        if (specs.isEmpty()) {
            return;
        }
        // Each group and partition on its own: one that fails (a group just deleted, a topic being deleted) is left
        // out of this look, the others are not.
        ListConsumerGroupOffsetsResult offsets = admin.listConsumerGroupOffsets(specs);
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
        for (String group : specs.keySet()) {
            try {
                committed.put(group, offsets.partitionsToOffsetAndMetadata(group).get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                log.debug("The offsets of {} could not be read: {}", group, e.getCause().toString());
            }
        }
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        committed.values().forEach(byGroup -> byGroup.keySet().forEach(p -> partitions.put(p, OffsetSpec.latest())));
        ListOffsetsResult latest = admin.listOffsets(partitions, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED));
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (TopicPartition partition : partitions.keySet()) {
            try {
                ends.put(partition, latest.partitionResult(partition).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).offset());
            } catch (ExecutionException e) {
                log.debug("The end of {} could not be read: {}", partition, e.getCause().toString());
            }
        }
        committed.forEach((group, byPartition) -> {
            Map<String, Long> positions = new HashMap<>();
            long lag = 0;
            for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : byPartition.entrySet()) {
                if (entry.getValue() == null) {
                    continue;
                }
                positions.put(entry.getKey().toString(), entry.getValue().offset());
                Long end = ends.get(entry.getKey());
                lag += end == null ? 0 : Math.max(0, end - entry.getValue().offset());
            }
            ConsumerProgress next = ConsumerProgress.next(groups.get(group), positions, lag, now);
            if (groups.put(group, next) == null) {
                register(group);
            }
        });
    }

    private void register(String group) {
        Gauge.builder("bss.consumer.lag", groups, all -> all.get(group).lag())
                .description("Records on the group's partitions past its committed offsets").baseUnit("records")
                .tag("group", group).register(registry);
        Gauge.builder("bss.consumer.progress.age", groups, all -> all.get(group).ageSeconds())
                .description("Seconds since the group's committed offsets last moved while it had records to read"
                        + " (0 while it has none)")
                .baseUnit("seconds").tag("group", group).register(registry);
    }

    @Override
    public void destroy() {
        AdminClient open = admin;
        if (open != null) {
            open.close(Duration.ofSeconds(1));
        }
    }
}
