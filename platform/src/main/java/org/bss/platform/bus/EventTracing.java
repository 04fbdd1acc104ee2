package org.bss.platform.bus;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelTraceContext;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import org.springframework.stereotype.Component;

/**
 * An event's trace context, carried as the CloudEvents distributed-tracing extension ({@code traceparent},
 * {@code tracestate}: W3C Trace Context, whatever propagation formats HTTP uses), so that the consumers of
 * {@code bss.events} continue the trace of the request that accepted it.
 *
 * <p>Ingest stamps the current request span's context on every event that does not carry a {@code traceparent} of
 * its own ({@link #current()}); an event that does keeps it untouched: it is the context in which the event was
 * created. Consumers start a span per event only when its {@code traceparent} is sampled ({@link #start}); for the
 * others, nearly all at the default sampling, they look at its flags and do nothing more.
 */
@Component
public class EventTracing {

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<Map<String, Object>> EXTENSIONS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, Object> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, Object> carrier, String key) {
            return carrier != null && carrier.get(key) instanceof String value ? value : null;
        }
    };

    /** Null when tracing is off. */
    private final Tracer tracer;

    public EventTracing(Tracer tracer, TracingProperties settings) {
        this.tracer = settings.enabled() && tracer != Tracer.NOOP ? tracer : null;
    }

    /** Traces nothing (tests of parts that take one). */
    public static EventTracing off() {
        return new EventTracing(Tracer.NOOP, new TracingProperties(false));
    }

    /**
     * A trace context as the extension's UTF-8 values, for the record headers; both null when there is none.
     *
     * @param tracestate null when the context has no vendor state
     */
    public record Stamp(byte[] traceparent, byte[] tracestate) {

        public static final Stamp NONE = new Stamp(null, null);
    }

    /** The current span's context (a request's server span), sampled or not; {@link Stamp#NONE} when there is none. */
    public Stamp current() {
        if (tracer == null) {
            return Stamp.NONE;
        }
        TraceContext context = tracer.currentTraceContext().context();
        if (context == null) {
            return Stamp.NONE;
        }
        SpanContext span = OtelTraceContext.toOtelSpanContext(context);
        if (!span.isValid()) {
            return Stamp.NONE;
        }
        byte[][] values = new byte[2][];
        W3C.inject(Context.root().with(io.opentelemetry.api.trace.Span.wrap(span)), values, (carrier, key, value) -> {
            carrier[key.equals(TRACEPARENT) ? 0 : 1] = value.getBytes(StandardCharsets.UTF_8);
        });
        return values[0] == null ? Stamp.NONE : new Stamp(values[0], values[1]);
    }

    /**
     * Starts a span of one step ({@code name}) of one event read off a topic, a child of the event's
     * {@code traceparent} (kind consumer), tagged with the event; {@link Span#NOOP} when the event carries no
     * sampled context or tracing is off. The caller ends it.
     */
    public Span start(String name, BusRecord event, int partition, long offset) {
        Map<String, Object> extensions = event.extensions();
        if (tracer == null || !TraceParent.sampled(extensions.get(TRACEPARENT))) {
            return Span.NOOP;
        }
        SpanContext parent = io.opentelemetry.api.trace.Span.fromContext(W3C.extract(Context.root(), extensions, EXTENSIONS))
                .getSpanContext();
        if (!parent.isValid() || !parent.isSampled()) {
            return Span.NOOP;
        }
        Span span = tracer.spanBuilder().setParent(OtelTraceContext.fromOtel(parent)).name(name).kind(Span.Kind.CONSUMER)
                .tag("messaging.system", "kafka")
                .tag("messaging.destination.partition.id", Integer.toString(partition))
                .tag("messaging.kafka.offset", offset)
                .tag("bss.tenant", string(event.tenantId()))
                .tag("bss.event_id", event.eventId().toString())
                .tag("cloudevents.event_id", string(event.id()))
                .tag("cloudevents.event_source", string(event.source()))
                .tag("cloudevents.event_type", string(event.type()))
                .start();
        if (event.subject() != null) {
            span.tag("cloudevents.event_subject", string(event.subject()));
        }
        return span;
    }

    /** Ends the span with the error that failed its step. */
    public static void failed(Span span, Throwable error) {
        span.error(error);
        span.end();
    }

    private static String string(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
