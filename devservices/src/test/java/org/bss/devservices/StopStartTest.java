package org.bss.devservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

/** Tests of the platform stop a service to simulate an outage, then bring it back on the same port and data. */
class StopStartTest {

    final DevServices services = DevServices.shared();

    @Test
    void kafkaComesBackWithItsRecords() throws Exception {
        EmbeddedKafka kafka = services.kafka().orElseThrow();
        String address = kafka.bootstrapServers();
        Clients.createTopic(kafka, "devservices.outage");
        Clients.send(kafka, "devservices.outage", "k", "before");

        kafka.stop();
        assertThat(kafka.isRunning()).isFalse();
        assertThat(Clients.listening(address)).isFalse();
        kafka.stop(); // no-op

        kafka.start();
        assertThat(kafka.isRunning()).isTrue();
        assertThat(kafka.bootstrapServers()).isEqualTo(address);
        Clients.send(kafka, "devservices.outage", "k", "after");
        assertThat(Clients.read(kafka, "devservices.outage", 2)).containsExactly("before", "after");
        kafka.start(); // no-op
    }

    @Test
    void postgresqlComesBackWithItsTables() throws Exception {
        EmbeddedPostgres postgres = services.postgres().orElseThrow();
        String url = postgres.jdbcUrl();
        try (Connection connection = Clients.connect(postgres); Statement statement = connection.createStatement()) {
            statement.execute("create table outage(id int primary key)");
            statement.execute("insert into outage values (1)");
        }

        postgres.stop();
        assertThat(postgres.isRunning()).isFalse();
        assertThatThrownBy(() -> Clients.connect(postgres).close()).isInstanceOf(SQLException.class);

        postgres.start();
        assertThat(postgres.jdbcUrl()).isEqualTo(url);
        try (Connection connection = Clients.connect(postgres);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select count(*) from outage")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void redisComesBackOnItsPort() throws Exception {
        EmbeddedRedis redis = services.redis().orElseThrow();
        int port = redis.port();

        redis.stop();
        assertThat(redis.isRunning()).isFalse();
        assertThat(Clients.listening(redis.address())).isFalse();

        redis.start();
        assertThat(redis.port()).isEqualTo(port);
        assertThat(Clients.ping(redis)).isEqualTo("+PONG");
    }
}
