package org.bss.platform.ingest.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.bss.platform.bus.BusEvent;
import org.bss.platform.bus.EventRecords;
import org.bss.platform.bus.EventTracing;
import org.bss.platform.bus.EventTopics;
import org.bss.platform.ingest.IngestProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.springframework.stereotype.Component;

/**
 * Produces accepted events to bss.events and reports, per event, whether Kafka acknowledged it (acks=all)
 * within the bound, and at which partition and offset. A caller answers 202 only for acknowledged events.
 */
@Component
@ConditionalOnRole(Role.INGEST)
class EventPublisher {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final String topic;
    private final long timeoutNanos;
    private final Counter unavailable;
    private final EventTracing tracing;

    EventPublisher(KafkaTemplate<String, byte[]> kafka, EventTopics topics, IngestProperties properties,
            MeterRegistry meters, EventTracing tracing) {
        this.kafka = kafka;
        this.tracing = tracing;
        this.topic = topics.eventsTopic();
        this.timeoutNanos = properties.ackTimeout().toNanos();
        this.unavailable = Counter.builder("bss.ingest.unavailable")
                .description("Events refused with 503 because Kafka did not acknowledge them in time")
                .register(meters);
    }

    /**
     * Sends every event, then waits, all of them within one deadline; answers, per event, whether Kafka acknowledged
     * it and where it put it. Events without a {@code traceparent} of their own carry the request's trace context.
     */
    Acknowledgements publish(List<BusEvent> events) {
        long deadline = System.nanoTime() + timeoutNanos;
        EventTracing.Stamp trace = tracing.current();
        List<CompletableFuture<SendResult<String, byte[]>>> sends = new ArrayList<>(events.size());
        boolean blocked = false;
        for (BusEvent event : events) {
            // send() itself may block (no metadata, full buffer) for up to max.block.ms: once it has, or once the
            // deadline has passed, the rest of the batch fails at once instead of blocking event after event.
            if (blocked || System.nanoTime() >= deadline) {
                sends.add(CompletableFuture.failedFuture(new TimeoutException("not sent: Kafka did not take the batch in time")));
                continue;
            }
            try {
                sends.add(kafka.send(EventRecords.toRecord(topic, event, trace)));
            } catch (RuntimeException e) { // e.g. no metadata within max.block.ms: the broker is away
                blocked = true;
                sends.add(CompletableFuture.failedFuture(e));
            }
        }
        Acknowledgements acknowledgements = new Acknowledgements(sends.size());
        Exception firstFailure = null;
        for (int i = 0; i < sends.size(); i++) {
            try {
                RecordMetadata metadata = sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                        .getRecordMetadata();
                acknowledgements.acknowledged(i, metadata.partition(), metadata.offset());
            } catch (TimeoutException | ExecutionException e) {
                firstFailure = firstFailure == null ? e : firstFailure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                firstFailure = firstFailure == null ? e : firstFailure;
            }
        }
        if (firstFailure != null) {
            int failed = acknowledgements.unacknowledged();
            unavailable.increment(failed);
            log.warn("Kafka did not acknowledge {} of {} events within {} ms: {}", failed, events.size(),
                    TimeUnit.NANOSECONDS.toMillis(timeoutNanos), firstFailure.toString());
        }
        return acknowledgements;
    }
}
