package org.bss.platform.ops;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param drainPeriod     after SIGTERM, how long readiness is DOWN and new writes get 503 before the server stops
 *                        taking connections (time for load balancers to move traffic elsewhere)
 * @param shutdownTimeout the bound on the whole shutdown (drain, in-flight requests, Kafka sends, the store's
 *                        batch); past it the process halts with status 1
 * @param startupTimeout  the bound on start-up once the embedded servers run; past it the process exits with
 *                        status 1 and one line saying so
 */
@ConfigurationProperties(prefix = "bss.lifecycle")
public record LifecycleProperties(
        @DefaultValue("5s") Duration drainPeriod,
        @DefaultValue("30s") Duration shutdownTimeout,
        @DefaultValue("3m") Duration startupTimeout) {
}
