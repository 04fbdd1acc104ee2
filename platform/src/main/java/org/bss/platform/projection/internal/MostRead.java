package org.bss.platform.projection.internal;

import java.util.Map;
import java.util.function.Supplier;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The customers this instance reads most, at most {@code size} of them, each with how its answer is computed (the
 * last read's computation: a live answer depends only on the database), so that they can be recomputed into the
 * cache after a rebuild. Caffeine's frequency sketch decides which keys stay: a key read once does not push out
 * one read often.
 */
final class MostRead {

    private final int size;
    private final Cache<CacheKey, Supplier<byte[]>> keys;

    MostRead(int size) {
        this.size = size;
        this.keys = Caffeine.newBuilder().maximumSize(size).build();
    }

    void read(CacheKey key, Supplier<byte[]> load) {
        if ("customer".equals(key.kind()) && keys.getIfPresent(key) == null) {
            keys.put(key, load);
        }
    }

    /** Hottest first. */
    Map<CacheKey, Supplier<byte[]>> hottest() {
        keys.cleanUp();
        return keys.policy().eviction().map(eviction -> eviction.hottest(size)).orElseGet(keys::asMap);
    }
}
