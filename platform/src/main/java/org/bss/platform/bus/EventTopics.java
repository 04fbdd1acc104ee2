package org.bss.platform.bus;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Kafka topics that carry events between the platform's capabilities.
 *
 * @param controlTopic changes every instance must apply ({@link ControlEvents}); one partition
 * @param qualityTopic data-quality signals: events refused at the edge, duplicates the store found
 *                     ({@link QualitySignal})
 */
@ConfigurationProperties(prefix = "bss.kafka")
public record EventTopics(
        @DefaultValue("bss.events") String eventsTopic,
        @DefaultValue("bss.events.dlq") String deadLetterTopic,
        @DefaultValue("bss.control") String controlTopic,
        @DefaultValue("bss.quality") String qualityTopic,
        @DefaultValue("12") int partitions,
        @DefaultValue("1") short replicationFactor) {

    @ConstructorBinding
    public EventTopics {
    }

    /** The topics named before {@code bss.quality} existed; the quality topic is its default. */
    public EventTopics(String eventsTopic, String deadLetterTopic, String controlTopic, int partitions,
            short replicationFactor) {
        this(eventsTopic, deadLetterTopic, controlTopic, "bss.quality", partitions, replicationFactor);
    }
}
