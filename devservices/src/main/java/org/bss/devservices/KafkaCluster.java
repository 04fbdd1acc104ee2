package org.bss.devservices;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka cluster of N nodes for fault tests, each node a JVM of its own ({@link KafkaNode}), so that one can be
 * killed (SIGKILL), stopped (SIGTERM, a controlled shutdown), frozen (SIGSTOP) and started again, alone or all
 * together. Every node is broker and KRaft controller, and all are voters of the controller quorum; node ids are
 * 1..N.
 *
 * <p>Each node listens on three ports: CONTROLLER (the quorum), INTERNAL (replication between brokers) and CLIENT.
 * With proxied client ports, a node's CLIENT listener advertises another free port than the one it listens on, so
 * that a TCP proxy the caller runs from that port to the real one sits between the clients and that broker, while
 * replication does not pass through it.
 *
 * <p>Under {@code dir}: {@code cluster.id}, and per node {@code node-<i>/} with its {@code node.properties}, its
 * output {@code kafka.log} and its log folder {@code data/}, formatted on the first start only: a node started
 * again, or a cluster started again on the same folder, keeps its topics and records. The folder is the caller's.
 *
 * <p>A JVM shutdown hook kills the nodes if this JVM ends without {@link #close()}; if it is killed, each node
 * halts when its standard input, held by this JVM, ends.
 */
public final class KafkaCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaCluster.class);
    private static final String CLIENT = "CLIENT";
    private static final String INTERNAL = "INTERNAL";
    private static final Duration UP_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);
    private static final int TAIL_LINES = 30;

    private final Path dir;
    private final String clusterId;
    private final List<KafkaProcess> nodes;
    private final Thread shutdownHook = new Thread(this::close, "kafka-cluster-shutdown");
    private volatile boolean closed;

    /** Where one node listens, and the CLIENT port it advertises: another one for a proxy, or else {@code client}. */
    private record Ports(int controller, int internal, int client, int advertised) {
    }

    private KafkaCluster(Path dir, String clusterId, List<Ports> ports) {
        this.dir = dir;
        this.clusterId = clusterId;
        this.nodes = IntStream.range(0, ports.size())
                .mapToObj(i -> new KafkaProcess(i + 1, ports.get(i), dir.resolve("node-" + (i + 1))))
                .toList();
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** {@link #start(Path, int, boolean)} without proxied client ports: clients connect to the brokers directly. */
    public static KafkaCluster start(Path dir, int nodes) {
        return start(dir, nodes, false);
    }

    /**
     * Starts a cluster of {@code nodes} nodes on free ports with its data under {@code dir}, and returns when every
     * node is up and the cluster reports all of them as brokers.
     *
     * <p>Topic defaults: from 3 nodes on, replication factor 3 (also of the offsets and transaction topics) with
     * at least 2 replicas in sync and 4 partitions; with fewer nodes, replication factor N, 1 in sync, 1 partition.
     * Topics are created on first use; unclean leader election is off.
     *
     * @param proxiedClientPorts whether each node advertises another CLIENT port than it listens on, for a proxy
     *                           the caller runs between the two (see {@link #advertisedPort(int)})
     * @throws IllegalStateException naming the node and quoting the end of its log, if a node ends or is not up
     *                               within 120 s; the cluster is then killed
     */
    public static KafkaCluster start(Path dir, int nodes, boolean proxiedClientPorts) {
        if (nodes < 1) {
            throw new IllegalArgumentException("a cluster has 1 node or more, not " + nodes);
        }
        Path root = dir.toAbsolutePath().normalize();
        String clusterId = clusterId(root);
        long started = System.nanoTime();
        int portsPerNode = proxiedClientPorts ? 4 : 3;
        AtomicReference<KafkaCluster> result = new AtomicReference<>();
        // a port free a moment ago may be taken when a node binds it: then all start again on others
        Processes.startOnFreePorts("kafka cluster", nodes * portsPerNode, Processes::freePorts, free -> {
            KafkaCluster cluster = new KafkaCluster(root, clusterId, ports(free, nodes, proxiedClientPorts));
            try {
                cluster.startAndAwait(cluster.nodes);
            } catch (RuntimeException | Error e) {
                cluster.close();
                throw e;
            }
            result.set(cluster);
        });
        KafkaCluster cluster = result.get();
        log.info("devservices: kafka cluster of {} nodes ready at {} in {}, data in {}", nodes,
                cluster.bootstrapServers(), Processes.seconds(started), root);
        return cluster;
    }

    private static List<Ports> ports(int[] free, int nodes, boolean proxied) {
        List<Ports> ports = new ArrayList<>(nodes);
        for (int i = 0; i < nodes; i++) {
            int base = i * (proxied ? 4 : 3);
            int client = free[base + 2];
            ports.add(new Ports(free[base], free[base + 1], client, proxied ? free[base + 3] : client));
        }
        return ports;
    }

    /** The cluster id all nodes are formatted with, kept in {@code cluster.id}: made on the first start. */
    private static String clusterId(Path dir) {
        Path file = dir.resolve("cluster.id");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).strip();
            }
            Files.createDirectories(dir);
            String id = Uuid.randomUuid().toString();
            Files.writeString(file, id);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    /** The addresses clients bootstrap from: each node's advertised CLIENT address, comma separated. */
    public String bootstrapServers() {
        return nodes.stream().map(node -> Processes.host() + ":" + node.ports.advertised()).collect(Collectors.joining(","));
    }

    /** How many nodes the cluster has; they are numbered 1 to this. */
    public int nodes() {
        return nodes.size();
    }

    /** The port node {@code node}'s CLIENT listener listens on (the one a proxy forwards to). */
    public int clientPort(int node) {
        return node(node).ports.client();
    }

    /**
     * The CLIENT port node {@code node} tells clients to connect to: with proxied client ports, a free port for the
     * caller's proxy to listen on; otherwise {@link #clientPort(int)}.
     */
    public int advertisedPort(int node) {
        return node(node).ports.advertised();
    }

    /** The process id of node {@code node}'s JVM, the running one or else the last one. */
    public long pid(int node) {
        Process process = node(node).process();
        if (process == null) {
            throw new IllegalStateException("kafka node " + node + " was never started");
        }
        return process.pid();
    }

    /** Whether node {@code node}'s JVM runs, also when it is paused. */
    public boolean isRunning(int node) {
        return node(node).isRunning();
    }

    /**
     * Kills node {@code node} with SIGKILL, as a crash would, and returns once its JVM has ended. No-op if not
     * running.
     */
    public void kill(int node) {
        KafkaProcess target = node(node);
        if (target.kill()) {
            log.info("devservices: kafka node {} killed", node);
        }
    }

    /**
     * Stops node {@code node} with SIGTERM: the broker hands its partitions' leadership to the others (a controlled
     * shutdown) and the JVM ends. Returns when it has ended; one still running after 60 s is killed. No-op if not
     * running.
     */
    public void stop(int node) {
        KafkaProcess target = node(node);
        long started = System.nanoTime();
        Process process = target.terminate();
        if (process != null) {
            awaitStopped(target, process, System.nanoTime() + STOP_TIMEOUT.toNanos());
            log.info("devservices: kafka node {} stopped in {}", node, Processes.seconds(started));
        }
    }

    /**
     * Starts node {@code node} again, on the same ports and log folder, and returns once it is up and the cluster
     * reports it as a broker again. No-op if it runs.
     *
     * @throws IllegalStateException naming the node and quoting the end of its log, if it ends or is not up
     *                               within 120 s; it is then killed
     */
    public void start(int node) {
        KafkaProcess target = node(node);
        if (target.isRunning()) {
            return;
        }
        long started = System.nanoTime();
        startAndAwait(List.of(target));
        log.info("devservices: kafka node {} restarted in {}", node, Processes.seconds(started));
    }

    /** Stops all nodes at once (SIGTERM to each, as {@link #stop(int)}), e.g. for an outage of the whole cluster. */
    public void stopAll() {
        long started = System.nanoTime();
        long deadline = started + STOP_TIMEOUT.toNanos();
        List<KafkaProcess> stopping = new ArrayList<>();
        List<Process> processes = new ArrayList<>();
        for (KafkaProcess node : nodes) {
            Process process = node.terminate();
            if (process != null) {
                stopping.add(node);
                processes.add(process);
            }
        }
        for (int i = 0; i < stopping.size(); i++) {
            awaitStopped(stopping.get(i), processes.get(i), deadline);
        }
        log.info("devservices: kafka cluster stopped in {}", Processes.seconds(started));
    }

    /**
     * Starts all nodes that do not run, at once (a controller quorum needs a majority of its voters to come up),
     * and returns when all are up and the cluster reports all of them as brokers.
     *
     * @throws IllegalStateException naming a node and quoting the end of its log, if one ends or is not up within
     *                               120 s; the nodes it started are then killed
     */
    public void startAll() {
        long started = System.nanoTime();
        List<KafkaProcess> stopped = nodes.stream().filter(node -> !node.isRunning()).toList();
        if (stopped.isEmpty()) {
            return;
        }
        startAndAwait(stopped);
        log.info("devservices: kafka nodes {} started in {}", ids(stopped), Processes.seconds(started));
    }

    /**
     * Freezes node {@code node} (SIGSTOP), as a hung machine or a long GC pause would: its connections stay open,
     * and it answers nothing, to clients nor to the other nodes, until {@link #resume(int)}.
     */
    public void pause(int node) {
        node(node).signal("STOP", true);
    }

    /** Lets a node frozen by {@link #pause(int)} go on (SIGCONT). */
    public void resume(int node) {
        node(node).signal("CONT", false);
    }

    /** Kills every node (SIGKILL); idempotent, never throws. The data folder stays. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (KafkaProcess node : nodes) {
            try {
                node.kill();
            } catch (RuntimeException e) {
                log.warn("devservices: could not kill kafka node {}", node.id, e);
            }
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException | SecurityException e) {
                // the JVM is shutting down already
            }
        }
    }

    private KafkaProcess node(int node) {
        if (node < 1 || node > nodes.size()) {
            throw new IllegalArgumentException("no kafka node " + node + "; the nodes are 1 to " + nodes.size());
        }
        return nodes.get(node - 1);
    }

    /** Starts the nodes' JVMs and waits until each is up and the cluster reports it as a broker. */
    private void startAndAwait(List<KafkaProcess> starting) {
        if (closed) {
            throw new IllegalStateException("the kafka cluster was closed");
        }
        long deadline = System.nanoTime() + UP_TIMEOUT.toNanos();
        try {
            starting.forEach(this::launch);
            awaitUp(starting, deadline);
            awaitBrokers(ids(starting), deadline);
        } catch (RuntimeException | Error e) {
            for (KafkaProcess node : starting) {
                try {
                    node.kill(); // the caller gets them as they were, down, not half started
                } catch (RuntimeException killFailure) {
                    e.addSuppressed(killFailure);
                }
            }
            throw e;
        }
    }

    private void launch(KafkaProcess node) {
        if (!EmbeddedKafka.isFormatted(node.dataDir())) {
            EmbeddedKafka.format(node.dataDir(), node.id, clusterId);
        }
        writeProperties(node);
        node.launch(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                KafkaNode.class.getName(), node.propertiesFile().toString()));
    }

    private void writeProperties(KafkaProcess node) {
        Properties properties = new Properties();
        properties.putAll(config(node));
        try (OutputStream out = Files.newOutputStream(node.propertiesFile())) {
            properties.store(out, "kafka node " + node.id + " of the cluster in " + dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + node.propertiesFile(), e);
        }
    }

    private Map<String, String> config(KafkaProcess node) {
        boolean replicated = nodes.size() >= 3;
        Map<String, String> config = EmbeddedKafka.nodeConfig(node.id, replicated ? 3 : nodes.size(), replicated ? 2 : 1,
                node.dataDir());
        Ports ports = node.ports;
        // Static voters (kraft.version 0): the controllers' addresses live in this configuration, not in
        // the metadata log, so a cluster started again on this folder may use other ports.
        config.put("controller.quorum.voters", nodes.stream()
                .map(voter -> voter.id + "@" + Processes.host() + ":" + voter.ports.controller())
                .collect(Collectors.joining(",")));
        config.put("listeners", EmbeddedKafka.CONTROLLER + "://" + Processes.host() + ":" + ports.controller()
                + "," + INTERNAL + "://" + Processes.host() + ":" + ports.internal()
                + "," + CLIENT + "://" + Processes.host() + ":" + ports.client());
        config.put("advertised.listeners", INTERNAL + "://" + Processes.host() + ":" + ports.internal()
                + "," + CLIENT + "://" + Processes.host() + ":" + ports.advertised());
        config.put("listener.security.protocol.map", EmbeddedKafka.CONTROLLER + ":PLAINTEXT,"
                + INTERNAL + ":PLAINTEXT," + CLIENT + ":PLAINTEXT");
        config.put("inter.broker.listener.name", INTERNAL);
        config.put("num.partitions", replicated ? "4" : "1");
        config.put("unclean.leader.election.enable", "false");
        config.put("auto.create.topics.enable", "true");
        // A killed broker keeps its partitions' leadership until its session ends (default 9 s), and
        // started again it may register only then; 6 s still leaves room for a busy machine.
        config.put("broker.session.timeout.ms", "6000");
        return config;
    }

    /**
     * Waits until each node has written its ready file and accepts connections on its three ports; fails as soon as
     * one ends.
     */
    private void awaitUp(List<KafkaProcess> starting, long deadline) {
        Set<KafkaProcess> waiting = new LinkedHashSet<>(starting);
        while (true) {
            for (KafkaProcess node : List.copyOf(waiting)) {
                Process process = node.process();
                if (!process.isAlive()) {
                    throw failure(node, "ended with exit code " + process.exitValue() + " before it was up");
                }
                if (node.isUp(process) && accepts(node.ports.controller()) && accepts(node.ports.internal())
                        && accepts(node.ports.client())) {
                    waiting.remove(node);
                }
            }
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw failure(waiting.iterator().next(), "was not up within " + UP_TIMEOUT.toSeconds() + " s");
            }
            sleep(Duration.ofMillis(100));
        }
    }

    /**
     * Waits until the cluster reports the nodes {@code expected} as brokers (describeCluster, answered by a running
     * node over the INTERNAL listener, which no proxy stands in front of).
     */
    private void awaitBrokers(Set<Integer> expected, long deadline) {
        String bootstrap = nodes.stream().filter(KafkaProcess::isAnswering)
                .map(node -> Processes.host() + ":" + node.ports.internal()).collect(Collectors.joining(","));
        Set<Integer> seen = Set.of();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG, "kafka-cluster-check",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000))) {
            while (!seen.containsAll(expected)) {
                if (System.nanoTime() - deadline > 0) {
                    Set<Integer> reported = seen;
                    int missing = expected.stream().filter(id -> !reported.contains(id)).findFirst().orElseThrow();
                    throw failure(node(missing), "is up, but the cluster reports the brokers " + reported
                            + " and not all of " + expected + " within " + UP_TIMEOUT.toSeconds() + " s");
                }
                sleep(Duration.ofMillis(100));
                seen = brokers(admin);
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(Processes.host(), port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Set<Integer> brokers(Admin admin) {
        try {
            return admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000)).nodes()
                    .get(10, TimeUnit.SECONDS).stream().map(Node::id).collect(Collectors.toSet());
        } catch (ExecutionException | TimeoutException e) {
            return Set.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the kafka cluster", e);
        }
    }

    private void awaitStopped(KafkaProcess node, Process process, long deadline) {
        try {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!process.waitFor(left, TimeUnit.NANOSECONDS)) {
                log.warn("devservices: kafka node {} still running {} s after SIGTERM; killing it\n{}", node.id,
                        STOP_TIMEOUT.toSeconds(), tail(node));
                node.kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for kafka node " + node.id + " to stop", e);
        }
    }

    private static IllegalStateException failure(KafkaProcess node, String what) {
        return new IllegalStateException("kafka node " + node.id + " " + what + "; the last lines of "
                + node.logFile() + ":\n" + tail(node));
    }

    /** The last lines the node's current JVM wrote. */
    private static String tail(KafkaProcess node) {
        try (RandomAccessFile file = new RandomAccessFile(node.logFile().toFile(), "r")) {
            long from = Math.max(node.logOffset(), file.length() - 64 * 1024);
            byte[] bytes = new byte[(int) Math.max(0, file.length() - from)];
            file.seek(from);
            file.readFully(bytes);
            List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read it: " + e + ")";
        }
    }

    private static Set<Integer> ids(List<KafkaProcess> nodes) {
        return nodes.stream().map(node -> node.id).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the kafka cluster", e);
        }
    }

    @Override
    public String toString() {
        return "KafkaCluster[" + bootstrapServers() + ", " + dir + "]";
    }

    /** One node: its ports and folder, fixed, and its JVM, which changes with each start. */
    private static final class KafkaProcess {

        final int id;
        final Ports ports;
        final Path dir;
        private Process process;
        private long logOffset;
        private boolean paused;

        KafkaProcess(int id, Ports ports, Path dir) {
            this.id = id;
            this.ports = ports;
            this.dir = dir;
        }

        Path dataDir() {
            return dir.resolve("data");
        }

        Path propertiesFile() {
            return dir.resolve("node.properties");
        }

        Path logFile() {
            return dir.resolve("kafka.log");
        }

        synchronized Process process() {
            return process;
        }

        synchronized long logOffset() {
            return logOffset;
        }

        synchronized boolean isRunning() {
            return process != null && process.isAlive();
        }

        /** Running and not paused. */
        synchronized boolean isAnswering() {
            return isRunning() && !paused;
        }

        synchronized void launch(List<String> command) {
            if (isRunning()) {
                return;
            }
            try {
                Files.createDirectories(dir);
                Files.deleteIfExists(dir.resolve(KafkaNode.READY_FILE));
                logOffset = Files.exists(logFile()) ? Files.size(logFile()) : 0;
                process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                        .start(); // its standard input stays a pipe from this JVM: see KafkaNode
                paused = false;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start kafka node " + id, e);
            }
        }

        /** Whether {@code current}, this node's JVM, has said it is up. */
        boolean isUp(Process current) {
            try {
                return Files.readString(dir.resolve(KafkaNode.READY_FILE)).strip()
                        .equals(Long.toString(current.pid()));
            } catch (IOException e) {
                return false;
            }
        }

        /** SIGKILL; returns whether it was running, once it has ended. */
        synchronized boolean kill() {
            if (!isRunning()) {
                return false;
            }
            process.destroyForcibly();
            try {
                if (!process.waitFor(KILL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException("kafka node " + id + " (pid " + process.pid()
                            + ") still runs " + KILL_TIMEOUT.toSeconds() + " s after SIGKILL");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while killing kafka node " + id, e);
            }
            paused = false;
            return true;
        }

        /** SIGTERM, and SIGCONT if paused, so that it can act on it; returns the process to wait for, or null. */
        synchronized Process terminate() {
            if (!isRunning()) {
                return null;
            }
            // Process.destroy() would also close the node's standard input, on which it halts at once
            process.toHandle().destroy();
            if (paused) {
                Processes.signal(process.pid(), "CONT");
                paused = false;
            }
            return process;
        }

        synchronized void signal(String signal, boolean pause) {
            if (!isRunning()) {
                throw new IllegalStateException("kafka node " + id + " is not running");
            }
            Processes.signal(process.pid(), signal);
            paused = pause;
        }

        @Override
        public String toString() {
            return "kafka node " + id;
        }
    }
}
