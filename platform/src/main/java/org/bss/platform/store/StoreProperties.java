package org.bss.platform.store;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param consumerGroup       the Kafka consumer group of the writer
 * @param concurrency         consumers in this process (each takes a share of the topic's partitions)
 * @param partitionsAheadDays daily partitions of the events table created ahead of today
 */
@ConfigurationProperties(prefix = "bss.store")
public record StoreProperties(
        @DefaultValue("bss-store") String consumerGroup,
        @DefaultValue("2") int concurrency,
        @DefaultValue("7") int partitionsAheadDays) {
}
