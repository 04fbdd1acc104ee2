package org.bss.platform.tenancy;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param ttl how long a stream ticket can open streams; a browser's EventSource reconnects with the same URL, so
 *            a ticket is not spent by its first use, only by time
 */
@ConfigurationProperties(prefix = "bss.tickets")
public record TicketProperties(@DefaultValue("60s") Duration ttl) {

    public TicketProperties {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("bss.tickets.ttl must be positive");
        }
    }
}
