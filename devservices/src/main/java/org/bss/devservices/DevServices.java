package org.bss.devservices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real Kafka (KRaft, in this JVM), PostgreSQL and Redis (child processes) for the default run and the tests,
 * each on a free or given port with its data under one folder. Nothing from the host is needed but a JDK.
 *
 * <p>A JVM shutdown hook closes what is still running, so the child processes end with the JVM (normal exit,
 * SIGINT, SIGTERM). If the JVM is killed (SIGKILL), the next start on the same folder stops the servers it left.
 */
public final class DevServices implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DevServices.class);
    private static final String TEMP_DIR_PREFIX = "bss-devservices-";
    /** Held in a temporary folder for as long as its DevServices lives. */
    private static final String OWNER_LOCK = "owner.lock";
    private static DevServices shared;

    private volatile EmbeddedKafka kafka;
    private volatile EmbeddedPostgres postgres;
    private volatile EmbeddedRedis redis;
    private final List<Path> deleteAfterClose = new ArrayList<>();
    private final List<FileLock> ownerLocks = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::close, "devservices-shutdown");
    private boolean closed;

    private DevServices() {
    }

    /** Starts the chosen services (in parallel, to save start-up time) and returns when all are ready. */
    public static DevServices start(DevServicesSettings settings) {
        DevServices services = new DevServices();
        Runtime.getRuntime().addShutdownHook(services.shutdownHook);
        try {
            services.startMissing(settings);
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
        return services;
    }

    /**
     * One instance per JVM: started on first call with the given settings, the same instance afterwards (later
     * settings are ignored, except that a service they ask for and that is not running yet is started too).
     * Closed by a JVM shutdown hook, or by {@link #close()}; a call after close starts a new one.
     */
    public static synchronized DevServices shared(DevServicesSettings settings) {
        if (shared == null || shared.isClosed()) {
            shared = start(settings);
        } else {
            shared.startMissing(settings);
        }
        return shared;
    }

    /** For tests: all three services with data in a fresh temporary folder, deleted when they are closed. */
    public static synchronized DevServices shared() {
        if (shared != null && !shared.isClosed()
                && shared.kafka != null && shared.postgres != null && shared.redis != null) {
            return shared;
        }
        cleanUpAbandonedTempDirs();
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory(TEMP_DIR_PREFIX);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        FileLock owner = Processes.tryLock(dataDir.resolve(OWNER_LOCK));
        try {
            DevServices services = shared(DevServicesSettings.all(dataDir));
            services.deleteAfterClose(dataDir, owner);
            return services;
        } catch (RuntimeException e) {
            Processes.release(owner);
            deleteQuietly(dataDir);
            throw e;
        }
    }

    /**
     * A test JVM killed with SIGKILL leaves its temporary folder, and PostgreSQL and Redis running on it. Nobody
     * starts on that folder again, so this is where they are stopped: when no live process holds the folder's locks.
     */
    static void cleanUpAbandonedTempDirs() {
        Instant settled = Instant.now().minus(Duration.ofMinutes(1)); // younger ones may be starting right now
        try (Stream<Path> dirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            dirs.filter(dir -> dir.getFileName().toString().startsWith(TEMP_DIR_PREFIX))
                    .filter(dir -> lastModified(dir).isBefore(settled))
                    .forEach(DevServices::cleanUpIfAbandoned);
        } catch (IOException | RuntimeException e) {
            log.debug("devservices: could not look for abandoned folders", e);
        }
    }

    private static void cleanUpIfAbandoned(Path dir) {
        List<FileLock> locks = new ArrayList<>();
        try {
            for (Path lockFile : List.of(dir.resolve(OWNER_LOCK), dir.resolve("kafka/.lock"),
                    dir.resolve("postgres").resolve(EmbeddedPostgres.ZONKY_LOCK),
                    dir.resolve("redis").resolve(EmbeddedRedis.LOCK_FILE))) {
                if (Files.exists(lockFile)) {
                    FileLock lock = Processes.tryLock(lockFile);
                    if (lock == null) {
                        return; // a live process uses it
                    }
                    locks.add(lock);
                }
            }
            log.info("devservices: removing {}, left by a JVM that was killed", dir);
            Processes.stopOrphan(dir.resolve("postgres").resolve(EmbeddedPostgres.PID_FILE), EmbeddedPostgres.EXECUTABLE);
            Processes.stopOrphan(dir.resolve("redis").resolve(EmbeddedRedis.PID_FILE), EmbeddedRedis.EXECUTABLE);
        } catch (RuntimeException e) { // e.g. used by this JVM
            log.debug("devservices: left {} alone", dir, e);
            return;
        } finally {
            locks.forEach(Processes::release);
        }
        deleteQuietly(dir);
    }

    private static Instant lastModified(Path dir) {
        try {
            return Files.getLastModifiedTime(dir).toInstant();
        } catch (IOException e) {
            return Instant.now();
        }
    }

    public Optional<EmbeddedKafka> kafka() {
        return Optional.ofNullable(kafka);
    }

    public Optional<EmbeddedPostgres> postgres() {
        return Optional.ofNullable(postgres);
    }

    public Optional<EmbeddedRedis> redis() {
        return Optional.ofNullable(redis);
    }

    /** The services started, in start order of the API: kafka, postgresql, redis. */
    public List<EmbeddedService> services() {
        List<EmbeddedService> services = new ArrayList<>(3);
        kafka().ifPresent(services::add);
        postgres().ifPresent(services::add);
        redis().ifPresent(services::add);
        return services;
    }

    private synchronized void startMissing(DevServicesSettings settings) {
        if (closed) {
            throw new IllegalStateException("devservices were closed");
        }
        Path dir = settings.dataDir();
        List<Supplier<EmbeddedService>> toStart = new ArrayList<>();
        if (settings.kafka() && kafka == null) {
            toStart.add(() -> kafka = started(new EmbeddedKafka(dir.resolve("kafka"), settings.kafkaPort())));
        }
        if (settings.postgres() && postgres == null) {
            toStart.add(() -> postgres = started(
                    new EmbeddedPostgres(dir.resolve("postgres"), settings.postgresPort(), settings.postgresFsync())));
        }
        if (settings.redis() && redis == null) {
            toStart.add(() -> redis = started(new EmbeddedRedis(dir.resolve("redis"), settings.redisPort())));
        }
        if (toStart.isEmpty()) {
            return;
        }
        List<Future<EmbeddedService>> results = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(toStart.size(),
                Thread.ofPlatform().name("devservices-start-", 1).factory())) {
            toStart.forEach(start -> results.add(executor.submit(start::get)));
        } // waits for all
        IllegalStateException failure = null;
        for (Future<EmbeddedService> result : results) {
            try {
                result.get(); // done already
            } catch (ExecutionException | InterruptedException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                if (failure == null) {
                    failure = new IllegalStateException("devservices did not start: " + cause, cause);
                } else {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            throw failure; // start() closes the others; shared(settings) keeps those that run
        }
    }

    private static <S extends EmbeddedService> S started(S service) {
        try {
            service.start();
            return service;
        } catch (RuntimeException | Error e) {
            service.close();
            throw e;
        }
    }

    private synchronized void deleteAfterClose(Path dir, FileLock owner) {
        deleteAfterClose.add(dir);
        ownerLocks.add(owner);
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /** Stops everything; idempotent, never throws. A concurrent call returns when the first one is done. */
    @Override
    public synchronized void close() {
        // synchronized all through: the shutdown hook must not return (letting the JVM halt) while another
        // thread is still stopping the services
        if (closed) {
            return;
        }
        closed = true;
        List<EmbeddedService> services = services();
        // in parallel: Kafka's shutdown is the slow one
        List<Thread> stoppers = services.stream()
                .map(service -> Thread.ofPlatform().name("devservices-stop-" + service.name()).start(service::close))
                .toList();
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ownerLocks.forEach(Processes::release);
        deleteAfterClose.forEach(DevServices::deleteQuietly);
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException | SecurityException e) {
                // the JVM is shutting down already
            }
        }
        log.debug("devservices: stopped {}", services);
    }

    private static void deleteQuietly(Path dir) {
        try {
            Processes.deleteRecursively(dir);
        } catch (IOException | RuntimeException e) {
            log.debug("devservices: could not delete {}", dir, e);
        }
    }

    @Override
    public String toString() {
        return "DevServices" + services();
    }
}
