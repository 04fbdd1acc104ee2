package org.bss.devservices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.IntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisExecProvider;
import redis.embedded.RedisServer;

/**
 * A real redis-server (the binary inside org.signal:embedded-redis) run as a child process, in memory only:
 * {@code save ""} and {@code appendonly no}. Its folder holds the pid file and a lock.
 */
public final class EmbeddedRedis implements EmbeddedService {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);
    static final String EXECUTABLE = "redis-server";
    static final String LOCK_FILE = "lock";
    static final String PID_FILE = "redis.pid";

    private final Path dir;
    private final int requestedPort;
    private final IntFunction<int[]> freePorts;
    private int port;
    private RedisServer server;
    private ProcessHandle process;
    private FileLock lock;
    private boolean paused;
    private boolean closed;

    EmbeddedRedis(Path dir, int port) {
        this(dir, port, Processes::freePorts);
    }

    /** {@code freePorts} gives {@code n} free ports; tests give taken ones to see a start try again. */
    EmbeddedRedis(Path dir, int port, IntFunction<int[]> freePorts) {
        this.dir = dir;
        this.requestedPort = port;
        this.freePorts = freePorts;
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public synchronized String address() {
        return Processes.host() + ":" + port;
    }

    public String host() {
        return Processes.host();
    }

    public synchronized int port() {
        return port;
    }

    public Path dataDir() {
        return dir;
    }

    /** The process id of the running redis-server. */
    public synchronized long pid() {
        return runningProcess().pid();
    }

    private ProcessHandle runningProcess() {
        if (!isRunning() || process == null) {
            throw new IllegalStateException("redis is not running");
        }
        return process;
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null && server.isActive() && (process == null || process.isAlive());
    }

    @Override
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("redis was closed");
        }
        if (isRunning()) {
            return;
        }
        long started = System.nanoTime();
        boolean firstStart = server == null;
        if (firstStart) {
            lockDir();
            if (requestedPort != 0) {
                run(requestedPort);
            } else {
                Processes.startOnFreePorts(name(), 1, freePorts, free -> run(free[0]));
            }
        } else {
            if (server.isActive()) {
                server.stop(); // its process ended without it, e.g. killed: embedded-redis still counts it as running
            }
            startProcess(server, port); // same port, same configuration
        }
        log.info("devservices: redis {} {} at {} in {}", RedisExecProvider.redisVersion,
                firstStart ? "ready" : "restarted", address(), Processes.seconds(started));
    }

    private void lockDir() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lock = Processes.tryLock(dir.resolve(LOCK_FILE));
        if (lock == null) {
            throw new IllegalStateException(dir + " is used by a redis of another running process");
        }
        Processes.stopOrphan(pidFile(), EXECUTABLE);
    }

    private void run(int port) {
        RedisServer candidate = RedisServer.builder()
                .bind(Processes.host())
                .port(port)
                .setting("save \"\"")
                .setting("appendonly no")
                // Redis refuses other hosts without a password unless told; the layout's hosts share a private bridge
                .setting("protected-mode " + (Processes.isLoopback(Processes.host()) ? "yes" : "no"))
                .setting("dir \"" + dir + "\"")
                // redis writes a pid file, also when not daemonised, if told where: it lets the next start stop
                // a redis left behind by a killed JVM
                .setting("pidfile \"" + pidFile() + "\"")
                .build();
        startProcess(candidate, port);
        this.server = candidate;
        this.port = port;
    }

    private void startProcess(RedisServer server, int port) {
        try {
            server.start();
        } catch (RuntimeException e) {
            // e.g. when the JVM is already shutting down, embedded-redis fails after it has started the process
            killChildRedisOn(port);
            throw e;
        }
        // embedded-redis keeps its process to itself; redis writes its pid file before it says it is ready
        process = Processes.processFromPidFile(pidFile(), EXECUTABLE).orElse(null);
        paused = false;
    }

    private static void killChildRedisOn(int port) {
        ProcessHandle.current().children()
                .filter(child -> child.info().command().map(c -> c.contains(EXECUTABLE)).orElse(false))
                // redis rewrites its title to "redis-server 127.0.0.1:PORT"; before that the arguments are "conf --port PORT"
                .filter(child -> child.info().arguments().map(a -> String.join(" ", a).contains(String.valueOf(port))).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    private Path pidFile() {
        return dir.resolve(PID_FILE);
    }

    /**
     * Kills redis as a crash would (SIGKILL) and returns once it has ended. It keeps nothing on disk, so
     * {@link #start()} brings it back empty, on the same port. No-op if not running.
     */
    public synchronized void kill() {
        if (!isRunning()) {
            return;
        }
        long started = System.nanoTime();
        if (process != null) {
            Processes.killTree(process, Duration.ofSeconds(30));
        }
        server.stop(); // embedded-redis learns that its process has ended
        process = null;
        paused = false;
        log.info("devservices: redis killed in {}", Processes.seconds(started));
    }

    /** Freezes redis (SIGSTOP): connections stay open, and commands get no answer until {@link #resume()}. */
    public synchronized void pause() {
        Processes.signalTree(runningProcess(), "STOP");
        paused = true;
    }

    /** Lets a redis frozen by {@link #pause()} go on (SIGCONT). */
    public synchronized void resume() {
        Processes.signalTree(runningProcess(), "CONT");
        paused = false;
    }

    @Override
    public synchronized void stop() {
        if (server != null && server.isActive()) {
            long started = System.nanoTime();
            if (paused) {
                resume(); // a frozen redis would not end on SIGTERM, and embedded-redis waits for it to
            }
            try {
                server.stop();
            } catch (RuntimeException e) {
                log.warn("devservices: redis did not stop cleanly", e);
            }
            log.debug("devservices: redis stopped in {}", Processes.seconds(started));
        }
    }

    @Override
    public synchronized void close() {
        stop();
        Processes.release(lock);
        lock = null;
        closed = true;
    }

    @Override
    public String toString() {
        return "EmbeddedRedis[" + address() + "]";
    }
}
