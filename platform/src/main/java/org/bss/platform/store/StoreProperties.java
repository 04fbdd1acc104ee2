package org.bss.platform.store;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param consumerGroup       the Kafka consumer group of the writer
 * @param concurrency         consumers in this process (each takes a share of the topic's partitions)
 * @param batchSize           the most records one batch (one transaction) takes
 * @param batchWaitMs         how long a poll waits for a batch to fill
 * @param partitionsAheadDays daily partitions of the events table created ahead of today
 * @param retentionDays       how long events are kept, unless a tenant says otherwise
 */
@ConfigurationProperties(prefix = "bss.store")
public record StoreProperties(
        @DefaultValue("bss-store") String consumerGroup,
        @DefaultValue("2") int concurrency,
        @DefaultValue("5000") int batchSize,
        @DefaultValue("50") int batchWaitMs,
        @DefaultValue("7") int partitionsAheadDays,
        @DefaultValue("30") int retentionDays) {
}
