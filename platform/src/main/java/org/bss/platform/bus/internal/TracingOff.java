package org.bss.platform.bus.internal;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code bss.tracing.enabled=false}: a tracer and a propagator that do nothing, in place of Spring Boot's
 * OpenTelemetry ones (which back off when these exist). Requests are still observed for their metrics; no span is
 * made, sampled or propagated, and no trace id reaches the log.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "bss.tracing.enabled", havingValue = false)
class TracingOff {

    @Bean
    Tracer noTracer() {
        return Tracer.NOOP;
    }

    @Bean
    Propagator noPropagation() {
        return Propagator.NOOP;
    }
}
