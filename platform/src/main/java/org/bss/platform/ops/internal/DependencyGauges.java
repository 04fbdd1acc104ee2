package org.bss.platform.ops.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code bss.dependency.up}: 1 while a component of {@code /actuator/health} (kafka, db, redis, diskSpace, ...) is
 * UP, 0 otherwise, so that an alert can name the dependency that is down. The health is asked every 10 s, not on
 * each scrape: a check of a dependency that is away waits for its timeout.
 */
@Component
class DependencyGauges {

    private static final Logger log = LoggerFactory.getLogger(DependencyGauges.class);

    private final ObjectProvider<HealthEndpoint> health;
    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> up = new ConcurrentHashMap<>();

    DependencyGauges(ObjectProvider<HealthEndpoint> health, MeterRegistry registry) {
        this.health = health;
        this.registry = registry;
    }

    @Scheduled(fixedDelay = 10_000)
    void refresh() {
        HealthEndpoint endpoint = health.getIfAvailable();
        if (endpoint == null) {
            return;
        }
        try {
            HealthDescriptor all = endpoint.health();
            if (all instanceof CompositeHealthDescriptor composite) {
                composite.getComponents().forEach((name, component) ->
                        state(name).set(Status.UP.equals(component.getStatus()) ? 1 : 0));
            }
        } catch (RuntimeException e) {
            log.debug("The health of the dependencies could not be read: {}", e.toString());
        }
    }

    private AtomicInteger state(String component) {
        return up.computeIfAbsent(component, name -> {
            AtomicInteger state = new AtomicInteger();
            Gauge.builder("bss.dependency.up", state, AtomicInteger::get)
                    .description("1 while the health component (kafka, db, redis, ...) is UP, else 0")
                    .tag("component", name).register(registry);
            return state;
        });
    }
}
