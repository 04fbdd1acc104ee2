package org.bss.devservices;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One host's servers of the three-host layout ({@code deploy/three-hosts}), run in the foreground until SIGTERM:
 * a PostgreSQL primary with a streaming standby, a Kafka cluster, or Redis, listening on the address named by
 * {@value Processes#BIND_ADDRESS}. Once all are up it writes their addresses and process ids to
 * {@code <dir>/services.properties}; on SIGTERM it stops them, in the reverse order.
 *
 * <pre>java -Dbss.devservices.bind-address=10.77.0.11 -cp ... org.bss.devservices.HostServices DIR postgres kafka=3 redis</pre>
 */
public final class HostServices {

    private static final Logger log = LoggerFactory.getLogger(HostServices.class);
    static final String READY_FILE = "services.properties";
    static final int POSTGRES_PORT = 5432;
    static final int STANDBY_PORT = 5433;
    static final int REDIS_PORT = 6379;

    private HostServices() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2) {
            System.err.println("usage: HostServices DIR (postgres | kafka=NODES | redis)...");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath().normalize();
        List<AutoCloseable> running = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopAll(running);
            stopped.countDown();
        }, "host-services-stop"));
        Properties ready = new Properties();
        for (String service : List.of(args).subList(1, args.length)) {
            try {
                start(service, dir, running, ready);
            } catch (RuntimeException e) {
                log.error("host services: could not start {}", service, e);
                System.exit(1); // the shutdown hook stops what did start
            }
        }
        write(dir.resolve(READY_FILE), ready);
        log.info("host services at {} ready: {}", Processes.host(), ready);
        stopped.await();
    }

    private static void start(String service, Path dir, List<AutoCloseable> running, Properties ready) {
        String[] nameAndCount = service.split("=", 2);
        switch (nameAndCount[0]) {
            case "postgres" -> {
                EmbeddedPostgres primary = new EmbeddedPostgres(dir.resolve("postgresql"), POSTGRES_PORT, true);
                running.add(primary); // before it starts: a start that fails half way leaves a server to stop
                primary.start();
                EmbeddedPostgres standby = primary.startReplica(dir.resolve("postgresql-standby"), STANDBY_PORT);
                running.add(standby);
                ready.setProperty("postgres.url", primary.jdbcUrl());
                ready.setProperty("postgres.pid", Long.toString(primary.pid()));
                ready.setProperty("postgres.standby.url", standby.jdbcUrl());
                ready.setProperty("postgres.standby.pid", Long.toString(standby.pid()));
            }
            case "kafka" -> {
                int nodes = nameAndCount.length == 2 ? Integer.parseInt(nameAndCount[1]) : 3;
                KafkaCluster cluster = KafkaCluster.start(dir.resolve("kafka"), nodes);
                running.add(cluster);
                ready.setProperty("kafka.bootstrap", cluster.bootstrapServers());
                for (int node = 1; node <= nodes; node++) {
                    ready.setProperty("kafka.node." + node + ".pid", Long.toString(cluster.pid(node)));
                }
            }
            case "redis" -> {
                EmbeddedRedis redis = new EmbeddedRedis(dir.resolve("redis"), REDIS_PORT);
                running.add(redis);
                redis.start();
                ready.setProperty("redis.host", redis.host());
                ready.setProperty("redis.port", Integer.toString(redis.port()));
                ready.setProperty("redis.pid", Long.toString(redis.pid()));
            }
            default -> throw new IllegalArgumentException("no service '" + service + "': postgres, kafka=NODES or redis");
        }
    }

    private static void stopAll(List<AutoCloseable> running) {
        for (AutoCloseable service : running.reversed()) {
            try {
                service.close();
            } catch (Exception e) {
                log.warn("host services: {} did not stop cleanly", service, e);
            }
        }
    }

    /** Written aside and moved, so that a reader never sees half of it. */
    private static void write(Path file, Properties properties) {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (OutputStream out = Files.newOutputStream(partial)) {
            properties.store(out, "the servers of this host");
            out.close();
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
