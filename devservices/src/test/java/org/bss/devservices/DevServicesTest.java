package org.bss.devservices;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DevServicesTest {

    static DevServices services;

    @BeforeAll
    static void start() {
        services = DevServices.shared();
    }

    @Test
    void sharedIsOneInstance() {
        assertThat(DevServices.shared()).isSameAs(services);
        assertThat(services.services()).extracting(EmbeddedService::name)
                .containsExactly("kafka", "postgresql", "redis");
        assertThat(services.services()).allMatch(EmbeddedService::isRunning);
    }

    @Test
    void kafkaTakesAndGivesBackARecord() throws Exception {
        EmbeddedKafka kafka = services.kafka().orElseThrow();
        assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");

        Clients.createTopic(kafka, "devservices.roundtrip");
        Clients.send(kafka, "devservices.roundtrip", "k", "hello");

        assertThat(Clients.read(kafka, "devservices.roundtrip", 1)).containsExactly("hello");
    }

    @Test
    void postgresqlIsVersion18WithDatabaseBss() throws Exception {
        EmbeddedPostgres postgres = services.postgres().orElseThrow();
        assertThat(postgres.jdbcUrl()).matches("jdbc:postgresql://127\\.0\\.0\\.1:\\d+/bss");

        try (Connection connection = Clients.connect(postgres);
             Statement statement = connection.createStatement();
             ResultSet version = statement.executeQuery("select version(), current_database(), current_setting('fsync')")) {
            version.next();
            assertThat(version.getString(1)).contains("PostgreSQL 18");
            assertThat(version.getString(2)).isEqualTo("bss");
            assertThat(version.getString(3)).isEqualTo("on");
        }
    }

    @Test
    void redisAnswersPing() throws Exception {
        EmbeddedRedis redis = services.redis().orElseThrow();
        assertThat(redis.host()).isEqualTo("127.0.0.1");

        assertThat(Clients.ping(redis)).isEqualTo("+PONG");
    }
}
