package org.bss.platform.analytics.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.analytics.AnalyticsProperties;
import org.bss.platform.bus.EventTopics;
import org.bss.platform.bus.EventTracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the analytics topology in this process, exactly once: state stores in memory, restored from their
 * changelogs at start; a stream thread that fails is replaced.
 */
@Component
@ConditionalOnRole(Role.ANALYTICS)
class AnalyticsStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AnalyticsStreams.class);

    private final AnalyticsProperties settings;
    private final EventTopics topics;
    private final KafkaProperties kafka;
    private final MeterRegistry meters;
    private final EventTracing tracing;
    private KafkaStreams streams;
    private KafkaStreamsMetrics metrics;
    private Path temporaryState;

    AnalyticsStreams(AnalyticsProperties settings, EventTopics topics, KafkaProperties kafka, MeterRegistry meters,
            EventTracing tracing) {
        this.settings = settings;
        this.tracing = tracing;
        this.topics = topics;
        this.kafka = kafka;
        this.meters = meters;
    }

    @Override
    public synchronized void start() {
        Properties config = new Properties();
        Map<String, Object> common = kafka.buildStreamsProperties();
        common.remove(StreamsConfig.APPLICATION_ID_CONFIG);
        config.putAll(common);
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()));
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitInterval().toMillis());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.threads());
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) topics.replicationFactor());
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir().toString());
        config.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class);
        config.put(BoundedRocksDb.MEMORY_CONFIG, settings.storeMemory().toBytes());
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 2000);
        streams = new KafkaStreams(AnalyticsTopology.build(settings,
                new AnalyticsTopology.Topics(topics.eventsTopic(), topics.qualityTopic(), topics.partitions()), tracing), config);
        streams.setUncaughtExceptionHandler(e -> {
            log.error("An analytics stream thread failed; it is replaced", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> log.info("Analytics: {} (was {})", now, before));
        metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(meters);
        streams.start();
    }

    /** Whether the application runs (or rebalances); false once it failed for good or was stopped. */
    boolean running() {
        KafkaStreams current = streams;
        return current != null && current.state().isRunningOrRebalancing();
    }

    KafkaStreams.State state() {
        KafkaStreams current = streams;
        return current == null ? KafkaStreams.State.NOT_RUNNING : current.state();
    }

    @Override
    public synchronized void stop() {
        if (streams == null) {
            return;
        }
        // Leaving the group lets the others (or this one, started again) take its tasks at once, not after the
        // session timeout.
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(10)));
        metrics.close();
        streams = null;
        if (temporaryState != null) {
            delete(temporaryState);
            temporaryState = null;
        }
    }

    @Override
    public boolean isRunning() {
        return streams != null;
    }

    private Path stateDir() {
        if (settings.stateDir() != null && !settings.stateDir().isBlank()) {
            return Path.of(settings.stateDir());
        }
        try {
            temporaryState = Files.createTempDirectory("bss-analytics-");
            return temporaryState;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a state folder for analytics", e);
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.debug("Could not remove {}: {}", folder, e.getMessage());
        }
    }
}
