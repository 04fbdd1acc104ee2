package org.bss.platform.replay.internal;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Opens a job's sink for its target (a rebuild's is opened by the run, with its generation). */
@Component
class Sinks {

    private final KafkaTemplate<String, byte[]> kafka;

    Sinks(KafkaTemplate<String, byte[]> kafka) {
        this.kafka = kafka;
    }

    Sink open(ReplayJob job) {
        return switch (job.target()) {
            case ReplayTarget.Topic topic -> new TopicSink(kafka, topic.topic(), job.id());
            case ReplayTarget.Webhook webhook -> throw new UnsupportedOperationException("webhook targets: not yet");
            case ReplayTarget.Rebuild rebuild -> throw new IllegalArgumentException("a rebuild folds into a generation");
        };
    }
}
