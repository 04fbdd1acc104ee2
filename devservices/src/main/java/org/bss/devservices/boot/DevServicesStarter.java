package org.bss.devservices.boot;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bss.devservices.DevServices;
import org.bss.devservices.DevServicesSettings;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * With no configuration, a Spring Boot application that has devservices on its class path (the development jar,
 * tests) runs on embedded Kafka, PostgreSQL and Redis: for each of them whose standard Spring Boot properties are
 * not set, this starts the embedded one (once per JVM) and points the application at it. Set the properties and
 * no embedded service starts. It is registered in this module's {@code META-INF/spring.factories}, so an
 * application without devservices (the production jar) never starts an embedded server.
 *
 * <p>It runs once the environment is prepared and logging is set up (an environment post-processor runs
 * before that, when Spring Boot still mutes every log line), so the services' start-up lines are seen.
 */
public class DevServicesStarter implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    public static final String PROPERTY_SOURCE = "bss-devservices";

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment environment = event.getEnvironment();
        DevServicesProperties settings = Binder.get(environment).bindOrCreate("bss.devservices", DevServicesProperties.class);
        if (!settings.enabled()) {
            return;
        }
        boolean kafka = !environment.containsProperty("spring.kafka.bootstrap-servers");
        boolean postgres = !environment.containsProperty("spring.datasource.url");
        boolean redis = !(environment.containsProperty("spring.data.redis.host")
                || environment.containsProperty("spring.data.redis.url")
                || environment.containsProperty("spring.data.redis.sentinel.master")
                || environment.containsProperty("spring.data.redis.cluster.nodes"));
        if (!kafka && !postgres && !redis) {
            return;
        }

        // The development jar names its data folder (./data); tests name none and share one set of servers on a
        // temporary folder.
        DevServices services = settings.dataDir() == null
                ? DevServices.shared()
                : DevServices.shared(new DevServicesSettings(settings.dataDir().toAbsolutePath().normalize(),
                        kafka, postgres, redis, 0, 0, 0));
        Path dataDir = services.services().getFirst().dataDir().getParent();
        // Stop the services after the application context has closed (and flushed to them), not before.
        SpringApplication.getShutdownHandlers().add(services::close);

        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("bss.devservices.data-dir", dataDir.toString());
        if (kafka) {
            properties.put("spring.kafka.bootstrap-servers", services.kafka().orElseThrow().bootstrapServers());
            properties.put("bss.devservices.kafka", "true");
        }
        if (postgres) {
            var pg = services.postgres().orElseThrow();
            properties.put("spring.datasource.url", pg.jdbcUrl());
            properties.put("spring.datasource.username", pg.username());
            properties.put("spring.datasource.password", pg.password());
            properties.put("bss.devservices.postgresql", "true");
        }
        if (redis) {
            var r = services.redis().orElseThrow();
            properties.put("spring.data.redis.host", r.host());
            properties.put("spring.data.redis.port", r.port());
            properties.put("bss.devservices.redis", "true");
        }
        environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, properties));
    }

    @Override
    public int getOrder() {
        return LoggingApplicationListener.DEFAULT_ORDER + 1;
    }
}
