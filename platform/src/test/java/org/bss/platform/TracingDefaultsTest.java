package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Unconfigured, the platform traces one request in a hundred and sends nothing anywhere: no span, log or metric
 * exporter exists, so nothing tries to reach an OTLP collector (localhost:4318 is OpenTelemetry's default).
 */
class TracingDefaultsTest extends ApiTest {

    @Autowired
    ApplicationContext context;

    @Test
    void tracesOneRequestInAHundredAndExportsNothing() {
        assertThat(context.getBean(Tracer.class)).isInstanceOf(OtelTracer.class);
        assertThat(context.getBean(Sampler.class).getDescription()).contains("TraceIdRatioBased{0.010000}");
        assertThat(context.getBeansOfType(SpanExporter.class)).isEmpty();
        assertThat(context.getBeansOfType(LogRecordExporter.class)).isEmpty();
        assertThat(context.getBeansOfType(MeterRegistry.class).values())
                .noneMatch(registry -> registry.getClass().getName().toLowerCase().contains("otlp"));
    }
}
