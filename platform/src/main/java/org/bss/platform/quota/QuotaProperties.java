package org.bss.platform.quota;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param rate          events per second a tenant may send on average, unless the tenant has its own
 * @param burst         how many a tenant may send at once
 * @param redisTimeout  how long a quota check waits for Redis before it falls back to this instance's buckets
 * @param localFor      how long to stay on local buckets after Redis failed, before trying it again
 */
@ConfigurationProperties(prefix = "bss.quota")
public record QuotaProperties(
        @DefaultValue("6667") long rate,
        @DefaultValue("10000") long burst,
        @DefaultValue("200ms") Duration redisTimeout,
        @DefaultValue("5s") Duration localFor) {
}
