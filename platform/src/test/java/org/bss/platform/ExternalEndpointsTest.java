package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;
import org.bss.devservices.DevServices;
import org.bss.devservices.boot.DevServicesStarter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * With the standard Spring Boot properties set, the platform uses those servers and starts no embedded one.
 * The test JVM's embedded servers stand in for external clusters here.
 */
class ExternalEndpointsTest {

    @Test
    void configuredEndpointsAreUsedAndNothingEmbeddedStarts() {
        DevServices external = DevServices.shared();
        var pg = external.postgres().orElseThrow();
        var redis = external.redis().orElseThrow();
        Set<Long> processesBefore = descendants();
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        String adminKey = "bss_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);

        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(PlatformApplication.class).run(
                "--server.port=0",
                "--bss.roles=ingest,query",
                "--spring.kafka.bootstrap-servers=" + external.kafka().orElseThrow().bootstrapServers(),
                "--spring.datasource.url=" + pg.jdbcUrl(),
                "--spring.datasource.username=" + pg.username(),
                "--spring.datasource.password=" + pg.password(),
                "--spring.data.redis.host=" + redis.host(),
                "--spring.data.redis.port=" + redis.port(),
                "--bss.admin.bootstrap-key=" + adminKey)) {

            assertThat(app.getEnvironment().getPropertySources().contains(DevServicesStarter.PROPERTY_SOURCE))
                    .isFalse();
            assertThat(app.getEnvironment().getProperty("spring.datasource.url")).isEqualTo(pg.jdbcUrl());
            assertThat(descendants()).isEqualTo(processesBefore);
            // bss.roles=ingest,query: this process serves the API but runs no store consumer.
            assertThat(app.containsBean("eventIngestController")).isTrue();
            assertThat(app.containsBean("eventQueryController")).isTrue();
            assertThat(app.containsBean("eventStoreListener")).isFalse();
            assertThat(app.getBean(KafkaListenerEndpointRegistry.class).getListenerContainerIds()).isEmpty();
            // The first admin key comes from configuration.
            ApiClient admin = new ApiClient("http://localhost:" + app.getEnvironment().getProperty("local.server.port"), adminKey);
            assertThat(admin.get("/api/v1/admin/tenants").status()).isEqualTo(200);
        }
    }

    private static Set<Long> descendants() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }
}
