package org.bss.platform.store;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A PostgreSQL streaming replica that the {@code query} role reads from (stored events, read models, time travel,
 * freshness) while it is close enough behind the primary; everything else stays on {@code spring.datasource.*}.
 *
 * @param url              the replica's JDBC URL, e.g. {@code jdbc:postgresql://pg-replica:5432/bss}; none: reads
 *                         go to the primary
 * @param username         the replica's user; none: {@code spring.datasource.username}
 * @param password         the replica's password; none: {@code spring.datasource.password}
 * @param maxLag           while the replica is further behind than this (or does not answer), reads go to the primary
 * @param poolSize         connections to the replica in this process
 * @param lagCheckInterval how often the replica's lag is measured
 */
@ConfigurationProperties(prefix = "bss.read-replica")
public record ReadReplicaProperties(
        String url,
        String username,
        String password,
        @DefaultValue("10s") Duration maxLag,
        @DefaultValue("10") int poolSize,
        @DefaultValue("1s") Duration lagCheckInterval) {

    public boolean configured() {
        return url != null && !url.isBlank();
    }
}
