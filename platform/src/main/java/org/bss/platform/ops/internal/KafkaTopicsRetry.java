package org.bss.platform.ops.internal;

import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The topics are created at start-up; if Kafka was away then, the platform started all the same (writes answered
 * 503 meanwhile) and this creates them as soon as Kafka answers.
 */
@Component
class KafkaTopicsRetry {

    private final KafkaAdmin admin;
    private volatile boolean done;

    KafkaTopicsRetry(KafkaAdmin admin) {
        this.admin = admin;
    }

    @Scheduled(initialDelay = 5_000, fixedDelay = 5_000)
    void createMissingTopics() {
        if (!done) {
            done = admin.initialize();
        }
    }
}
