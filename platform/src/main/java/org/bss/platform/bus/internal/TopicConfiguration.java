package org.bss.platform.bus.internal;

import org.apache.kafka.clients.admin.NewTopic;
import org.bss.platform.bus.EventTopics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Creates the topics at start-up when they are missing (Spring's KafkaAdmin creates NewTopic beans). */
@Configuration(proxyBeanMethods = false)
class TopicConfiguration {

    @Bean
    NewTopic eventsTopic(EventTopics topics) {
        return new NewTopic(topics.eventsTopic(), topics.partitions(), topics.replicationFactor());
    }

    /** Records that can never be stored, with the cause; kept long enough to be looked at and replayed. */
    @Bean
    NewTopic deadLetterTopic(EventTopics topics) {
        return new NewTopic(topics.deadLetterTopic(), topics.partitions(), topics.replicationFactor())
                .configs(java.util.Map.of("retention.ms", String.valueOf(java.time.Duration.ofDays(30).toMillis())));
    }

    /** Data-quality signals ({@link org.bss.platform.bus.QualitySignal}), keyed by tenant. */
    @Bean
    NewTopic qualityTopic(EventTopics topics) {
        return new NewTopic(topics.qualityTopic(), topics.partitions(), topics.replicationFactor());
    }

    /**
     * Changes every instance must apply: one partition (they are few, and order does not matter: each one only
     * makes caches ask again). Instances read it from when they started, so an hour of it is plenty.
     */
    @Bean
    NewTopic controlTopic(EventTopics topics) {
        return new NewTopic(topics.controlTopic(), 1, topics.replicationFactor())
                .configs(java.util.Map.of("retention.ms", String.valueOf(java.time.Duration.ofHours(1).toMillis())));
    }
}
