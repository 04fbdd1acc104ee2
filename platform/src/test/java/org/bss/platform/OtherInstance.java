package org.bss.platform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bss.devservices.DevServices;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Another platform instance in this test JVM, on a port of its own, sharing the embedded Kafka, PostgreSQL and Redis. */
public final class OtherInstance {

    private OtherInstance() {
    }

    /** Started with these arguments; one naming a setting given here already (the Redis port, say) replaces it. */
    public static ConfigurableApplicationContext start(String... arguments) {
        DevServices servers = DevServices.shared();
        var pg = servers.postgres().orElseThrow();
        Map<String, String> all = new LinkedHashMap<>();
        for (String argument : List.of("--server.port=0",
                "--spring.kafka.bootstrap-servers=" + servers.kafka().orElseThrow().bootstrapServers(),
                "--spring.datasource.url=" + pg.jdbcUrl(), "--spring.datasource.username=" + pg.username(),
                "--spring.datasource.password=" + pg.password(),
                "--spring.data.redis.host=" + servers.redis().orElseThrow().host(),
                "--spring.data.redis.port=" + servers.redis().orElseThrow().port())) {
            all.put(argument.substring(0, argument.indexOf('=')), argument);
        }
        for (String argument : arguments) {
            all.put(argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument, argument);
        }
        return new SpringApplicationBuilder(PlatformApplication.class).run(all.values().toArray(String[]::new));
    }

    public static String baseUrl(ConfigurableApplicationContext instance) {
        return "http://localhost:" + instance.getEnvironment().getProperty("local.server.port");
    }
}
