package org.bss.platform.analytics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.bss.model.envelope.CloudEvent;
import org.bss.platform.analytics.AnalyticsProperties;
import org.bss.platform.bus.BusEvent;
import org.bss.platform.bus.EventRecords;
import org.bss.platform.bus.EventTracing;
import org.bss.platform.bus.TracingProperties;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The analytics topology continues an event's sampled trace where it first sees the event, and only there. */
class MeasureTracingTest {

    private static final String SAMPLED = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static final String UNSAMPLED = "00-0af7651916cd43dd8448eb211c80319d-b7ad6b7169203332-00";

    @Test
    void aSampledEventGetsAMeasureSpanAndAnUnsampledOneNone() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        AnalyticsProperties settings = new AnalyticsProperties("analytics-test", Duration.ofSeconds(60),
                Duration.ofSeconds(1), 1, "", DataSize.ofMegabytes(16), true, "enriched", "aggregated", "alerts", "customers", "thresholds",
                Duration.ofSeconds(5), Duration.ofDays(2), Duration.ofDays(35), Duration.ofDays(400), 0.5, 0.25, 100);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "analytics-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
             TopologyTestDriver driver = new TopologyTestDriver(AnalyticsTopology.build(settings,
                     new AnalyticsTopology.Topics("bss.events", "bss.quality", 12), new EventTracing(
                             new OtelTracer(provider.get("test"), new OtelCurrentTraceContext(), event -> { }),
                             new TracingProperties(true))), config, Instant.parse("2026-05-04T10:00:00Z"))) {
            var events = driver.createInputTopic("bss.events", new StringSerializer(), new ByteArraySerializer());
            for (var event : List.of(order("sampled", SAMPLED), order("unsampled", UNSAMPLED), order("none", null))) {
                ProducerRecord<String, byte[]> record = EventRecords.toRecord("bss.events", event);
                events.pipeInput(new TestRecord<>(record.key(), record.value(), record.headers(), record.timestamp()));
            }

            assertThat(spans.getFinishedSpanItems()).hasSize(1);
            SpanData span = spans.getFinishedSpanItems().getFirst();
            assertThat(span.getName()).isEqualTo("measure event");
            assertThat(span.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
            assertThat(span.getParentSpanId()).isEqualTo("b7ad6b7169203331");
            assertThat(span.getAttributes().get(AttributeKey.stringKey("cloudevents.event_id"))).isEqualTo("sampled");
        }
    }

    private static BusEvent order(String id, String traceparent) {
        Instant time = Instant.parse("2026-05-04T10:00:00Z");
        return new BusEvent("t1", UUID.randomUUID(), time, new CloudEvent(CloudEvent.SPEC_VERSION, id, "/test",
                "order.placed", "order/" + id, time.toString(), "application/json", null,
                traceparent == null ? Map.of() : Map.of("traceparent", traceparent),
                "{\"order_id\":\"o1\",\"customer_id\":\"c1\",\"amount\":5,\"currency\":\"EUR\"}".getBytes(StandardCharsets.UTF_8)));
    }
}
