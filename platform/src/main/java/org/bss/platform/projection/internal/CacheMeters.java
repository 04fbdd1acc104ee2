package org.bss.platform.projection.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The read cache's counters ({@code bss_cache_*} in Prometheus). */
record CacheMeters(Counter nearHits, Counter redisHits, Counter misses, Counter bypassed, Counter invalidations,
                   Counter staleRefusals, Counter earlyRecomputes, Counter errors, Counter warmed) {

    static CacheMeters register(MeterRegistry meters) {
        return new CacheMeters(
                Counter.builder("bss.cache.hits").tag("level", "near")
                        .description("Read answers served from this instance's memory").register(meters),
                Counter.builder("bss.cache.hits").tag("level", "redis")
                        .description("Read answers served from Redis").register(meters),
                Counter.builder("bss.cache.misses")
                        .description("Reads that found no answer in the cache and computed it from PostgreSQL").register(meters),
                Counter.builder("bss.cache.bypassed")
                        .description("Reads that went to PostgreSQL without asking Redis (not connected, or skipped after a failure)")
                        .register(meters),
                Counter.builder("bss.cache.invalidations")
                        .description("Answers invalidated after a projection commit").register(meters),
                Counter.builder("bss.cache.stale.refusals")
                        .description("Computed answers not stored because their key was invalidated while they were computed")
                        .register(meters),
                Counter.builder("bss.cache.early.recomputes")
                        .description("Cached answers recomputed before they expired (probabilistic early expiration)")
                        .register(meters),
                Counter.builder("bss.cache.errors")
                        .description("Redis calls of the read cache that failed or timed out").register(meters),
                Counter.builder("bss.cache.warmed")
                        .description("Most-read answers recomputed into the cache after a rebuild").register(meters));
    }
}
