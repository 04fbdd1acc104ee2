package org.bss.devservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM killed with SIGKILL cannot stop its PostgreSQL and Redis: the next start on the same folder stops them
 * and goes on with the data; the next {@code shared()} stops those left on a temporary folder and deletes it.
 */
class KilledProcessTest {

    @TempDir
    Path dataDir;

    @Test
    void theNextStartStopsTheServersAKilledJvmLeftAndKeepsTheData() throws Exception {
        Process child = startChild(dataDir.toString());
        try {
            awaitReady(child);
            long postgresPid = pid(dataDir.resolve("postgres/postmaster.pid"));
            long redisPid = pid(dataDir.resolve("redis/redis.pid"));

            child.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs
            assertThat(alive(postgresPid)).isTrue();
            assertThat(alive(redisPid)).isTrue();

            try (DevServices services = DevServices.start(DevServicesSettings.all(dataDir))) {
                await().atMost(Duration.ofSeconds(10)).until(() -> !alive(postgresPid) && !alive(redisPid));
                assertThat(Clients.read(services.kafka().orElseThrow(), "devservices.child", 1))
                        .containsExactly("from the child");
                try (Connection connection = Clients.connect(services.postgres().orElseThrow());
                     Statement statement = connection.createStatement();
                     ResultSet rows = statement.executeQuery("select count(*) from child")) {
                    rows.next();
                    assertThat(rows.getInt(1)).isEqualTo(1);
                }
                assertThat(Clients.ping(services.redis().orElseThrow())).isEqualTo("+PONG");
            }
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void theTemporaryFolderOfAKilledTestJvmIsCleanedUp() throws Exception {
        Process child = startChild(Child.SHARED);
        try {
            Path tempDir = Path.of(awaitReady(child));
            long postgresPid = pid(tempDir.resolve("postgres/postmaster.pid"));
            long redisPid = pid(tempDir.resolve("redis/redis.pid"));
            child.destroyForcibly().waitFor();

            // folders younger than a minute are left alone: they may belong to a JVM that is starting
            Files.setLastModifiedTime(tempDir, FileTime.from(Instant.now().minus(Duration.ofMinutes(2))));
            DevServices.cleanUpAbandonedTempDirs();

            assertThat(tempDir).doesNotExist();
            await().atMost(Duration.ofSeconds(10)).until(() -> !alive(postgresPid) && !alive(redisPid));
        } finally {
            child.destroyForcibly();
        }
    }

    private static Process startChild(String argument) throws Exception {
        return new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), Child.class.getName(), argument)
                .redirectErrorStream(true)
                .start();
    }

    /** Returns the child's data folder. */
    private static String awaitReady(Process child) throws Exception {
        BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            if (line.startsWith(Child.READY)) {
                return line.substring(Child.READY.length());
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("the child JVM ended before it was ready:\n" + seen);
    }

    private static long pid(Path pidFile) throws Exception {
        return Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The JVM to kill: starts all three services, writes some data, says so, and waits. */
    public static final class Child {

        static final String READY = "CHILD READY ";
        static final String SHARED = "shared";

        public static void main(String[] args) throws Exception {
            DevServices services = args[0].equals(SHARED)
                    ? DevServices.shared()
                    : DevServices.start(DevServicesSettings.all(Path.of(args[0])));
            EmbeddedKafka kafka = services.kafka().orElseThrow();
            Clients.createTopic(kafka, "devservices.child");
            Clients.send(kafka, "devservices.child", "k", "from the child");
            try (Connection connection = Clients.connect(services.postgres().orElseThrow());
                 Statement statement = connection.createStatement()) {
                statement.execute("create table child(id int)");
                statement.execute("insert into child values (1)");
            }
            System.out.println(READY + services.postgres().orElseThrow().dataDir().getParent());
            System.out.flush();
            System.in.read(); // until killed, or until the test JVM ends and closes our stdin
            services.close();
        }
    }
}
