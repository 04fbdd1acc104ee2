package org.bss.platform.ingest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param ackTimeout how long a request waits for Kafka's acknowledgement before it is answered 503
 */
@ConfigurationProperties(prefix = "bss.ingest")
public record IngestProperties(@DefaultValue("5s") Duration ackTimeout) {
}
