package org.bss.platform.stream;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param buffer              events held for one subscriber that has not taken them yet; past it a live subscriber
 *                            gets {@code stream.overflow} with the position to resume from, and is closed
 * @param maxPerTenant        concurrent subscribers of one tenant on one instance; past it a new one is answered 429
 * @param heartbeat           how often an idle stream gets a comment (SSE) or a ping (WebSocket), so that proxies
 *                            keep the connection and a gone client is noticed
 * @param retry               the reconnection delay a Server-Sent Events client is told to use
 * @param catchUpWait         how long a resuming subscriber waits for the store to have stored what it missed
 *                            before it is answered 503
 * @param catchUpPage         stored events read at a time, per partition, while a subscriber catches up
 * @param maxSubscriptions    stored subscriptions (POST /api/v1/stream/subscriptions) a tenant may keep
 * @param allowedOrigins      web origins whose pages may open the stream and ask for tickets (CORS); none: only
 *                            pages of the platform's own origin
 */
@ConfigurationProperties(prefix = "bss.stream")
public record StreamProperties(
        @DefaultValue("1000") int buffer,
        @DefaultValue("100") int maxPerTenant,
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("2s") Duration retry,
        @DefaultValue("30s") Duration catchUpWait,
        @DefaultValue("500") int catchUpPage,
        @DefaultValue("1000") int maxSubscriptions,
        @DefaultValue List<String> allowedOrigins) {

    public StreamProperties {
        if (buffer < 1) {
            throw new IllegalArgumentException("bss.stream.buffer must be at least 1");
        }
        if (maxPerTenant < 1) {
            throw new IllegalArgumentException("bss.stream.max-per-tenant must be at least 1");
        }
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("bss.stream.heartbeat must be positive");
        }
        if (catchUpPage < 1) {
            throw new IllegalArgumentException("bss.stream.catch-up-page must be at least 1");
        }
        allowedOrigins = List.copyOf(allowedOrigins);
    }
}
