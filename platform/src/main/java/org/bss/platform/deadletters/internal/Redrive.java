package org.bss.platform.deadletters.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.bus.EventTopics;
import org.bss.platform.tenancy.AuditTrail;
import org.bss.platform.tenancy.TenantPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends dead letters back to the topic they came from, as they were (key, value, timestamp, headers but the
 * {@code bss_dlq_*} ones), marked with {@code bss_redrive_id}. One transaction holds the selected rows locked from
 * the selection until they are marked redriven, after Kafka's acknowledgements: a failure of the redriven record,
 * indexed meanwhile, waits for it and then sets the row back to dead; a second redrive of the same rows waits and
 * then finds them redriven.
 */
@Component
@ConditionalOnRole(Role.REPLAY)
class Redrive {

    private static final Logger log = LoggerFactory.getLogger(Redrive.class);
    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final DeadLetterStore store;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<String, byte[]> kafka;
    private final AuditTrail audit;
    private final String eventsTopic;
    private final int limit;
    private final Counter redriven;

    Redrive(DeadLetterStore store, TransactionTemplate transactions, KafkaTemplate<String, byte[]> kafka, AuditTrail audit,
            EventTopics topics, DeadLetterProperties settings, MeterRegistry meters) {
        this.store = store;
        this.transactions = transactions;
        this.kafka = kafka;
        this.audit = audit;
        this.eventsTopic = topics.eventsTopic();
        this.limit = settings.redriveLimit();
        this.redriven = Counter.builder("bss.dead-letters.redriven").description("Dead letters sent back to their topic")
                .register(meters);
    }

    /**
     * What a redrive did: the ids sent (and acknowledged), the ids asked for that are unknown or not dead, those
     * Kafka did not acknowledge (still dead), and whether more of the stage and cause are left past the limit.
     */
    record Outcome(List<UUID> redriven, List<UUID> unknown, List<UUID> notDead, List<UUID> failed, boolean more) {
    }

    Outcome redrive(TenantPrincipal actor, Selection selection) {
        Outcome outcome = transactions.execute(status -> {
            List<DeadLetterStore.Entry> selected;
            List<UUID> unknown = new ArrayList<>();
            List<UUID> notDead = new ArrayList<>();
            boolean more = false;
            if (selection instanceof Selection.ById(List<UUID> ids)) {
                Set<UUID> asked = new LinkedHashSet<>(ids);
                Map<UUID, DeadLetterStore.Entry> found = new LinkedHashMap<>();
                store.lock(asked).forEach(entry -> found.put(entry.id(), entry));
                selected = new ArrayList<>();
                for (UUID id : asked) {
                    DeadLetterStore.Entry entry = found.get(id);
                    if (entry == null) {
                        unknown.add(id);
                    } else if (!entry.status().equals("dead")) {
                        notDead.add(id);
                    } else {
                        selected.add(entry);
                    }
                }
            } else {
                Selection.ByCause byCause = (Selection.ByCause) selection;
                selected = store.lockDead(byCause.stage(), byCause.cause(), byCause.tenant(), limit + 1);
                more = selected.size() > limit;
                selected = selected.subList(0, Math.min(limit, selected.size()));
            }
            List<UUID> sent = new ArrayList<>();
            List<UUID> failed = new ArrayList<>();
            send(selected, sent, failed);
            store.markRedriven(sent);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("selection", selection.describe());
            details.put("count", sent.size());
            if (!failed.isEmpty()) {
                details.put("failed", failed.size());
            }
            audit.record(actor, "dead-letters.redriven",
                    selection instanceof Selection.ByCause byCause ? byCause.tenant() : null, details);
            return new Outcome(sent, unknown, notDead, failed, more);
        });
        redriven.increment(outcome.redriven().size());
        return outcome;
    }

    /** Sends them all, then waits for their acknowledgements (30 s in all). */
    private void send(List<DeadLetterStore.Entry> entries, List<UUID> sent, List<UUID> failed) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ACK_TIMEOUT_SECONDS);
        List<CompletableFuture<?>> sends = new ArrayList<>(entries.size());
        for (DeadLetterStore.Entry entry : entries) {
            try {
                sends.add(kafka.send(record(entry)));
            } catch (RuntimeException e) {
                sends.add(CompletableFuture.failedFuture(e));
            }
        }
        for (int i = 0; i < entries.size(); i++) {
            UUID id = entries.get(i).id();
            try {
                sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                sent.add(id);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                failed.add(id);
                log.warn("Dead letter {} could not be redriven: {}", id, e.toString());
            }
        }
    }

    private ProducerRecord<String, byte[]> record(DeadLetterStore.Entry entry) {
        String topic = entry.originTopic() == null ? eventsTopic : entry.originTopic();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, entry.timestamp(), entry.key(), entry.value());
        for (StoredHeader header : entry.headers()) {
            if (!header.name().startsWith(Failure.DLQ_PREFIX) && !header.name().equals(Failure.REDRIVE_ID)) {
                record.headers().add(header.name(), header.value());
            }
        }
        record.headers().add(Failure.REDRIVE_ID, entry.id().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return record;
    }
}
