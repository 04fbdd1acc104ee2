package org.bss.platform.ingest.internal;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.bss.platform.bus.BusEvent;
import org.bss.platform.bus.EventRecords;
import org.bss.platform.bus.EventTopics;
import org.bss.platform.ingest.IngestProperties;
import org.bss.platform.web.ProblemException;
import org.bss.platform.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Produces accepted events to bss.events and returns only once Kafka acknowledged them (acks=all). */
@Component
class EventPublisher {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final String topic;
    private final long timeoutMillis;
    private final Counter unavailable;

    EventPublisher(KafkaTemplate<String, byte[]> kafka, EventTopics topics, IngestProperties properties,
            MeterRegistry meters) {
        this.kafka = kafka;
        this.topic = topics.eventsTopic();
        this.timeoutMillis = properties.ackTimeout().toMillis();
        this.unavailable = Counter.builder("bss.ingest.unavailable")
                .description("Events refused with 503 because Kafka did not acknowledge them in time")
                .register(meters);
    }

    /** Blocks until Kafka acknowledged the event; a ProblemException (503) when it cannot within the bound. */
    void publish(BusEvent event) {
        ProducerRecord<String, byte[]> record = EventRecords.toRecord(topic, event);
        try {
            kafka.send(record).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException | KafkaException e) {
            throw unavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        }
    }

    private ProblemException unavailable(Exception cause) {
        unavailable.increment();
        log.warn("Kafka did not acknowledge an event within {} ms: {}", timeoutMillis, cause.toString());
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "5");
        return new ProblemException(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.UNAVAILABLE,
                "Event bus unavailable", "The event was not accepted: Kafka cannot take it now. Retry later."), headers);
    }
}
