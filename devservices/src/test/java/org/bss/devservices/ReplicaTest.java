package org.bss.devservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A streaming standby seeded from a running server by an online base backup, as the three-host layout runs one. */
class ReplicaTest {

    @TempDir
    Path dir;

    @Test
    void aStandbySeededFromARunningServerHasItsRowsFollowsItsWritesAndRefusesWrites() throws Exception {
        try (EmbeddedPostgres primary = new EmbeddedPostgres(dir.resolve("primary"), 0, false)) {
            primary.start();
            execute(primary, "create table seeded(id int primary key)", "insert into seeded values (1)");

            try (EmbeddedPostgres standby = primary.startReplica(dir.resolve("standby"), Processes.freePort())) {
                assertThat(Files.exists(dir.resolve("standby/standby.signal"))).isTrue();
                assertThat(count(standby)).isEqualTo(1);

                execute(primary, "insert into seeded values (2)");
                await().atMost(Duration.ofSeconds(30)).until(() -> count(standby) == 2);

                assertThatThrownBy(() -> execute(standby, "insert into seeded values (3)"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("read-only");
                try (Connection connection = connect(primary); Statement statement = connection.createStatement();
                     ResultSet slots = statement.executeQuery("select active from pg_replication_slots")) {
                    assertThat(slots.next()).as("the standby's replication slot").isTrue();
                    assertThat(slots.getBoolean(1)).isTrue();
                }
            }
        }
    }

    private static Connection connect(EmbeddedPostgres postgres) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
    }

    private static void execute(EmbeddedPostgres postgres, String... statements) throws SQLException {
        try (Connection connection = connect(postgres); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static int count(EmbeddedPostgres postgres) throws SQLException {
        try (Connection connection = connect(postgres); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select count(*) from seeded")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
