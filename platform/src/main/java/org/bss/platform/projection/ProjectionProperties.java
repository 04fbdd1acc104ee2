package org.bss.platform.projection;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param consumerGroup   the Kafka consumer group of the projection
 * @param concurrency     consumers in this process (each takes a share of the topic's partitions)
 * @param batchSize       the most records one batch (one transaction) takes
 * @param batchWaitMs     how long a poll waits for a batch to fill
 * @param snapshotEvery   time travel keeps a snapshot of a customer every this many of its events
 * @param consistencyWait how long a read with a consistency token waits for the projection to pass it
 */
@ConfigurationProperties(prefix = "bss.projection")
public record ProjectionProperties(
        @DefaultValue("bss-projection") String consumerGroup,
        @DefaultValue("1") int concurrency,
        @DefaultValue("2000") int batchSize,
        @DefaultValue("50") int batchWaitMs,
        @DefaultValue("100") int snapshotEvery,
        @DefaultValue("5s") Duration consistencyWait) {
}
