package org.bss.devservices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Ports, pid files, lock files, folders and signals: the small plumbing the services share. */
final class Processes {

    private static final Logger log = LoggerFactory.getLogger(Processes.class);

    private Processes() {
    }

    /** How many sets of free ports a server is tried on before it gives up. */
    static final int PORT_ATTEMPTS = 5;

    /** The system property naming the address the servers listen on (one of this host's), instead of 127.0.0.1. */
    public static final String BIND_ADDRESS = "bss.devservices.bind-address";

    /**
     * The address the embedded servers listen on and advertise: 127.0.0.1, or another of this host's addresses
     * named by {@value #BIND_ADDRESS}, for servers that other hosts reach (the three-host layout).
     */
    static String host() {
        return System.getProperty(BIND_ADDRESS, "127.0.0.1");
    }

    static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private static InetAddress bindAddress() {
        try {
            return InetAddress.getByName(host());
        } catch (IOException e) {
            throw new UncheckedIOException("not an address of this host: " + host(), e);
        }
    }

    /** {@code count} distinct free ports on {@link #host()}. Someone may take one before we bind it: see startOnFreePorts. */
    static int[] freePorts(int count) {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, bindAddress());
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        } finally {
            for (ServerSocket socket : sockets) {
                closeQuietly(socket);
            }
        }
    }

    static int freePort() {
        return freePorts(1)[0];
    }

    /**
     * Starts {@code service} with {@code start} on {@code count} ports from {@code freePorts}. A port free a moment
     * ago may be taken before the server binds it (e.g. by another of our servers starting in parallel): then the
     * server is started again on fresh ports, up to {@link #PORT_ATTEMPTS} times in all. Other failures are thrown
     * at once; {@code start} must leave nothing running when it fails.
     */
    static void startOnFreePorts(String service, int count, IntFunction<int[]> freePorts, Consumer<int[]> start) {
        List<String> tried = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            int[] ports = freePorts.apply(count);
            try {
                start.accept(ports);
                return;
            } catch (RuntimeException e) {
                if (!isBindFailure(e)) {
                    throw e;
                }
                tried.add(Arrays.toString(ports));
                if (attempt == PORT_ATTEMPTS) {
                    throw new IllegalStateException("cannot start " + service + ": a port was in use on each of "
                            + PORT_ATTEMPTS + " attempts; ports tried: " + String.join(", ", tried), e);
                }
                log.info("devservices: {} could not bind port(s) {} (taken in the meantime); trying others",
                        service, Arrays.toString(ports));
            }
        }
    }

    /**
     * A failure to bind a port in use: a BindException, or a server's report of one in a message (embedded-redis
     * passes on redis' log, which says "bind: Address in use").
     */
    static boolean isBindFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (t instanceof BindException
                    || message.contains("Address already in use") || message.contains("Address in use")) {
                return true;
            }
        }
        return false;
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, bindAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Locks {@code file} for this process. Returns null if another process holds it; throws if this JVM does.
     * The lock lives as long as its channel; the OS drops it when the process dies, even by SIGKILL.
     */
    static FileLock tryLock(Path file) {
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
            }
            return lock;
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new IllegalStateException(file.getParent() + " is already in use in this JVM", e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException(e);
        }
    }

    static void release(FileLock lock) {
        if (lock != null) {
            closeQuietly(lock.channel());
        }
    }

    /** The process whose id is on the first line of {@code pidFile}, if it is alive and its command contains {@code command}. */
    static Optional<ProcessHandle> processFromPidFile(Path pidFile, String command) {
        try (Stream<String> lines = Files.lines(pidFile)) {
            long pid = Long.parseLong(lines.findFirst().orElse("").trim());
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.contains(command)).orElse(false));
        } catch (IOException | NumberFormatException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /**
     * Stops a server an earlier process left running (it was killed before it could stop its children), then
     * removes the stale pid file. Only call while holding the data folder's lock, so the server is surely orphaned.
     */
    static void stopOrphan(Path pidFile, String command) {
        processFromPidFile(pidFile, command).ifPresent(orphan -> {
            log.warn("devservices: stopping {} (pid {}) left running on {} by an earlier process",
                    command, orphan.pid(), pidFile.getParent());
            orphan.destroy();
            if (!awaitExit(orphan, pidFile, Duration.ofSeconds(30))) {
                orphan.destroyForcibly(); // leaves the pid file behind
                orphan.onExit().completeOnTimeout(orphan, 10, TimeUnit.SECONDS).join();
            }
        });
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until the process has ended or removed its pid file, which servers do as their last step. The pid file
     * tells sooner: a process that is not our child stays "alive" as a zombie until init reaps it, and
     * ProcessHandle.onExit() polls such processes only every 300+ ms.
     */
    static boolean awaitExit(ProcessHandle process, Path pidFile, Duration timeout) {
        return poll(() -> !process.isAlive() || !Files.exists(pidFile), timeout);
    }

    /**
     * Sends {@code signal} (a name as kill(1) knows it: STOP, CONT, KILL...) to the process {@code pid}, with
     * {@code kill}: Java itself can only send TERM and KILL. Throws if the process does not exist (any more).
     */
    static void signal(long pid, String signal) {
        signal(signal, List.of(pid));
    }

    /**
     * Sends {@code signal} to {@code process}, then to its descendants (a PostgreSQL server's backends). The
     * process first, so that a stopped server cannot start a child we do not see; a descendant that ends in
     * between is no error.
     */
    static void signalTree(ProcessHandle process, String signal) {
        signal(process.pid(), signal);
        List<Long> descendants = process.descendants().map(ProcessHandle::pid).toList();
        if (!descendants.isEmpty()) {
            try {
                signal(signal, descendants); // kill(1) signals the others when one is gone, and then fails
            } catch (IllegalStateException e) {
                log.debug("devservices: {}", e.getMessage());
            }
        }
    }

    private static void signal(String signal, List<Long> pids) {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    /**
     * SIGKILL for {@code process} and all its descendants; returns once all have ended. Nothing is cleaned up:
     * files, pid files and data stay as a crash leaves them.
     */
    static void killTree(ProcessHandle process, Duration timeout) {
        // stopped, it forks no child after we have listed them (and its children are not reparented yet)
        try {
            signal(process.pid(), "STOP");
        } catch (IllegalStateException e) {
            log.debug("devservices: {}", e.getMessage()); // ended already
        }
        List<ProcessHandle> all = Stream.concat(Stream.of(process), process.descendants()).toList();
        all.forEach(ProcessHandle::destroyForcibly);
        if (!awaitExit(all, timeout)) {
            throw new IllegalStateException("process " + process.pid() + " or one of its children still runs "
                    + timeout.toSeconds() + " s after SIGKILL");
        }
    }

    /**
     * Waits until all {@code processes} have ended. Polls: for a process that is not our child (a PostgreSQL
     * server is the child of pg_ctl, which has ended), ProcessHandle.onExit() notices only seconds later.
     */
    static boolean awaitExit(Collection<ProcessHandle> processes, Duration timeout) {
        return poll(() -> processes.stream().allMatch(Processes::hasEnded), timeout);
    }

    /** Asks {@code ended} every 10 ms until it says true (then true) or {@code timeout} has passed (then false). */
    private static boolean poll(java.util.function.BooleanSupplier ended, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ended.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code process} has ended. A zombie has: it holds no memory, file or port any more, only its exit
     * status, and an orphan's stays until init collects it, which can take seconds (ProcessHandle counts it alive).
     */
    static boolean hasEnded(ProcessHandle process) {
        if (!process.isAlive()) {
            return true;
        }
        try {
            // "pid (command) S ...": the state follows the last parenthesis, as the command may hold some
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return !process.isAlive();
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    static String seconds(long startNanos) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.debug("while closing {}", closeable, e);
            }
        }
    }
}
