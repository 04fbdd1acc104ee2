package org.bss.devservices;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data survives closing DevServices and starting them again on the same folder, as across runs of the platform. */
class RestartTest {

    @TempDir
    Path dataDir;

    @Test
    void kafkaRecordsAndPostgresqlTablesSurviveARestart() throws Exception {
        DevServicesSettings settings = new DevServicesSettings(dataDir, true, true, false, 0, 0, 0);
        try (DevServices first = DevServices.start(settings)) {
            EmbeddedKafka kafka = first.kafka().orElseThrow();
            Clients.createTopic(kafka, "devservices.kept");
            Clients.send(kafka, "devservices.kept", "k", "kept");
            try (Connection connection = Clients.connect(first.postgres().orElseThrow());
                 Statement statement = connection.createStatement()) {
                statement.execute("create table kept(name text)");
                statement.execute("insert into kept values ('row')");
            }
            assertThat(first.redis()).isEmpty();
        }

        try (DevServices second = DevServices.start(settings)) {
            assertThat(Clients.read(second.kafka().orElseThrow(), "devservices.kept", 1)).containsExactly("kept");
            try (Connection connection = Clients.connect(second.postgres().orElseThrow());
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("select name from kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("row");
            }
        }
    }
}
