package org.bss.platform.deadletters.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param consumerGroup the Kafka consumer group of the dead-letter index
 * @param redriveLimit  the most dead letters one redrive by stage and cause sends
 */
@ConfigurationProperties(prefix = "bss.dead-letters")
public record DeadLetterProperties(
        @DefaultValue("bss-dead-letters") String consumerGroup,
        @DefaultValue("1000") int redriveLimit) {
}
