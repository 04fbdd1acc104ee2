package org.bss.platform.bus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.propagation.Propagator;
import org.bss.platform.bus.EventTracing;
import org.bss.platform.bus.TracingProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** bss.tracing.enabled=false puts no-ops in place of Spring Boot's OpenTelemetry tracer and propagator. */
class TracingOffTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(TracingProperties.class)
    @Import({TracingOff.class, EventTracing.class})
    static class Platform {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                    OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
                    MicrometerTracingAutoConfiguration.class))
            .withUserConfiguration(Platform.class);

    @Test
    void onByDefault() {
        runner.run(context -> {
            assertThat(context.getBean(Tracer.class)).isInstanceOf(OtelTracer.class);
            assertThat(context.getBean(Propagator.class)).isNotSameAs(Propagator.NOOP);
        });
    }

    @Test
    void offReplacesTheTracerAndThePropagator() {
        runner.withPropertyValues("bss.tracing.enabled=false").run(context -> {
            assertThat(context.getBean(Tracer.class)).isSameAs(Tracer.NOOP);
            assertThat(context.getBean(Propagator.class)).isSameAs(Propagator.NOOP);
            Tracer tracer = context.getBean(Tracer.class);
            try (Tracer.SpanInScope ignored = tracer.withSpan(tracer.nextSpan().start())) {
                assertThat(context.getBean(EventTracing.class).current()).isEqualTo(EventTracing.Stamp.NONE);
            }
        });
    }
}
