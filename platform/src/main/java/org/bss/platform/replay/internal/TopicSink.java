package org.bss.platform.replay.internal;

import java.nio.charset.StandardCharsets;
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
import org.springframework.kafka.core.KafkaTemplate;

/**
 * A Kafka topic in the binding of {@code bss.events} (binary mode, key tenant/subject, so an aggregate's events stay
 * in one partition, in order), each record with the {@code replayid} extension. A page is sent, then all its
 * acknowledgements awaited: the job's position moves only past what Kafka has.
 */
final class TopicSink implements Sink {

    static final String REPLAY_ID = "ce_replayid";
    private static final long ACK_SECONDS = 30;

    private final KafkaTemplate<String, byte[]> kafka;
    private final String topic;
    private final byte[] replayId;

    TopicSink(KafkaTemplate<String, byte[]> kafka, String topic, UUID jobId) {
        this.kafka = kafka;
        this.topic = topic;
        this.replayId = jobId.toString().getBytes(StandardCharsets.UTF_8);
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
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(ACK_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new DeliveryException("Kafka did not acknowledge the events sent to " + topic + ": "
                    + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        }
        return List.of();
    }
}
