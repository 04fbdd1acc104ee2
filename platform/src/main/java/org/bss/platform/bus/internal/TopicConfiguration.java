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
}
