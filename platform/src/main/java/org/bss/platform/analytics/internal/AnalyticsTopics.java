package org.bss.platform.analytics.internal;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.bss.platform.analytics.AnalyticsProperties;
import org.bss.platform.bus.EventTopics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The topics analytics writes, created at start-up when missing (Kafka Streams creates only its internal ones), on
 * every instance: the API writes thresholds wherever it runs.
 */
@Configuration(proxyBeanMethods = false)
class AnalyticsTopics {

    @Bean
    NewTopic enrichedTopic(AnalyticsProperties settings, EventTopics topics) {
        return new NewTopic(settings.enrichedTopic(), topics.partitions(), topics.replicationFactor())
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(Duration.ofDays(1).toMillis())));
    }

    /** Compacted: the last figure of each window; windows older than the longest kept are deleted too. */
    @Bean
    NewTopic aggregatedTopic(AnalyticsProperties settings, EventTopics topics) {
        return new NewTopic(settings.aggregatedTopic(), topics.partitions(), topics.replicationFactor())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "compact,delete",
                        TopicConfig.RETENTION_MS_CONFIG, String.valueOf(Duration.ofDays(7).toMillis())));
    }

    @Bean
    NewTopic alertsTopic(AnalyticsProperties settings, EventTopics topics) {
        return new NewTopic(settings.alertsTopic(), topics.partitions(), topics.replicationFactor())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "compact"));
    }

    @Bean
    NewTopic customersTopic(AnalyticsProperties settings, EventTopics topics) {
        return new NewTopic(settings.customersTopic(), topics.partitions(), topics.replicationFactor())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "compact"));
    }

    @Bean
    NewTopic thresholdsTopic(AnalyticsProperties settings, EventTopics topics) {
        return new NewTopic(settings.thresholdsTopic(), 1, topics.replicationFactor())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "compact"));
    }
}
