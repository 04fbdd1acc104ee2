package org.bss.platform.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command: {@code java -jar platform-dev/target/bss-platform-dev.jar} with no configuration
 * starts the platform on embedded Kafka, PostgreSQL and Redis with its data in ./data, and Ctrl-C stops it and
 * every process it started.
 */
class DevelopmentJarIT {

    @Test
    void runsOnEmbeddedDefaultsWithDataInTheWorkingFolderAndLeavesNoProcessBehindOnCtrlC(@TempDir Path workDir) throws Exception {
        int port = JarProcess.freePort();
        // The quota client's first connection to Redis must complete within bss.quota.redis-timeout (200 ms by
        // default); on a machine loaded by parallel builds, the first connection of a freshly started jar can take longer.
        try (JarProcess platform = JarProcess.start(JarProcess.DEVELOPMENT_JAR, workDir, "--server.port=" + port,
                "--bss.kafka.partitions=2", "--bss.quota.redis-timeout=5s");
             HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build();
            try {
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                        .failFast("the platform stopped", () -> !platform.process().isAlive())
                        .until(() -> http.send(health, HttpResponse.BodyHandlers.ofString()).body().contains("\"status\":\"UP\""));
            } catch (ConditionTimeoutException | TerminalFailureException e) {
                throw new AssertionError("the platform is not UP; its output:\n" + platform.output(), e);
            }
            List<ProcessHandle> started = platform.process().descendants().toList();
            assertThat(started).as("embedded PostgreSQL and Redis run as child processes").isNotEmpty();
            Path data = workDir.resolve("data");
            await().atMost(Duration.ofSeconds(30)).until(() -> data.resolve("demo-api-key").toFile().isFile());
            assertThat(data.resolve("admin-api-key")).isRegularFile();

            platform.interrupt();

            await().atMost(Duration.ofSeconds(90)).until(() -> !platform.process().isAlive());
            await().atMost(Duration.ofSeconds(10)).until(() -> started.stream().noneMatch(ProcessHandle::isAlive));
        }
    }
}
