package org.bss.platform.ingest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param ackTimeout     how long a request waits for Kafka's acknowledgement before it is answered 503
 * @param maxEventSize   the largest event (structured: the JSON object; binary: the body)
 * @param maxBatchEvents the most events in one batch request
 * @param maxBatchSize   the largest batch request body
 * @param maxFutureSkew  how far in the future an event's {@code time} may be
 * @param edge           whether {@code POST /api/v1/events} with a plain API key or bearer token is answered before
 *                       Spring Security's filter chain and Spring MVC's dispatch (the same checks, as plain calls)
 */
@ConfigurationProperties(prefix = "bss.ingest")
public record IngestProperties(
        @DefaultValue("5s") Duration ackTimeout,
        @DefaultValue("256KB") DataSize maxEventSize,
        @DefaultValue("1000") int maxBatchEvents,
        @DefaultValue("5MB") DataSize maxBatchSize,
        @DefaultValue("5m") Duration maxFutureSkew,
        @DefaultValue("true") boolean edge) {
}
