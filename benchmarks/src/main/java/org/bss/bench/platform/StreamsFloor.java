package org.bss.bench.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.WindowedSerdes;

/**
 * Analytics' floor: the least an exactly-once Kafka Streams application does for each event, alone in its own JVM.
 * It reads the platform's events topic from its start and counts each key's events in 1-minute windows (a caching
 * RocksDB store, its changelog, the counts written to a topic) with analytics' settings: exactly-once v2, a 1 s commit
 * interval, 2,000 records a poll, fetches waiting for 64 KB or 50 ms. A first application warms the JIT on a third
 * of the events; a second is measured from its first event to its last.
 *
 * <p>Prints {@value #MEASURING} when the measured application has its first event and then {@value #DONE} followed
 * by the events counted and the CPU nanoseconds, over that span, of its stream thread, of its producer's network
 * thread and of the whole process, so that the caller can read the broker's CPU over the same span.
 *
 * <pre>StreamsFloor BOOTSTRAP TOPIC EVENTS</pre>
 */
public final class StreamsFloor {

    static final String MEASURING = "streams-floor-measuring";
    static final String DONE = "streams-floor-done ";
    /** The kernel's name of the stream thread: the client id and "-StreamThread-1", cut to 15 characters. */
    private static final String CLIENT = "bss-floor-";

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        long events = Math.min(Long.parseLong(args[2]), available(bootstrap, topic));
        long suffix = System.currentTimeMillis();
        run(bootstrap, topic, "bss-floor-warm-" + suffix, Math.max(1, events / 3), false);
        run(bootstrap, topic, "bss-floor-" + suffix, events, true);
    }

    private static void run(String bootstrap, String topic, String application, long events, boolean measured)
            throws Exception {
        Path state = Files.createTempDirectory("bss-floor-");
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong seen = new AtomicLong();
        long pid = ProcessHandle.current().pid();
        long[] start = new long[3];
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topic, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .peek((key, value) -> {
                    long n = seen.incrementAndGet();
                    if (measured && n == 1) {
                        start[0] = ticks(pid, CLIENT);
                        start[1] = ticks(pid, "kafka-producer-");
                        start[2] = processNanos();
                        System.out.println(MEASURING);
                    }
                    if (n == events) {
                        if (measured) {
                            System.out.println(DONE + n + " " + ThreadTicks.cpu(ticks(pid, CLIENT) - start[0]).toNanos()
                                    + " " + ThreadTicks.cpu(ticks(pid, "kafka-producer-") - start[1]).toNanos()
                                    + " " + (processNanos() - start[2]));
                        }
                        done.countDown();
                    }
                })
                .groupByKey()
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), Duration.ofSeconds(10)))
                .count(Materialized.as("counts"))
                .toStream()
                .to(application + "-counts", Produced.with(WindowedSerdes.timeWindowedSerdeFrom(String.class,
                        Duration.ofMinutes(1).toMillis()), Serdes.Long()));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, application);
        config.put(StreamsConfig.CLIENT_ID_CONFIG, CLIENT + (measured ? "m" : "w"));
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        config.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 2000);
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MIN_BYTES_CONFIG), 65536);
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 50);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            admin.createTopics(List.of(new NewTopic(application + "-counts", partitions, (short) 1))).all().get();
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (KafkaStreams streams = new KafkaStreams(builder.build(), config)) {
            streams.setUncaughtExceptionHandler(e -> {
                failure.set(e);
                done.countDown();
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            streams.start();
            if (!done.await(10, TimeUnit.MINUTES) || failure.get() != null) {
                if (failure.get() != null) {
                    throw new IllegalStateException(application + " failed", failure.get());
                }
                throw new IllegalStateException(application + " counted " + seen.get() + " of " + events + " events in 10 minutes");
            }
            streams.close(Duration.ofSeconds(30));
        }
        try (Stream<Path> files = Files.walk(state)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }

    /** The records in the topic now. */
    private static long available(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            return offsets(admin, partitions, OffsetSpec.latest()) - offsets(admin, partitions, OffsetSpec.earliest());
        }
    }

    private static long offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> spec))).all().get().values().stream()
                .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
    }

    private static long ticks(long pid, String prefix) {
        try {
            return ThreadTicks.of(pid, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long processNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
