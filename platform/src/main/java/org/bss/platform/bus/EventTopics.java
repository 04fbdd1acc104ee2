package org.bss.platform.bus;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Kafka topics that carry events between the platform's capabilities.
 *
 * @param controlTopic changes every instance must apply ({@link ControlEvents}); one partition
 */
@ConfigurationProperties(prefix = "bss.kafka")
public record EventTopics(
        @DefaultValue("bss.events") String eventsTopic,
        @DefaultValue("bss.events.dlq") String deadLetterTopic,
        @DefaultValue("bss.control") String controlTopic,
        @DefaultValue("12") int partitions,
        @DefaultValue("1") short replicationFactor) {
}
