package org.bss.devservices;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker in this JVM, in KRaft combined mode (broker and controller in one node).
 * The log folder is formatted on first start only, so topics and records survive restarts of the JVM.
 */
public final class EmbeddedKafka implements EmbeddedService {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;
    /** The name of the controller listener, in the log folder's format and in the configuration. */
    static final String CONTROLLER = "CONTROLLER";

    private final Path logDir;
    private final int requestedPort;
    private final IntFunction<int[]> freePorts;
    private int port;
    private int controllerPort;
    private KafkaRaftServer server;
    private boolean closed;

    EmbeddedKafka(Path logDir, int port) {
        this(logDir, port, Processes::freePorts);
    }

    /** {@code freePorts} gives {@code n} free ports; tests give taken ones to see a start try again. */
    EmbeddedKafka(Path logDir, int port, IntFunction<int[]> freePorts) {
        this.logDir = logDir;
        this.requestedPort = port;
        this.freePorts = freePorts;
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public synchronized String address() {
        return "127.0.0.1:" + port;
    }

    /** {@code 127.0.0.1:PORT}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return address();
    }

    public Path dataDir() {
        return logDir;
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null;
    }

    @Override
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("kafka was closed");
        }
        if (server != null) {
            return;
        }
        long started = System.nanoTime();
        boolean firstStart = port == 0;
        if (firstStart) {
            // the controller's port is always a free one, so a port taken in between is worth another try
            Processes.startOnFreePorts(name(), 2, freePorts,
                    free -> run(requestedPort != 0 ? requestedPort : free[0], free[1]));
        } else {
            run(port, controllerPort);
        }
        log.info("devservices: kafka {} (KRaft) {} at {} in {}, data in {}", AppInfoParser.getVersion(),
                firstStart ? "ready" : "restarted", address(), Processes.seconds(started), logDir);
    }

    private void run(int brokerPort, int controllerPort) {
        KafkaConfig config = new KafkaConfig(config(brokerPort, controllerPort), false);
        if (!isFormatted(logDir)) {
            format(logDir, NODE_ID, Uuid.randomUuid().toString());
        }
        KafkaRaftServer candidate = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            candidate.startup();
        } catch (RuntimeException e) {
            shutdown(candidate);
            throw e;
        }
        this.server = candidate;
        this.port = brokerPort;
        this.controllerPort = controllerPort;
    }

    private Map<String, String> config(int brokerPort, int controllerPort) {
        Map<String, String> config = nodeConfig(NODE_ID, 1, 1, logDir);
        // Static voters (kraft.version 0): the controller address lives in this config, not in the
        // metadata log, so a later start may use other ports on the same data.
        config.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + "," + CONTROLLER + "://127.0.0.1:" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("auto.create.topics.enable", "false");
        // After a kill the restarted broker must wait for the session of its former self to time out
        // (default 9 s) before it may register; heartbeats stay in this JVM, so a shorter one is safe.
        config.put("broker.session.timeout.ms", "4000");
        return config;
    }

    /**
     * What a combined broker and controller of ours sets whether it runs alone or in a cluster: its id and log folder,
     * the replication of every topic and of the internal ones, small internal topics, no rebalance delay, a second's
     * heartbeat, and a small log cleaner buffer.
     */
    static Map<String, String> nodeConfig(int nodeId, int replicationFactor, int minInSync, Path logDir) {
        String replicas = String.valueOf(replicationFactor);
        String inSync = String.valueOf(minInSync);
        Map<String, String> config = new HashMap<>(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", String.valueOf(nodeId)),
                Map.entry("controller.listener.names", CONTROLLER),
                Map.entry("log.dirs", logDir.toString()),
                Map.entry("default.replication.factor", replicas),
                Map.entry("min.insync.replicas", inSync),
                Map.entry("offsets.topic.replication.factor", replicas),
                Map.entry("offsets.topic.num.partitions", "10"),
                Map.entry("transaction.state.log.replication.factor", replicas),
                Map.entry("transaction.state.log.min.isr", inSync),
                Map.entry("transaction.state.log.num.partitions", "10"),
                Map.entry("share.coordinator.state.topic.replication.factor", replicas),
                Map.entry("share.coordinator.state.topic.min.isr", inSync),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("broker.heartbeat.interval.ms", "1000"),
                // the log cleaner allocates this buffer up front; the default is 128 MB
                Map.entry("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024))));
        return config;
    }

    /** Whether {@code logDir} holds a formatted KRaft log folder (what {@link #format} writes). */
    static boolean isFormatted(Path logDir) {
        return Files.exists(logDir.resolve("meta.properties"));
    }

    /**
     * Formats {@code logDir} for node {@code nodeId} of cluster {@code clusterId}, as {@code kafka-storage.sh
     * format} does, for a static controller quorum ({@code controller.quorum.voters}, kraft.version 0).
     */
    static void format(Path logDir, int nodeId, String clusterId) {
        try {
            Files.createDirectories(logDir);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(nodeId)
                    .setClusterId(clusterId)
                    .setControllerListenerName(CONTROLLER)
                    .setMetadataLogDirectory(logDir.toString())
                    .addDirectory(logDir.toString())
                    .setHasDynamicQuorum(false)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("could not format the kafka log folder " + logDir, e);
        }
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            long started = System.nanoTime();
            shutdown(server);
            server = null;
            log.debug("devservices: kafka stopped in {}", Processes.seconds(started));
        }
    }

    /** Shuts {@code server} down and waits for it; a failure is logged, not thrown. */
    static void shutdown(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            log.warn("devservices: kafka did not shut down cleanly", e);
        }
    }

    @Override
    public synchronized void close() {
        stop();
        closed = true;
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + address() + ", " + logDir + "]";
    }
}
