package org.bss.platform.replay.internal;

import java.net.http.HttpClient;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Opens a job's sink for its target (a rebuild's is opened by the run, with its generation). */
@Component
class Sinks implements DisposableBean {

    private final KafkaTemplate<String, byte[]> kafka;
    private final WebhookSettings webhooks;
    private final HttpClient http;

    Sinks(KafkaTemplate<String, byte[]> kafka, WebhookSettings webhooks) {
        this.kafka = kafka;
        this.webhooks = webhooks;
        this.http = WebhookSink.client(webhooks);
    }

    Sink open(ReplayJob job) {
        return switch (job.target()) {
            case ReplayTarget.Topic topic -> new TopicSink(kafka, topic.topic(), job.id());
            case ReplayTarget.Webhook webhook -> new WebhookSink(job.id(), webhook, webhooks, http);
            case ReplayTarget.Rebuild rebuild -> throw new IllegalArgumentException("a rebuild folds into a generation");
        };
    }

    @Override
    public void destroy() {
        http.close();
    }
}
