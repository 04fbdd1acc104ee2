package org.bss.devservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Kafka cluster of three nodes, each a JVM of its own, as fault tests use it: clients reach each broker through a
 * TCP proxy on its advertised port, and a record acknowledged with acks=all survives a node killed and started
 * again, and an outage of the whole cluster, exactly once.
 */
class KafkaClusterTest {

    private static final String TOPIC = "cluster.acknowledged";
    private static final int PARTITIONS = 3;

    @TempDir
    static Path dir;

    static KafkaCluster cluster;
    static final List<TcpProxy> proxies = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = KafkaCluster.start(dir, 3, true);
        for (int node = 1; node <= cluster.nodes(); node++) {
            proxies.add(new TcpProxy(cluster.advertisedPort(node), cluster.clientPort(node)));
        }
    }

    @AfterAll
    static void closeCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        for (TcpProxy proxy : proxies) {
            proxy.close();
        }
    }

    @Test
    void eachNodeIsAJvmOfItsOwn() {
        assertThat(cluster.nodes()).isEqualTo(3);
        assertThat(IntStream.rangeClosed(1, 3).mapToObj(cluster::pid).collect(Collectors.toSet()))
                .hasSize(3)
                .doesNotContain(ProcessHandle.current().pid());
    }

    @Test
    void clientsAreToldTheProxiesPorts() throws Exception {
        List<Integer> advertised = IntStream.rangeClosed(1, 3).mapToObj(cluster::advertisedPort).toList();
        assertThat(advertised).doesNotContainAnyElementsOf(
                IntStream.rangeClosed(1, 3).mapToObj(cluster::clientPort).toList());
        assertThat(cluster.bootstrapServers().split(","))
                .containsExactlyElementsOf(advertised.stream().map(port -> "127.0.0.1:" + port).toList());

        try (Admin admin = admin()) {
            assertThat(admin.describeCluster().nodes().get()).extracting(Node::port)
                    .containsExactlyInAnyOrderElementsOf(advertised);
        }
        assertThat(proxies.stream().mapToInt(TcpProxy::accepted).sum()).isPositive();
    }

    @Test
    void aPausedNodeIsFencedAndRejoinsWhenResumed() throws Exception {
        try (Admin admin = admin()) {
            // a client that first learns the cluster while a bootstrap broker is frozen may wait for it for long
            assertThat(brokers(admin)).containsExactlyInAnyOrder(1, 2, 3);
            cluster.pause(3);
            try {
                assertThat(cluster.isRunning(3)).isTrue();
                // it misses its heartbeats: the controllers fence it and no longer report it as a broker
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                        .until(() -> brokers(admin), brokers -> brokers.equals(Set.of(1, 2)));
            } finally {
                cluster.resume(3);
            }
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> brokers(admin), brokers -> brokers.equals(Set.of(1, 2, 3)));
        }
    }

    @Test
    void acknowledgedRecordsSurviveAKilledNodeAndAnOutageOfTheWholeCluster() throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 3)
                    .configs(Map.of("min.insync.replicas", "2")))).all().get();
            assertThat(brokers(admin)).containsExactlyInAnyOrder(1, 2, 3);
        }
        List<String> acknowledged = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer(Duration.ofSeconds(60))) {
            acknowledged.addAll(sendAndAwait(producer, "before-kill", 30));

            long killed = cluster.pid(2);
            cluster.kill(2);
            assertThat(cluster.isRunning(2)).isFalse();
            assertThat(ProcessHandle.of(killed)).isEmpty();
            // a partition led by node 2 has another leader once the controller has fenced it
            acknowledged.addAll(sendAndAwait(producer, "node-2-down", 30));

            cluster.start(2);
            assertThat(cluster.pid(2)).isNotEqualTo(killed);
            try (Admin admin = admin()) {
                assertThat(brokers(admin)).containsExactlyInAnyOrder(1, 2, 3);
            }
            acknowledged.addAll(sendAndAwait(producer, "node-2-back", 30));
        }

        try (KafkaProducer<String, String> producer = producer(Duration.ofSeconds(3))) {
            acknowledged.addAll(sendAndAwait(producer, "before-outage", 3)); // knows the partitions' leaders now

            cluster.stopAll();
            assertThat(IntStream.rangeClosed(1, 3).filter(cluster::isRunning)).isEmpty();

            Future<RecordMetadata> duringOutage = producer.send(new ProducerRecord<>(TOPIC, 0, null, "during-outage"));
            assertThatThrownBy(duringOutage::get)
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(TimeoutException.class);
        }

        cluster.startAll();
        assertThat(IntStream.rangeClosed(1, 3).filter(cluster::isRunning)).containsExactly(1, 2, 3);
        assertThat(readAll()).containsExactlyInAnyOrderElementsOf(acknowledged);
    }

    /** Sends {@code count} records over all partitions and returns their values once all are acknowledged. */
    private static List<String> sendAndAwait(KafkaProducer<String, String> producer, String prefix, int count)
            throws Exception {
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String value = prefix + "-" + i;
            sends.add(producer.send(new ProducerRecord<>(TOPIC, i % PARTITIONS, null, value)));
            values.add(value);
        }
        for (Future<RecordMetadata> send : sends) {
            send.get();
        }
        return values;
    }

    /** Every record of the topic, read from the beginning to the end of each partition. */
    private static List<String> readAll() {
        List<TopicPartition> partitions = IntStream.range(0, PARTITIONS)
                .mapToObj(partition -> new TopicPartition(TOPIC, partition)).toList();
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(60)).pollInSameThread().pollInterval(Duration.ZERO).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return partitions.stream().allMatch(partition -> consumer.position(partition) >= ends.get(partition));
            });
        }
        return values;
    }

    private static KafkaProducer<String, String> producer(Duration deliveryTimeout) {
        Duration requestTimeout = deliveryTimeout.compareTo(Duration.ofSeconds(30)) < 0
                ? deliveryTimeout.minusSeconds(1) : Duration.ofSeconds(30);
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeout.toMillis(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) deliveryTimeout.toMillis(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }

    /** An admin client that gives up on a node after 5 s, so that a paused one only slows it down. */
    private static Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000));
    }

    private static Set<Integer> brokers(Admin admin) throws Exception {
        return admin.describeCluster().nodes().get().stream().map(Node::id).collect(Collectors.toSet());
    }
}
