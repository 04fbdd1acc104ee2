package org.bss.platform.bus;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tracing as a whole. Sampling and export are Spring Boot's own settings
 * ({@code management.tracing.sampling.probability}, {@code management.opentelemetry.tracing.export.otlp.endpoint}).
 *
 * @param enabled false: no span is made, sampled or propagated anywhere (requests, events, consumers), and events
 *                get no {@code traceparent}; Spring Boot's tracer and propagator are replaced by no-ops
 */
@ConfigurationProperties(prefix = "bss.tracing")
public record TracingProperties(@DefaultValue("true") boolean enabled) {
}
