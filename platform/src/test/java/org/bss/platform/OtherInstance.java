package org.bss.platform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bss.devservices.DevServices;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
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

    /**
     * An instance for the tests of one class, registered as a static {@code @RegisterExtension} field: started
     * before the first test, closed after the last.
     */
    public static PerClass perClass(String... arguments) {
        return new PerClass(arguments);
    }

    public static final class PerClass implements BeforeAllCallback, AfterAllCallback {

        private final String[] arguments;
        private ConfigurableApplicationContext context;

        private PerClass(String[] arguments) {
            this.arguments = arguments.clone();
        }

        @Override
        public void beforeAll(ExtensionContext extension) {
            context = start(arguments);
        }

        @Override
        public void afterAll(ExtensionContext extension) {
            if (context != null) {
                context.close();
            }
        }

        public ConfigurableApplicationContext context() {
            return context;
        }

        public String baseUrl() {
            return OtherInstance.baseUrl(context);
        }

        public ApiClient client(String apiKey) {
            return new ApiClient(baseUrl(), apiKey);
        }
    }
}
