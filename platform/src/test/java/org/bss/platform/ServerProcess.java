package org.bss.platform;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A server the tests run as a process of their own on a loopback port (Keycloak, Prometheus): its output in a log
 * file, asked over HTTP, ready once a URL of it answers 200, and stopped with the processes it started.
 */
final class ServerProcess {

    private final String name;
    private final Process process;
    private final Path log;
    private final int logTail;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServerProcess(String name, Process process, Path log, int logTail) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.logTail = logTail;
    }

    /** A loopback port free at the time of asking. */
    static int freePort() {
        return PlatformProcess.freePort();
    }

    /**
     * Starts the command with its output (and errors) in {@code log}, and waits until {@code readiness} answers 200;
     * fails with the end of the log when the process ends first, and stops it when it is not ready in time.
     *
     * @param logTail the characters of the log's end that {@link #log()} gives
     */
    static ServerProcess start(String name, ProcessBuilder command, Path log, int logTail, URI readiness, Duration atMost,
            Duration pollInterval) throws IOException {
        ServerProcess server = new ServerProcess(name,
                command.redirectErrorStream(true).redirectOutput(log.toFile()).start(), log, logTail);
        try {
            await().atMost(atMost).pollInterval(pollInterval).until(() -> {
                if (!server.process.isAlive()) {
                    throw new IllegalStateException(name + " ended (" + server.process.exitValue() + "):\n" + server.log());
                }
                return server.answersOk(readiness);
            });
        } catch (RuntimeException e) {
            server.stop(Duration.ZERO);
            throw e;
        }
        return server;
    }

    private boolean answersOk(URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Sends a request (at most 30 seconds) and gives the answer, whatever its status. */
    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The end of the server's output. */
    String log() {
        try {
            String text = Files.readString(log);
            return text.length() > logTail ? text.substring(text.length() - logTail) : text;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Asks the server and the processes it started to end, and makes them after {@code grace}. */
    void stop(Duration grace) {
        process.toHandle().descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
