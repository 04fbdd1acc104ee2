package org.bss.devservices;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main class of one node of a {@link KafkaCluster}: a Kafka broker and KRaft controller in a JVM of its own,
 * run with {@code KafkaNode <node.properties>} on a log folder {@link KafkaCluster} has formatted.
 *
 * <p>Once it is up (registered with the controller quorum and unfenced), it writes its process id to
 * {@value #READY_FILE} next to its properties file. It ends on SIGTERM with a controlled shutdown, on SIGKILL at
 * once, and also when its standard input ends: the JVM that started it holds the other end, and the node must
 * not outlive it even when that JVM is killed.
 */
public final class KafkaNode {

    /** Written next to the properties file once the node is up; holds its process id. */
    static final String READY_FILE = "ready";
    private static final String LOGBACK_CONFIGURATION = "logback.configurationFile";

    private KafkaNode() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: KafkaNode <node.properties>");
            System.exit(2);
        }
        if (System.getProperty(LOGBACK_CONFIGURATION) == null) {
            // before the first logger: the class path may bring a test configuration that mutes the broker
            System.setProperty(LOGBACK_CONFIGURATION, "org/bss/devservices/kafka-node-logback.xml");
        }
        Logger log = LoggerFactory.getLogger(KafkaNode.class);
        Path propertiesFile = Path.of(args[0]).toAbsolutePath();
        Path ready = propertiesFile.resolveSibling(READY_FILE);
        long started = System.nanoTime();

        Properties properties = load(propertiesFile);
        String nodeId = properties.getProperty("node.id");
        KafkaConfig config = new KafkaConfig(properties, false);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            deleteQuietly(ready);
            EmbeddedKafka.shutdown(server); // a broker's controlled shutdown: its partitions' leadership moves first
        }, "kafka-node-shutdown"));
        haltWhenInputEnds(log);
        try {
            deleteQuietly(ready);
            server.startup(); // returns once the broker is unfenced, so with a quorum of controllers only
            writeReady(ready);
        } catch (Throwable e) {
            log.error("kafka node {} did not start", nodeId, e);
            System.exit(1);
        }
        log.info("kafka node {} up in {}", nodeId, Processes.seconds(started));
        server.awaitShutdown();
    }

    private static Properties load(Path propertiesFile) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(propertiesFile)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + propertiesFile, e);
        }
        return properties;
    }

    private static void haltWhenInputEnds(Logger log) {
        Thread.ofPlatform().daemon().name("kafka-node-parent-watch").start(() -> {
            try {
                while (System.in.read() != -1) {
                    // the parent writes nothing; only the end counts
                }
            } catch (IOException e) {
                // ended all the same
            }
            log.warn("kafka node: the JVM that started it has ended; halting");
            Runtime.getRuntime().halt(1);
        });
    }

    private static void writeReady(Path ready) throws IOException {
        Path written = ready.resolveSibling(READY_FILE + ".tmp");
        Files.writeString(written, Long.toString(ProcessHandle.current().pid()));
        Files.move(written, ready, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the cluster compares the process id in it, so a stale one misleads no one
        }
    }
}
