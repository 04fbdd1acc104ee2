package org.bss.bench.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One platform instance as a process of its own (its main on this JVM's class path), on a port that stays the same
 * across restarts, so that clients find it again. {@link #kill()} is a SIGKILL: no shutdown hook, no drain.
 */
public final class PlatformNode implements AutoCloseable {

    private static final String MAIN = "org.bss.platform.PlatformApplication";
    private static final Duration READY_WITHIN = Duration.ofMinutes(3);

    private final String name;
    private final Path log;
    private final List<String> jvmArgs;
    private final List<String> args;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private int starts;

    public PlatformNode(String name, Path folder, List<String> jvmArgs, List<String> args) {
        this.name = name;
        this.log = folder.resolve(name + ".log");
        this.jvmArgs = List.copyOf(jvmArgs);
        this.args = List.copyOf(args);
        this.port = freePort();
    }

    public String name() {
        return name;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN, "--server.port=" + port));
        command.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.redirectOutput(starts++ == 0 ? ProcessBuilder.Redirect.to(log.toFile())
                    : ProcessBuilder.Redirect.appendTo(log.toFile()));
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns once readiness says UP; fails naming the log when the process ends or takes too long. */
    public void awaitReady() {
        Instant deadline = Instant.now().plus(READY_WITHIN);
        while (!ready()) {
            Process current;
            synchronized (this) {
                current = process;
            }
            if (current == null || !current.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(name + " did not become ready; see " + log);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public boolean ready() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL; returns once the process is gone. */
    public void kill() {
        end(true);
    }

    /** SIGTERM: a graceful shutdown (the platform drains its requests); returns once the process is gone. */
    public void stop() {
        end(false);
    }

    private void end(boolean forcibly) {
        Process current;
        synchronized (this) {
            current = process;
        }
        if (current == null) {
            return;
        }
        if (forcibly) {
            current.destroyForcibly();
        } else {
            current.destroy();
        }
        try {
            current.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
