package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bss.devservices.DevServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.ProducerFactory;

/**
 * With server.ssl.* set the platform serves HTTPS; Kafka's security settings reach its clients unchanged
 * (they are Spring Boot's own properties, which the platform does not rewrite).
 */
class HttpsTest {

    @TempDir
    Path dir;

    @Test
    void servesHttpsWithTheConfiguredKeystoreAndPassesKafkaSecuritySettingsThrough() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "bss", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit").inheritIO().start();
        assertThat(keytool.waitFor()).isZero();
        DevServices servers = DevServices.shared();
        var pg = servers.postgres().orElseThrow();

        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(PlatformApplication.class).run(
                "--server.port=0", "--bss.roles=ingest,query",
                "--server.ssl.key-store=" + keystore, "--server.ssl.key-store-password=changeit",
                "--server.ssl.key-store-type=PKCS12",
                "--spring.kafka.bootstrap-servers=" + servers.kafka().orElseThrow().bootstrapServers(),
                "--spring.kafka.producer.properties.sasl.kerberos.service.name=kafka-test",
                "--spring.datasource.url=" + pg.jdbcUrl() + "?sslmode=disable",
                "--spring.datasource.username=" + pg.username(), "--spring.datasource.password=" + pg.password(),
                "--spring.data.redis.host=" + servers.redis().orElseThrow().host(),
                "--spring.data.redis.port=" + servers.redis().orElseThrow().port())) {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            try (FileInputStream in = new FileInputStream(keystore.toFile())) {
                trusted.load(in, "changeit".toCharArray());
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            HttpClient https = HttpClient.newBuilder().sslContext(tls).build();
            String port = app.getEnvironment().getProperty("local.server.port");

            HttpResponse<String> health = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"");
            Map<String, Object> producer = app.getBean(ProducerFactory.class).getConfigurationProperties();
            assertThat(producer).containsEntry("sasl.kerberos.service.name", "kafka-test").containsEntry("acks", "all");
            assertThat(app.getEnvironment().getProperty("spring.datasource.url")).endsWith("sslmode=disable");
            assertThat(health.sslSession().orElseThrow().getProtocol()).startsWith("TLSv1.");
        }
    }
}
