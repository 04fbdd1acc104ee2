package org.bss.platform.replay.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bss.platform.bus.BusEvent;
import org.bss.platform.bus.EventRecords;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * A Kafka topic in the binding of {@code bss.events} (binary mode, key tenant/subject, so an aggregate's events stay
 * in one partition, in order), each record with the {@code replayid} extension. A page is sent, then all its
 * acknowledgements awaited: the job's position moves only past what Kafka has. The producer retries on its own
 * until its delivery timeout, so the wait here only bounds a producer that breaks that promise.
 */
final class TopicSink implements Sink {

    static final String REPLAY_ID = "ce_replayid";

    private final KafkaTemplate<String, byte[]> kafka;
    private final String topic;
    private final byte[] replayId;
    private final Duration ackWait;

    TopicSink(KafkaTemplate<String, byte[]> kafka, String topic, UUID jobId, Duration ackWait) {
        this.kafka = kafka;
        this.topic = topic;
        this.replayId = jobId.toString().getBytes(StandardCharsets.UTF_8);
        this.ackWait = ackWait;
    }

    @Override
    public List<Refusal> deliver(List<BusEvent> events) throws InterruptedException, DeliveryException {
        List<CompletableFuture<?>> sends = new ArrayList<>(events.size());
        for (BusEvent event : events) {
            ProducerRecord<String, byte[]> record = EventRecords.toRecord(topic, event);
            record.headers().add(REPLAY_ID, replayId);
            sends.add(kafka.send(record));
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(ackWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new DeliveryException("Kafka did not acknowledge the events sent to " + topic + ": "
                    + NestedExceptionUtils.getMostSpecificCause(e).getMessage(), e);
        } catch (TimeoutException e) {
            throw new DeliveryException("Kafka did not acknowledge the events sent to " + topic + " within "
                    + ackWait.toSeconds() + " s", e);
        }
        return List.of();
    }
}
