package org.bss.platform.replay.internal;

import java.net.http.HttpClient;
import java.time.Duration;
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
 * and its requests to the brokers. Its timeouts are Kafka's defaults, not ingest's few seconds: no client waits on a
 * replay, so a broker that is slow or away for a minute (a leader moving, a restart, a loaded machine) delays the
 * page instead of failing the job.
 */
@Component
@ConditionalOnRole(Role.REPLAY)
class Sinks implements DisposableBean {

    static final Duration MAX_BLOCK = Duration.ofSeconds(60);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(2);

    private final DefaultKafkaProducerFactory<String, byte[]> producers;
    private final KafkaTemplate<String, byte[]> kafka;
    private final WebhookSettings webhooks;
    private final HttpClient http;

    Sinks(KafkaProperties kafkaProperties, WebhookSettings webhooks) {
        Map<String, Object> settings = kafkaProperties.buildProducerProperties();
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "bss-replay");
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) MAX_BLOCK.toMillis());
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REQUEST_TIMEOUT.toMillis());
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis());
        this.producers = new DefaultKafkaProducerFactory<>(settings);
        this.kafka = new KafkaTemplate<>(producers);
        this.webhooks = webhooks;
        this.http = WebhookSink.client(webhooks);
    }

    Sink open(ReplayJob job) {
        return switch (job.target()) {
            case ReplayTarget.Topic topic -> new TopicSink(kafka, topic.topic(), job.id(), DELIVERY_TIMEOUT.plus(MAX_BLOCK));
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
