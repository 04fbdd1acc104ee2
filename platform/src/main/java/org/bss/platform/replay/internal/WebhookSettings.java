package org.bss.platform.replay.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How replay jobs deliver to webhooks.
 *
 * @param connectTimeout how long opening a connection to a webhook may take
 * @param requestTimeout how long a webhook may take to answer a request; past it the request is retried
 * @param attempts       how many times a request is sent (408, 429, 5xx, connection errors and timeouts are
 *                       retried) before the job fails, to be resumed later
 * @param initialBackoff the wait before the first retry; it doubles with each retry, with jitter
 * @param maxBackoff     the longest wait between two attempts, a {@code Retry-After} included
 */
@ConfigurationProperties(prefix = "bss.replay.webhook")
public record WebhookSettings(
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("10s") Duration requestTimeout,
        @DefaultValue("8") int attempts,
        @DefaultValue("200ms") Duration initialBackoff,
        @DefaultValue("30s") Duration maxBackoff) {
}
