package org.bss.platform.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.bss.model.envelope.CloudEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The trace context on the record of an event: stamped from the current span unless the event has its own, and
 * continued by a consumer only where it is sampled.
 */
class EventTracingTest {

    private static final String CLIENTS = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final SdkTracerProvider sampling = provider(Sampler.parentBased(Sampler.alwaysOn()));
    private final SdkTracerProvider notSampling = provider(Sampler.alwaysOff());

    @AfterEach
    void close() {
        sampling.close();
        notSampling.close();
    }

    @Test
    void anEventWithoutATraceparentCarriesTheCurrentSpans() {
        Tracer tracer = tracer(sampling);
        EventTracing tracing = new EventTracing(tracer, new TracingProperties(true));
        Span request = tracer.nextSpan().name("request").start();
        EventTracing.Stamp stamp;
        try (Tracer.SpanInScope ignored = tracer.withSpan(request)) {
            stamp = tracing.current();
        } finally {
            request.end();
        }

        ProducerRecord<String, byte[]> record = EventRecords.toRecord("bss.events", event(Map.of()), stamp);

        // The flags: sampled, and (W3C Trace Context level 2) "random", since OpenTelemetry draws its trace ids at random.
        assertThat(headers(record, "ce_traceparent"))
                .containsExactly("00-" + request.context().traceId() + "-" + request.context().spanId() + "-03");
        assertThat(headers(record, "ce_tracestate")).isEmpty();
        assertThat(tracing.current()).as("no span is current any more").isEqualTo(EventTracing.Stamp.NONE);
    }

    @Test
    void anUnsampledRequestStillPassesItsContextOn() {
        Tracer tracer = tracer(notSampling);
        EventTracing tracing = new EventTracing(tracer, new TracingProperties(true));
        Span request = tracer.nextSpan().name("request").start();
        try (Tracer.SpanInScope ignored = tracer.withSpan(request)) {
            assertThat(new String(tracing.current().traceparent(), StandardCharsets.UTF_8))
                    .isEqualTo("00-" + request.context().traceId() + "-" + request.context().spanId() + "-02");
        }
    }

    @Test
    void anEventsOwnTraceparentIsKeptByteForByteAndTheRequestsStateIsLeftOut() {
        EventTracing.Stamp request = new EventTracing.Stamp(
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".getBytes(StandardCharsets.UTF_8),
                "vendor=request".getBytes(StandardCharsets.UTF_8));

        ProducerRecord<String, byte[]> own = EventRecords.toRecord("bss.events",
                event(Map.of("traceparent", CLIENTS, "tracestate", "vendor=client")), request);
        ProducerRecord<String, byte[]> onlyState = EventRecords.toRecord("bss.events",
                event(Map.of("tracestate", "vendor=client")), request);
        ProducerRecord<String, byte[]> none = EventRecords.toRecord("bss.events", event(Map.of()), request);

        assertThat(headers(own, "ce_traceparent")).containsExactly(CLIENTS);
        assertThat(headers(own, "ce_tracestate")).containsExactly("vendor=client");
        assertThat(headers(onlyState, "ce_traceparent")).containsExactly("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(headers(onlyState, "ce_tracestate")).containsExactly("vendor=client");
        assertThat(headers(none, "ce_tracestate")).containsExactly("vendor=request");
        assertThat(EventRecords.read(consumed(own)).cloudEvent().extensions())
                .containsEntry("traceparent", CLIENTS).containsEntry("tracestate", "vendor=client");
    }

    @Test
    void aConsumerContinuesASampledTraceAsAChildOfTheEventsContext() {
        EventTracing tracing = new EventTracing(tracer(sampling), new TracingProperties(true));
        BusRecord event = BusRecord.of(event(Map.of("traceparent", CLIENTS, "tracestate", "vendor=client")));

        tracing.start("store event", event, 3, 42).end();

        SpanData span = spans.getFinishedSpanItems().getFirst();
        assertThat(span.getName()).isEqualTo("store event");
        assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(span.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(span.getParentSpanId()).isEqualTo("b7ad6b7169203331");
        assertThat(span.getParentSpanContext().isRemote()).isTrue();
        assertThat(span.getSpanContext().getTraceState().get("vendor")).isEqualTo("client");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("bss.tenant"))).isEqualTo("t1");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("cloudevents.event_type"))).isEqualTo("test.ping");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("messaging.destination.partition.id"))).isEqualTo("3");
        assertThat(span.getAttributes().get(AttributeKey.longKey("messaging.kafka.offset"))).isEqualTo(42L);
    }

    @Test
    void unsampledMalformedOrAbsentContextsAndTracingOffMakeNoSpan() {
        EventTracing tracing = new EventTracing(tracer(sampling), new TracingProperties(true));
        List<Map<String, Object>> contexts = List.of(Map.of(),
                Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00"),
                Map.of("traceparent", "00-00000000000000000000000000000000-b7ad6b7169203331-01"), // all-zero trace id
                Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01"),
                Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319X-b7ad6b7169203331-01"),
                Map.of("traceparent", 1));
        for (Map<String, Object> context : contexts) {
            assertThat(tracing.start("store event", BusRecord.of(event(context)), 0, 0).isNoop()).as(context.toString()).isTrue();
        }
        EventTracing off = new EventTracing(tracer(sampling), new TracingProperties(false));
        assertThat(off.start("store event", BusRecord.of(event(Map.of("traceparent", CLIENTS))), 0, 0).isNoop()).isTrue();
        assertThat(EventTracing.off().current()).isEqualTo(EventTracing.Stamp.NONE);
        assertThat(spans.getFinishedSpanItems()).isEmpty();
    }

    private SdkTracerProvider provider(Sampler sampler) {
        return SdkTracerProvider.builder().setSampler(sampler).addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    }

    private static Tracer tracer(SdkTracerProvider provider) {
        return new OtelTracer(provider.get("test"), new OtelCurrentTraceContext(), event -> { });
    }

    private static BusEvent event(Map<String, Object> extensions) {
        Map<String, Object> all = new LinkedHashMap<>(extensions);
        all.put("tenantid", "t1");
        return new BusEvent("t1", UUID.randomUUID(), Instant.parse("2025-01-01T00:00:00Z"), new CloudEvent("1.0", "e-1",
                "/s", "test.ping", "sub", null, "application/json", null, all, "{}".getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> headers(ProducerRecord<String, byte[]> record, String name) {
        return java.util.stream.StreamSupport.stream(record.headers().headers(name).spliterator(), false)
                .map(Header::value).map(v -> new String(v, StandardCharsets.UTF_8)).toList();
    }

    private static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> record) {
        return new ConsumerRecord<>(record.topic(), 0, 0, record.timestamp(), TimestampType.CREATE_TIME, -1, -1,
                record.key(), record.value(), record.headers(), java.util.Optional.empty());
    }
}
