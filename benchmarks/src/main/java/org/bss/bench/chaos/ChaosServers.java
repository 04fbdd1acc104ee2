package org.bss.bench.chaos;

import java.io.IOException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.bss.devservices.DevServices;
import org.bss.devservices.DevServicesSettings;
import org.bss.devservices.EmbeddedPostgres;
import org.bss.devservices.EmbeddedRedis;
import org.bss.devservices.KafkaCluster;
import org.bss.devservices.TcpGate;

/**
 * The platform's servers, each a process of its own so that each can be killed: a Kafka cluster of three KRaft
 * nodes (replication factor 3, min.insync.replicas 2), PostgreSQL and Redis. The platform reaches Kafka and
 * PostgreSQL through {@link TcpGate}s, where network faults are put; replication between the brokers does not pass
 * through them. With {@code diskLimit} (root only), PostgreSQL's data folder is a tmpfs of that size, so that it can
 * be filled.
 */
public final class ChaosServers implements AutoCloseable {

    private static final String BALLAST = "ballast";
    /** Room left on PostgreSQL's disk when it is shrunk to be filled: the ballast written then stays this small. */
    private static final long SHRUNK_HEADROOM = 64L << 20;

    private final KafkaCluster kafka;
    private final DevServices others;
    private final List<TcpGate> kafkaGates;
    private final TcpGate postgresGate;
    private final Path postgresMount;
    private final long diskLimitBytes;

    private ChaosServers(KafkaCluster kafka, DevServices others, List<TcpGate> kafkaGates, TcpGate postgresGate,
            Path postgresMount, long diskLimitBytes) {
        this.kafka = kafka;
        this.others = others;
        this.kafkaGates = kafkaGates;
        this.postgresGate = postgresGate;
        this.postgresMount = postgresMount;
        this.diskLimitBytes = diskLimitBytes;
    }

    /** Starts the servers in {@code dir}; {@code diskLimitBytes} 0 leaves PostgreSQL on the folder's own disk. */
    public static ChaosServers start(Path dir, int brokers, long diskLimitBytes) throws IOException, InterruptedException {
        Path mount = null;
        if (diskLimitBytes > 0) {
            mount = Files.createDirectories(dir.resolve("postgres"));
            run("mount", "-t", "tmpfs", "-o", "size=" + diskLimitBytes, "tmpfs", mount.toString());
        }
        KafkaCluster kafka = null;
        DevServices others = null;
        List<TcpGate> gates = new ArrayList<>();
        try {
            kafka = KafkaCluster.start(dir.resolve("kafka"), brokers, true);
            for (int node = 1; node <= brokers; node++) {
                gates.add(new TcpGate(kafka.advertisedPort(node), TcpGate.Mode.FORWARD, "127.0.0.1", kafka.clientPort(node)));
            }
            others = DevServices.start(new DevServicesSettings(dir, false, true, true, 0, 0, 0));
            EmbeddedPostgres postgres = others.postgres().orElseThrow();
            TcpGate postgresGate = new TcpGate(TcpGate.Mode.FORWARD, "127.0.0.1", postgres.port());
            return new ChaosServers(kafka, others, gates, postgresGate, mount, diskLimitBytes);
        } catch (RuntimeException | Error e) {
            gates.forEach(TcpGate::close);
            if (others != null) {
                others.close();
            }
            if (kafka != null) {
                kafka.close();
            }
            if (mount != null) {
                run("umount", "-l", mount.toString());
            }
            throw e;
        }
    }

    public KafkaCluster kafka() {
        return kafka;
    }

    public EmbeddedPostgres postgres() {
        return others.postgres().orElseThrow();
    }

    public EmbeddedRedis redis() {
        return others.redis().orElseThrow();
    }

    public boolean diskLimited() {
        return postgresMount != null;
    }

    public List<TcpGate> gates(Fault.Link link) {
        return switch (link) {
            case KAFKA -> kafkaGates;
            case POSTGRES -> List.of(postgresGate);
        };
    }

    /** The settings that point a platform at these servers, through the gates. */
    public List<String> platformArgs() {
        EmbeddedPostgres postgres = postgres();
        EmbeddedRedis redis = redis();
        return List.of("--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--bss.kafka.replication-factor=" + Math.min(3, kafka.nodes()),
                "--spring.datasource.url=" + postgres.jdbcUrl().replace(":" + postgres.port() + "/", ":" + postgresGate.port() + "/"),
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--spring.data.redis.host=" + redis.host(), "--spring.data.redis.port=" + redis.port());
    }

    /** {@code CONFIG SET name value} on Redis, over its protocol. */
    public void redisConfig(String name, String value) {
        String[] words = {"CONFIG", "SET", name, value};
        StringBuilder command = new StringBuilder("*").append(words.length).append("\r\n");
        for (String word : words) {
            command.append('$').append(word.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(word).append("\r\n");
        }
        try (Socket socket = new Socket(redis().host(), redis().port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(command.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            String answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            if (answer == null || !answer.startsWith("+OK")) {
                throw new IllegalStateException("Redis refused CONFIG SET " + name + " " + value + ": " + answer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Shrinks PostgreSQL's disk to what it holds now and a little more, then writes a file on it until
     * {@code leftBytes} are free. PostgreSQL writes meanwhile, so the disk is asked how much is free as the file grows;
     * should it fill up first, the file gives {@code leftBytes} back. The disk keeps its whole size until then, so
     * the scenarios before this one (a full run stores a few GB) never meet a full disk.
     */
    public void fillPostgresDisk(long leftBytes) throws IOException, InterruptedException {
        if (postgresMount == null) {
            throw new IllegalStateException("PostgreSQL's disk is not limited (run as root with a disk limit)");
        }
        FileStore disk = Files.getFileStore(postgresMount);
        long used = disk.getTotalSpace() - disk.getUsableSpace();
        resizePostgresDisk(used + SHRUNK_HEADROOM);
        ByteBuffer block = ByteBuffer.allocate(1 << 20);
        try (FileChannel ballast = FileChannel.open(postgresMount.resolve(BALLAST), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            try {
                while (disk.getUsableSpace() > leftBytes + block.capacity()) {
                    ballast.write(block.clear());
                }
            } catch (IOException full) {
                ballast.truncate(Math.max(0, ballast.size() - leftBytes));
            }
        }
    }

    public void emptyPostgresDisk() throws IOException, InterruptedException {
        if (postgresMount != null) {
            Files.deleteIfExists(postgresMount.resolve(BALLAST));
            resizePostgresDisk(diskLimitBytes);
        }
    }

    /** Bytes used and the size of PostgreSQL's disk, when it is limited. */
    public String postgresDiskUse() throws IOException {
        FileStore disk = Files.getFileStore(postgresMount);
        return String.format("%,d MB used of %,d MB", (disk.getTotalSpace() - disk.getUsableSpace()) >> 20,
                disk.getTotalSpace() >> 20);
    }

    private void resizePostgresDisk(long bytes) throws IOException, InterruptedException {
        run("mount", "-o", "remount,size=" + bytes, postgresMount.toString());
    }

    @Override
    public void close() {
        kafkaGates.forEach(TcpGate::close);
        postgresGate.close();
        others.close();
        kafka.close();
        if (postgresMount != null) {
            try {
                run("umount", "-l", postgresMount.toString());
            } catch (IOException | RuntimeException e) {
                // left mounted: the folder is the run's own
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + output.strip());
        }
    }
}
