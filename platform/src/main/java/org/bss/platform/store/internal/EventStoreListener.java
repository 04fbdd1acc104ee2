package org.bss.platform.store.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.bus.DeadLetters;
import org.bss.platform.bus.EventRecords;
import org.bss.platform.bus.EventTracing;
import org.bss.platform.bus.QualitySignals;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.event.ListenerContainerIdleEvent;
import org.springframework.stereotype.Component;

/**
 * The store role: consumes bss.events in batches and writes each batch to PostgreSQL. The container commits
 * the batch's offsets only after this method returns, that is after the database transaction committed (and
 * after any record that can never be stored is safe in the dead-letter topic). The duplicates a batch found go to
 * bss.quality last, without waiting: a batch is never retried for them.
 */
@Component
@ConditionalOnRole(Role.STORE)
class EventStoreListener {

    // The settings records' beans (named by their prefix and type), so that their defaults are the only ones.
    private static final String SETTINGS = "@'bss.store-org.bss.platform.store.StoreProperties'";
    private static final String TOPICS = "@'bss.kafka-org.bss.platform.bus.EventTopics'";

    private final EventBatchWriter writer;
    private final DeadLetters deadLetters;
    private final QualitySignals quality;
    private final EventTracing tracing;
    private final Counter stored;
    private final DistributionSummary batchSize;
    private final Timer batchDuration;
    private final Timer delay;
    /** Accept instant (epoch ms) of the oldest event in the batch being stored; 0 when caught up. */
    private final AtomicLong oldestUnstored = new AtomicLong();

    EventStoreListener(EventBatchWriter writer, DeadLetters deadLetters, QualitySignals quality, EventTracing tracing,
            MeterRegistry meters) {
        this.writer = writer;
        this.tracing = tracing;
        this.deadLetters = deadLetters;
        this.quality = quality;
        this.stored = Counter.builder("bss.store.events").description("Events written to PostgreSQL").register(meters);
        this.batchSize = DistributionSummary.builder("bss.store.batch.size").description("Records per batch")
                .publishPercentiles(0.5, 0.99).register(meters);
        this.batchDuration = Timer.builder("bss.store.batch.duration").description("Time to store one batch")
                .publishPercentiles(0.5, 0.99).register(meters);
        this.delay = Timer.builder("bss.store.delay").description("From an event's acceptance to its row committed in PostgreSQL")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(meters);
        Gauge.builder("bss.store.lag.seconds", oldestUnstored, t -> t.get() == 0 ? 0
                        : Math.max(0, Duration.between(Instant.ofEpochMilli(t.get()), Instant.now()).toMillis() / 1000.0))
                .description("Now minus the accept time of the oldest event not yet stored").register(meters);
    }

    @KafkaListener(id = "bss-store", topics = "#{" + TOPICS + ".eventsTopic()}",
            groupId = "#{" + SETTINGS + ".consumerGroup()}", concurrency = "#{" + SETTINGS + ".concurrency()}",
            properties = {"max.poll.records=#{" + SETTINGS + ".batchSize()}", "fetch.max.wait.ms=#{" + SETTINGS + ".batchWaitMs()}"})
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        Timer.Sample started = Timer.start();
        batchSize.record(records.size());
        List<StoredEvent> batch = new ArrayList<>(records.size());
        List<ConsumerRecord<String, byte[]>> sources = new ArrayList<>(records.size());
        List<DeadLetters.DeadLetter> undecodable = new ArrayList<>();
        Duplicates duplicates = null;
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                batch.add(new StoredEvent(EventRecords.read(record), record.partition(), record.offset()));
                sources.add(record);
            } catch (RuntimeException e) {
                undecodable.add(new DeadLetters.DeadLetter(record, DeadLetters.Stage.DECODE, "undecodable", e));
            }
        }
        if (!batch.isEmpty()) {
            long oldest = records.stream().mapToLong(ConsumerRecord::timestamp).min().orElse(0);
            oldestUnstored.accumulateAndGet(oldest, (current, mine) -> current == 0 ? mine : Math.min(current, mine));
            List<Span> spans = spans(batch);
            try {
                try {
                    EventBatchWriter.Written written = writer.write(batch);
                    stored.increment(written.stored());
                    duplicates = duplicates(null, written);
                } catch (PoisonException poison) {
                    duplicates = storeOneByOne(batch, sources);
                }
            } catch (RuntimeException e) {
                spans.forEach(span -> EventTracing.failed(span, e));
                throw e;
            }
            spans.forEach(Span::end);
            long committed = System.currentTimeMillis();
            for (ConsumerRecord<String, byte[]> record : sources) {
                delay.record(Math.max(0, committed - record.timestamp()), java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        }
        // Only once the batch is stored: a batch retried while PostgreSQL is away sends nothing twice.
        deadLetters.send(undecodable);
        if (duplicates != null) {
            quality.publish(duplicates.signals());
        }
        oldestUnstored.set(0);
        started.stop(batchDuration);
    }

    /** A span for each event whose trace is sampled, covering its batch's transaction; usually none. */
    private List<Span> spans(List<StoredEvent> batch) {
        List<Span> spans = List.of();
        for (StoredEvent event : batch) {
            Span span = tracing.start("store event", event.record(), event.partition(), event.offset());
            if (!span.isNoop()) {
                if (spans.isEmpty()) {
                    spans = new ArrayList<>();
                }
                spans.add(span);
            }
        }
        return spans;
    }

    /** Adds what a write found to the duplicates so far; null while there are none. */
    private static Duplicates duplicates(Duplicates found, EventBatchWriter.Written written) {
        if (written.duplicates().isEmpty()) {
            return found;
        }
        Duplicates duplicates = found == null ? new Duplicates() : found;
        duplicates.add(written.duplicates());
        return duplicates;
    }

    /**
     * Some rows of the batch are refused by the database: store the rest, send those to the dead letters. Returns
     * the duplicates found, null when none.
     */
    private Duplicates storeOneByOne(List<StoredEvent> batch, List<ConsumerRecord<String, byte[]>> sources) {
        List<DeadLetters.DeadLetter> refused = new ArrayList<>();
        Duplicates duplicates = null;
        for (int i = 0; i < batch.size(); i++) {
            try {
                EventBatchWriter.Written written = writer.write(List.of(batch.get(i)));
                stored.increment(written.stored());
                duplicates = duplicates(duplicates, written);
            } catch (PoisonException poison) {
                refused.add(new DeadLetters.DeadLetter(sources.get(i), DeadLetters.Stage.STORE, poison.cause(), poison));
            }
        }
        deadLetters.send(refused);
        return duplicates;
    }

    @EventListener(condition = "event.listenerId.startsWith('bss-store')")
    void idle(ListenerContainerIdleEvent event) {
        oldestUnstored.set(0);
    }
}
