package org.bss.platform;

import java.util.ArrayList;
import java.util.List;
import org.bss.devservices.DevServices;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Another platform instance in this test JVM, on a port of its own, sharing the embedded Kafka, PostgreSQL and Redis. */
final class OtherInstance {

    private OtherInstance() {
    }

    static ConfigurableApplicationContext start(String... arguments) {
        DevServices servers = DevServices.shared();
        var pg = servers.postgres().orElseThrow();
        List<String> all = new ArrayList<>(List.of("--server.port=0",
                "--spring.kafka.bootstrap-servers=" + servers.kafka().orElseThrow().bootstrapServers(),
                "--spring.datasource.url=" + pg.jdbcUrl(), "--spring.datasource.username=" + pg.username(),
                "--spring.datasource.password=" + pg.password(),
                "--spring.data.redis.host=" + servers.redis().orElseThrow().host(),
                "--spring.data.redis.port=" + servers.redis().orElseThrow().port()));
        all.addAll(List.of(arguments));
        return new SpringApplicationBuilder(PlatformApplication.class).run(all.toArray(String[]::new));
    }

    static String baseUrl(ConfigurableApplicationContext instance) {
        return "http://localhost:" + instance.getEnvironment().getProperty("local.server.port");
    }
}
