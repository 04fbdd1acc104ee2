package org.bss.platform.bus;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes {@link QualitySignal}s to {@code bss.quality}, fire and forget: the caller never waits, and a signal
 * that cannot be sent is counted ({@code bss.quality.send.failures}, tagged with its reason) and logged at debug,
 * never reported to the caller.
 *
 * <p>The records are handed to one thread of their own: a producer's {@code send} blocks for up to
 * {@code max.block.ms} while it has no metadata for the topic or its buffer is full, and a refused request must
 * not wait for that. When that thread is behind by {@link #QUEUE} publications, further ones are dropped and
 * counted.
 */
@Component
public class QualitySignals implements DisposableBean {

    static final int QUEUE = 10_000;
    private static final Logger log = LoggerFactory.getLogger(QualitySignals.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final String topic;
    private final Map<QualitySignal.Reason, Counter> failures = new EnumMap<>(QualitySignal.Reason.class);
    private final ThreadPoolExecutor sender;

    public QualitySignals(KafkaTemplate<String, byte[]> kafka, EventTopics topics, MeterRegistry meters) {
        this.kafka = kafka;
        this.topic = topics.qualityTopic();
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE),
                Thread.ofPlatform().name("bss-quality").daemon().factory(), (task, executor) -> {
                    String why = executor.isShutdown() ? "the platform is stopping"
                            : "the sender is " + QUEUE + " publications behind";
                    ((Publication) task).signals().forEach(signal -> failed(signal, why));
                });
        for (QualitySignal.Reason reason : QualitySignal.Reason.values()) {
            failures.put(reason, Counter.builder("bss.quality.send.failures")
                    .description("Records for bss.quality that could not be sent")
                    .tag("reason", reason.wireName()).register(meters));
        }
    }

    /** Sends them in the background; returns at once and never throws. */
    public void publish(List<QualitySignal> signals) {
        if (!signals.isEmpty()) {
            sender.execute(new Publication(signals));
        }
    }

    private final class Publication implements Runnable {

        private final List<QualitySignal> signals;

        Publication(List<QualitySignal> signals) {
            this.signals = signals;
        }

        List<QualitySignal> signals() {
            return signals;
        }

        @Override
        public void run() {
            signals.forEach(QualitySignals.this::send);
        }
    }

    private void send(QualitySignal signal) {
        ProducerRecord<String, byte[]> record = signal.toRecord(topic);
        try {
            // The producer itself, not the template: the template logs every failed send at error level.
            kafka.execute(producer -> producer.send(record, (metadata, error) -> {
                if (error != null) {
                    failed(signal, error.toString());
                }
            }));
        } catch (RuntimeException e) {
            failed(signal, e.toString());
        }
    }

    private void failed(QualitySignal signal, String why) {
        failures.get(signal.reason()).increment();
        log.debug("Quality signal not sent to {} ({} {} events of tenant {}): {}", topic, signal.count(),
                signal.reason().wireName(), signal.tenant(), why);
    }

    /** Lets the queued signals go out before the producer closes (it is destroyed after this bean). */
    @Override
    public void destroy() throws InterruptedException {
        sender.shutdown();
        if (!sender.awaitTermination(5, TimeUnit.SECONDS)) {
            sender.shutdownNow();
        }
    }
}
