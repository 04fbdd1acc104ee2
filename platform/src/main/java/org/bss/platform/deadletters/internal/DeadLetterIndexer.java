package org.bss.platform.deadletters.internal;

import java.util.ArrayList;
import java.util.List;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads the dead-letter topic (its own consumer group) into {@code dead_letters}, a batch in one transaction. The
 * offsets are committed after it; a batch delivered again finds its receipts and changes nothing.
 */
@Component
@ConditionalOnRole(Role.REPLAY)
class DeadLetterIndexer {

    private static final String SETTINGS = "@'bss.dead-letters-org.bss.platform.deadletters.internal.DeadLetterProperties'";
    private static final String TOPICS = "@'bss.kafka-org.bss.platform.bus.EventTopics'";

    private final DeadLetterStore store;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;

    DeadLetterIndexer(DeadLetterStore store, TransactionTemplate transactions, MeterRegistry meters) {
        this.store = store;
        this.transactions = transactions;
        this.meters = meters;
    }

    @KafkaListener(id = "bss-dead-letters", topics = "#{" + TOPICS + ".deadLetterTopic()}",
            groupId = "#{" + SETTINGS + ".consumerGroup()}")
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        List<Failure> indexed = new ArrayList<>();
        transactions.executeWithoutResult(status -> {
            indexed.clear();
            for (ConsumerRecord<String, byte[]> record : records) {
                Failure failure = Failure.of(record);
                if (store.index(failure)) {
                    indexed.add(failure);
                }
            }
        });
        for (Failure failure : indexed) {
            Counter.builder("bss.dead-letters.indexed").description("Records of the dead-letter topic indexed")
                    .tag("stage", failure.stage()).tag("redrive", failure.redriveId() == null ? "false" : "true")
                    .register(meters).increment();
        }
    }
}
