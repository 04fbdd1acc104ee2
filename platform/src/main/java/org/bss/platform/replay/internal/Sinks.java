package org.bss.platform.replay.internal;

import java.net.http.HttpClient;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Opens a job's sink for its target (a rebuild's is opened by the run, with its generation). Replays to a topic
 * have a producer of their own: sharing ingest's would queue live events behind a replay's pages in its buffer
 * and its requests to the brokers.
 */
@Component
@ConditionalOnRole(Role.REPLAY)
class Sinks implements DisposableBean {

    private final DefaultKafkaProducerFactory<String, byte[]> producers;
    private final KafkaTemplate<String, byte[]> kafka;
    private final WebhookSettings webhooks;
    private final HttpClient http;

    Sinks(KafkaProperties kafkaProperties, WebhookSettings webhooks) {
        Map<String, Object> settings = kafkaProperties.buildProducerProperties();
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "bss-replay");
        this.producers = new DefaultKafkaProducerFactory<>(settings);
        this.kafka = new KafkaTemplate<>(producers);
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
        producers.destroy();
    }
}
