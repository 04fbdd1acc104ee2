package org.bss.platform.bus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends a record that a consumer can never process to the dead-letter topic: the original key, value and headers,
 * plus headers naming the stage, the cause and where it came from. Waits for Kafka's acknowledgements, so the
 * records' offsets are committed only once they are safe in the dead-letter topic.
 */
@Component
public class DeadLetters {

    public static final String STAGE = "bss_dlq_stage";
    public static final String CAUSE = "bss_dlq_cause";
    public static final String ERROR = "bss_dlq_error";
    public static final String TOPIC = "bss_dlq_topic";
    public static final String PARTITION = "bss_dlq_partition";
    public static final String OFFSET = "bss_dlq_offset";

    /** Where a record failed: {@code decode} (not a record the platform wrote), {@code store}, {@code project}. */
    public enum Stage { DECODE, STORE, PROJECT }

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final String topic;
    private final MeterRegistry meters;

    public DeadLetters(KafkaTemplate<String, byte[]> kafka, EventTopics topics, MeterRegistry meters) {
        this.kafka = kafka;
        this.topic = topics.deadLetterTopic();
        this.meters = meters;
    }

    /** A record that can never be processed, and why. */
    public record DeadLetter(ConsumerRecord<String, byte[]> record, Stage stage, String cause, Exception error) {
    }

    /**
     * Sends them all, then waits for their acknowledgements (30 s in all): a batch with many poison records waits
     * for Kafka once, not once a record.
     */
    public void send(List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<CompletableFuture<?>> sends = new ArrayList<>(letters.size());
        for (DeadLetter letter : letters) {
            sends.add(kafka.send(record(letter)));
        }
        for (int i = 0; i < letters.size(); i++) {
            ConsumerRecord<String, byte[]> record = letters.get(i).record();
            try {
                sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // Not in the dead-letter topic: fail the batch, so that the record is retried rather than skipped.
                throw new IllegalStateException("could not send " + record.topic() + "-" + record.partition() + "@" + record.offset()
                        + " to " + topic, e);
            }
        }
        for (DeadLetter letter : letters) {
            ConsumerRecord<String, byte[]> record = letter.record();
            Counter.builder("bss.dead.letters").description("Records sent to the dead-letter topic")
                    .tag("stage", letter.stage().name().toLowerCase()).tag("cause", letter.cause()).register(meters).increment();
            // The event's tenant and platform id as the line's own fields (structured logs), where the record has them.
            log.atError().addKeyValue("tenant", EventRecords.tenantOf(record.headers()))
                    .addKeyValue("eventId", EventRecords.eventIdOf(record.headers()))
                    .log("Record {}-{}@{} cannot be processed at stage {} ({}: {}); sent to {}", record.topic(),
                            record.partition(), record.offset(), letter.stage().name().toLowerCase(), letter.cause(),
                            letter.error().getMessage(), topic);
        }
    }

    private ProducerRecord<String, byte[]> record(DeadLetter letter) {
        ConsumerRecord<String, byte[]> record = letter.record();
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(topic, null, record.timestamp(), record.key(), record.value());
        for (Header header : record.headers()) {
            dead.headers().add(header);
        }
        dead.headers().add(STAGE, bytes(letter.stage().name().toLowerCase()))
                .add(CAUSE, bytes(letter.cause()))
                .add(ERROR, bytes(abbreviate(String.valueOf(letter.error().getMessage()))))
                .add(TOPIC, bytes(record.topic()))
                .add(PARTITION, bytes(Integer.toString(record.partition())))
                .add(OFFSET, bytes(Long.toString(record.offset())));
        return dead;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String message) {
        return message.length() <= 1000 ? message : message.substring(0, 1000) + "…";
    }
}
