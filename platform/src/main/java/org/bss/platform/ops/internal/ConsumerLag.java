package org.bss.platform.ops.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Every consumer group of the cluster with its committed offsets against the partitions' ends: the lag operators
 * watch. Kafka Streams' application is a group too; the stream's fan-out has none (it reads from the end). Ends are
 * the last stable offsets, so that the commit markers of a transactional topic (analytics' outputs) are no lag.
 */
@Component
class ConsumerLag implements DisposableBean {

    private static final int TIMEOUT_MS = 5000;
    private final AdminClient admin;

    ConsumerLag(KafkaAdmin kafkaAdmin) {
        this.admin = AdminClient.create(kafkaAdmin.getConfigurationProperties());
    }

    record PartitionLag(String topic, int partition, long committed, long end, long lag) {
    }

    record GroupLag(String group, String state, int members, long lag, List<PartitionLag> partitions) {
    }

    record Snapshot(Instant at, List<GroupLag> groups) {
    }

    /**
     * Throws {@link TimeoutException} or {@link ExecutionException} when Kafka does not answer in time; a group or
     * partition whose offsets cannot be read is left out (its lag counted as none).
     */
    Snapshot read() throws InterruptedException, ExecutionException, TimeoutException {
        List<String> groupIds = admin.listGroups(ListGroupsOptions.forConsumerGroups().timeoutMs(TIMEOUT_MS)).all()
                .get(TIMEOUT_MS, TimeUnit.MILLISECONDS).stream()
                .filter(g -> g.type().map(t -> t == GroupType.CONSUMER || t == GroupType.CLASSIC).orElse(true))
                .map(GroupListing::groupId).sorted().toList();
        if (groupIds.isEmpty()) {
            return new Snapshot(Instant.now(), List.of());
        }
        Map<String, ConsumerGroupDescription> descriptions = new HashMap<>();
        admin.describeConsumerGroups(groupIds).describedGroups().forEach((group, description) -> {
            try {
                descriptions.put(group, description.get(TIMEOUT_MS, TimeUnit.MILLISECONDS));
            } catch (ExecutionException | TimeoutException e) {
                // shown as UNKNOWN
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // Each group and partition on its own: one that fails (a group just deleted, a topic being deleted) is left
        // out of this look, the others are not.
        ListConsumerGroupOffsetsResult offsets = admin.listConsumerGroupOffsets(groupIds.stream()
                .collect(Collectors.toMap(g -> g, g -> new ListConsumerGroupOffsetsSpec())));
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
        for (String group : groupIds) {
            try {
                committed.put(group, offsets.partitionsToOffsetAndMetadata(group).get(TIMEOUT_MS, TimeUnit.MILLISECONDS));
            } catch (ExecutionException e) {
                committed.put(group, Map.of());
            }
        }
        Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
        committed.values().forEach(byGroup -> byGroup.keySet().forEach(tp -> wanted.put(tp, OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        ListOffsetsResult latest = wanted.isEmpty() ? null
                : admin.listOffsets(wanted, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED));
        for (TopicPartition partition : wanted.keySet()) {
            try {
                ends.put(partition, latest.partitionResult(partition).get(TIMEOUT_MS, TimeUnit.MILLISECONDS).offset());
            } catch (ExecutionException e) {
                // left out of this look
            }
        }

        List<GroupLag> groups = new ArrayList<>();
        for (String group : groupIds) {
            List<PartitionLag> partitions = new ArrayList<>();
            committed.get(group).forEach((tp, offset) -> {
                if (offset == null || !ends.containsKey(tp)) {
                    return;
                }
                long end = ends.get(tp);
                partitions.add(new PartitionLag(tp.topic(), tp.partition(), offset.offset(), end,
                        Math.max(0, end - offset.offset())));
            });
            partitions.sort(Comparator.comparing(PartitionLag::topic).thenComparingInt(PartitionLag::partition));
            ConsumerGroupDescription description = descriptions.get(group);
            groups.add(new GroupLag(group, description == null ? "UNKNOWN" : description.groupState().toString(),
                    description == null ? 0 : description.members().size(),
                    partitions.stream().mapToLong(PartitionLag::lag).sum(), partitions));
        }
        return new Snapshot(Instant.now(), groups);
    }

    @Override
    public void destroy() {
        admin.close();
    }
}
