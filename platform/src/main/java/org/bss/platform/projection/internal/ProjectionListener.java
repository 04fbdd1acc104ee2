package org.bss.platform.projection.internal;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.bss.model.readmodel.Aggregate;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.bus.DeadLetters;
import org.bss.platform.bus.BusRecord;
import org.bss.platform.bus.EventRecords;
import org.bss.platform.bus.EventTracing;
import org.bss.platform.bus.EventTopics;
import org.springframework.dao.DataAccessException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The projection role: consumes bss.events in batches and folds each batch into the read models in one
 * PostgreSQL transaction that also records how far it got on each partition. That position, not Kafka's
 * committed offset, is where the projection resumes (it seeks there on every assignment), so a crash at any point
 * folds each record once. An event sent twice is linked once (its key), so it is folded once too.
 */
@Component
@ConditionalOnRole(Role.PROJECTION)
class ProjectionListener implements ConsumerSeekAware {

    private static final String SETTINGS = "@'bss.projection-org.bss.platform.projection.ProjectionProperties'";
    private static final String TOPICS = "@'bss.kafka-org.bss.platform.bus.EventTopics'";

    private final ProjectionStore store;
    private final Folds folds;
    private final TransactionTemplate transactions;
    private final DeadLetters deadLetters;
    private final ProjectionCommits commits;
    private final JsonMapper json;
    private final EventTracing tracing;
    private final String topic;
    private final Counter folded;
    private final Counter duplicates;
    private final Counter undecodable;
    private final Timer delay;

    ProjectionListener(ProjectionStore store, Folds folds, TransactionTemplate transactions, DeadLetters deadLetters,
            ProjectionCommits commits, ProjectionJson json, EventTopics topics, EventTracing tracing, MeterRegistry meters) {
        this.store = store;
        this.tracing = tracing;
        this.folds = folds;
        this.transactions = transactions;
        this.deadLetters = deadLetters;
        this.commits = commits;
        this.json = json.mapper();
        this.topic = topics.eventsTopic();
        this.folded = Counter.builder("bss.projection.events").description("Events folded into the read models")
                .register(meters);
        this.duplicates = Counter.builder("bss.projection.duplicates")
                .description("Events not folded because an event with the same tenant, source and id already was")
                .register(meters);
        this.undecodable = Counter.builder("bss.projection.undecodable")
                .description("Records skipped because they are not events the platform wrote").register(meters);
        this.delay = Timer.builder("bss.projection.delay")
                .description("From an event's acceptance to its read models committed")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10)).register(meters);
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        Map<Integer, ProjectionStore.Position> positions = store.positions(topic);
        assignments.keySet().forEach(partition -> {
            ProjectionStore.Position position = positions.get(partition.partition());
            if (position != null) {
                callback.seek(partition.topic(), partition.partition(), position.nextOffset());
            }
        });
    }

    @KafkaListener(id = "bss-projection", topics = "#{" + TOPICS + ".eventsTopic()}",
            groupId = "#{" + SETTINGS + ".consumerGroup()}", concurrency = "#{" + SETTINGS + ".concurrency()}",
            properties = {"max.poll.records=#{" + SETTINGS + ".batchSize()}", "fetch.max.wait.ms=#{" + SETTINGS + ".batchWaitMs()}"})
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        List<Decoded> decoded = new ArrayList<>(records.size());
        List<DeadLetters.DeadLetter> poison = new ArrayList<>();
        List<Span> spans = List.of();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                BusRecord event = EventRecords.read(record);
                Incoming incoming = Incoming.of(event, json);
                decoded.add(new Decoded(record, incoming));
                if (incoming != null) {
                    Span span = tracing.start("project event", event, record.partition(), record.offset());
                    if (!span.isNoop()) {
                        spans = spans.isEmpty() ? new ArrayList<>() : spans;
                        spans.add(span);
                    }
                }
            } catch (PoisonException e) {
                poison.add(new DeadLetters.DeadLetter(record, DeadLetters.Stage.PROJECT, e.tag(), e));
            } catch (RuntimeException e) {
                // Not a record the platform wrote: the store sends it to the dead letters (stage decode).
                undecodable.increment();
            }
        }
        try {
            // Dead letters first: the transaction below moves the position past them, so they must be safe before.
            deadLetters.send(poison);
            try {
                committed(transactions.execute(status -> fold(records, decoded)));
            } catch (DataAccessException e) {
                if (!refusedData(e)) {
                    throw e; // the database is away or failing: the batch is retried as it is
                }
                foldOneByOne(records, decoded);
            }
        } catch (RuntimeException e) {
            for (Span span : spans) {
                EventTracing.failed(span, e);
            }
            throw e;
        }
        spans.forEach(Span::end);
        long now = System.currentTimeMillis();
        for (Decoded event : decoded) {
            delay.record(Math.max(0, now - event.record().timestamp()), TimeUnit.MILLISECONDS);
        }
    }

    private void committed(Committed committed) {
        if (committed != null) {
            commits.committed(committed.changes(), committed.positions());
        }
    }

    /**
     * The database refused something of the batch (a value it cannot hold, such as a NUL character in jsonb): each
     * record in its own transaction, and a refused one to the dead letters, its position then moved past it.
     */
    private void foldOneByOne(List<ConsumerRecord<String, byte[]>> records, List<Decoded> decoded) {
        for (ConsumerRecord<String, byte[]> record : records) {
            List<Decoded> mine = decoded.stream().filter(d -> d.record() == record).toList();
            try {
                committed(transactions.execute(status -> fold(List.of(record), mine)));
            } catch (DataAccessException e) {
                if (!refusedData(e)) {
                    throw e;
                }
                deadLetters.send(List.of(new DeadLetters.DeadLetter(record, DeadLetters.Stage.PROJECT, "refused", e)));
                committed(transactions.execute(status -> fold(List.of(record), List.of())));
            }
        }
    }

    /** A data exception (SQLSTATE class 22) or an integrity violation (23): this record will never fold. */
    static boolean refusedData(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }

    private Committed fold(List<ConsumerRecord<String, byte[]>> records, List<Decoded> decoded) {
        Map<Integer, ProjectionStore.Position> reached = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            reached.merge(record.partition(), new ProjectionStore.Position(record.offset() + 1,
                    Instant.ofEpochMilli(record.timestamp())), (a, b) -> a.nextOffset() >= b.nextOffset() ? a : b);
        }
        Map<Integer, Long> next = store.lockPositions(topic, reached.keySet());
        List<Incoming> candidates = new ArrayList<>();
        for (Decoded event : decoded) {
            if (event.incoming() != null && event.record().offset() >= next.getOrDefault(event.record().partition(), 0L)) {
                candidates.add(event.incoming());
            }
        }
        Folds.Folded result = folds.apply(candidates);
        duplicates.increment(result.duplicates());
        reached.keySet().removeIf(partition -> reached.get(partition).nextOffset() <= next.getOrDefault(partition, 0L));
        store.advance(topic, reached);
        folded.increment(result.fresh());
        return new Committed(result.changes(), reached);
    }

    private record Decoded(ConsumerRecord<String, byte[]> record, Incoming incoming) {
    }

    private record Committed(Projector.Changes changes, Map<Integer, ProjectionStore.Position> positions) {
    }
}
