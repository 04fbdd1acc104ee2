package org.bss.devservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL and Redis as a fault test sees them: killed with SIGKILL, they come back with {@code start()}
 * (PostgreSQL with what was committed, Redis empty); frozen with SIGSTOP, they answer nothing until resumed.
 */
class KillPauseTest {

    @TempDir
    static Path dataDir;

    static DevServices services;

    @BeforeAll
    static void startServices() {
        services = DevServices.start(new DevServicesSettings(dataDir, false, true, true, 0, 0, 0));
    }

    @AfterAll
    static void stopServices() {
        services.close();
    }

    @Test
    void postgresqlKilledComesBackWithWhatWasCommitted() throws Exception {
        EmbeddedPostgres postgres = services.postgres().orElseThrow();
        try (Connection connection = Clients.connect(postgres); Statement statement = connection.createStatement()) {
            statement.execute("create table crash(name text)");
            statement.execute("insert into crash values ('committed')");
        }
        long pid = postgres.pid();

        postgres.kill();

        assertThat(ended(pid)).isTrue();
        assertThat(postgres.isRunning()).isFalse();
        assertThat(postgres.dataDir().resolve(EmbeddedPostgres.PID_FILE)).exists(); // as a crash leaves it
        assertThatThrownBy(() -> Clients.connect(postgres).close()).isInstanceOf(SQLException.class);

        postgres.start();

        assertThat(postgres.pid()).isNotEqualTo(pid);
        try (Connection connection = Clients.connect(postgres);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select name from crash")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("committed");
        }
    }

    @Test
    void postgresqlPausedAnswersNoQueryUntilResumed() throws Exception {
        EmbeddedPostgres postgres = services.postgres().orElseThrow();
        try (Connection connection = connectWithTimeouts(postgres)) {
            assertThat(one(connection)).isEqualTo(1);

            postgres.pause();
            try {
                assertThat(postgres.isRunning()).isTrue();
                assertThatThrownBy(() -> one(connection)).isInstanceOf(SQLException.class);
            } finally {
                postgres.resume();
            }
        }
        try (Connection connection = connectWithTimeouts(postgres)) {
            assertThat(one(connection)).isEqualTo(1);
        }
    }

    @Test
    void redisKilledComesBackEmpty() throws Exception {
        EmbeddedRedis redis = services.redis().orElseThrow();
        assertThat(Clients.redis(redis, "SET", "before", "kill")).isEqualTo("+OK");
        assertThat(Clients.redis(redis, "GET", "before")).isEqualTo("kill");
        long pid = redis.pid();
        int port = redis.port();

        redis.kill();

        assertThat(ended(pid)).isTrue();
        assertThat(redis.isRunning()).isFalse();
        assertThat(Clients.listening(redis.address())).isFalse();

        redis.start();

        assertThat(redis.port()).isEqualTo(port);
        assertThat(redis.pid()).isNotEqualTo(pid);
        assertThat(Clients.ping(redis)).isEqualTo("+PONG");
        assertThat(Clients.redis(redis, "GET", "before")).isNull();
    }

    @Test
    void redisPausedAnswersNoCommandUntilResumed() throws Exception {
        EmbeddedRedis redis = services.redis().orElseThrow();
        try (Socket socket = new Socket(redis.host(), redis.port())) {
            socket.setSoTimeout(2_000);

            redis.pause();
            try {
                socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            } finally {
                redis.resume();
            }
            // the PING sent while frozen is answered now
            assertThat(new String(socket.getInputStream().readNBytes(7), StandardCharsets.US_ASCII))
                    .isEqualTo("+PONG\r\n");
        }
        assertThat(Clients.ping(redis)).isEqualTo("+PONG");
    }

    private static boolean ended(long pid) {
        return ProcessHandle.of(pid).map(Processes::hasEnded).orElse(true);
    }

    /** A connection whose queries fail after 2 s without an answer. */
    private static Connection connectWithTimeouts(EmbeddedPostgres postgres) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", postgres.username());
        properties.setProperty("password", postgres.password());
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("socketTimeout", "2");
        return DriverManager.getConnection(postgres.jdbcUrl(), properties);
    }

    private static int one(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("select 1")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
