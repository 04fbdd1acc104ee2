package org.bss.platform.projection;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The cache in front of the read models' live answers: Redis shared by every instance, and a small near cache in
 * each instance that serves only while it hears the invalidations.
 *
 * @param enabled      false: every read goes to PostgreSQL
 * @param ttl          how long Redis keeps an answer (an answer recomputed early, before this, keeps readers off
 *                     PostgreSQL when it expires)
 * @param nearSize     the most answers an instance keeps in its own memory
 * @param nearTtl      how long an instance keeps an answer in its own memory: the bound on its staleness should an
 *                     invalidation not reach it while its subscription still looks connected
 * @param redisTimeout how long a read waits for Redis before it goes to PostgreSQL
 * @param bypassFor    how long reads skip Redis (straight to PostgreSQL) after it failed, before one tries it again
 * @param warmTop      how many of its most-read customers an instance recomputes into Redis after a rebuild
 */
@ConfigurationProperties(prefix = "bss.projection.cache")
public record ReadCacheProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("10m") Duration ttl,
        @DefaultValue("10000") long nearSize,
        @DefaultValue("5s") Duration nearTtl,
        @DefaultValue("200ms") Duration redisTimeout,
        @DefaultValue("5s") Duration bypassFor,
        @DefaultValue("1000") int warmTop) {
}
