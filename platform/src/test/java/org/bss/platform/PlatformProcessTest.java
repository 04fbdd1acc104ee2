package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform as a user runs it: its own process with no configuration but a data folder, so it starts its own
 * embedded Kafka, PostgreSQL and Redis; it answers with the demo key it printed, and Ctrl-C (SIGINT) stops it
 * and every process it started.
 */
class PlatformProcessTest {

    @TempDir
    Path dataDir;

    @Test
    void runsOnEmbeddedDefaultsAndLeavesNoProcessBehindOnCtrlC() throws Exception {
        int port = freePort();
        Path log = dataDir.resolve("platform.log");
        Process platform = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Xmx1g",
                PlatformApplication.class.getName(),
                "--server.port=" + port,
                "--bss.devservices.data-dir=" + dataDir.resolve("data"),
                "--bss.kafka.partitions=2"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            ApiClient anonymous = new ApiClient("http://localhost:" + port, null);
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> anonymous.get("/actuator/health").json().get("status").asString().equals("UP"));
            List<ProcessHandle> started = platform.descendants().toList();
            assertThat(started).as("embedded PostgreSQL and Redis run as child processes").isNotEmpty();

            Path keyFile = dataDir.resolve("data").resolve("demo-api-key");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(keyFile));
            String key = Files.readString(keyFile).strip();
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains(key));
            ApiClient demo = anonymous.withKey(key);
            String id = "evt-" + UUID.randomUUID();
            ApiClient.Response accepted = demo.postEvent("""
                    {"specversion":"1.0","type":"customer.created","source":"/crm","id":"%s","data":{"customer_id":"c-1"}}"""
                    .formatted(id));
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> demo.get("/api/v1/events?source=%2Fcrm&id=" + id).json().get("events").size() == 1);

            new ProcessBuilder("kill", "-INT", Long.toString(platform.pid())).start().waitFor();

            try {
                await().atMost(Duration.ofSeconds(90)).until(() -> !platform.isAlive());
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("the platform did not stop within 90 s of Ctrl-C; its threads:\n"
                        + threadDump(platform) + "\nthe end of its log:\n" + tail(log), e);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> started.stream().noneMatch(ProcessHandle::isAlive));
        } finally {
            platform.descendants().forEach(ProcessHandle::destroyForcibly);
            platform.destroyForcibly();
        }
    }

    private static String threadDump(Process process) {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()), "Thread.print").redirectErrorStream(true).start();
            return new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no thread dump: " + e + ")";
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
