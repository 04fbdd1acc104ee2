package org.bss.platform.projection.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.MeterRegistry;
import org.bss.platform.PlatformProperties;
import org.bss.platform.Role;
import org.bss.platform.projection.ReadCacheProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The read cache: Redis with near caches; none when {@code bss.projection.cache.enabled} is false, or in a process
 * that neither answers reads nor projects (nothing there would use it).
 */
@Configuration(proxyBeanMethods = false)
class ReadCacheConfiguration {

    @Bean
    ReadCache readCache(ReadCacheProperties settings, PlatformProperties platform, DataRedisProperties redis,
            MeterRegistry meters) {
        Set<Role> roles = Role.parse(platform.roles());
        if (!settings.enabled() || !(roles.contains(Role.QUERY) || roles.contains(Role.PROJECTION))) {
            return new DatabaseReadCache();
        }
        return new RedisReadCache(settings, uri(redis), meters, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** Where Redis is, from Spring Boot's settings, as the quota buckets' client takes it. */
    static RedisURI uri(DataRedisProperties redis) {
        RedisURI uri = redis.getUrl() != null ? RedisURI.create(redis.getUrl())
                : RedisURI.builder().withHost(redis.getHost()).withPort(redis.getPort())
                        .withSsl(redis.getSsl().isEnabled()).withDatabase(redis.getDatabase()).build();
        // Connecting runs in the background: it may take longer than a read waits for Redis.
        uri.setTimeout(redis.getConnectTimeout() != null ? redis.getConnectTimeout() : Duration.ofSeconds(2));
        if (redis.getPassword() != null) {
            uri.setCredentialsProvider(RedisCredentialsProvider.from(
                    () -> RedisCredentials.just(redis.getUsername(), redis.getPassword())));
        }
        return uri;
    }
}
