package org.bss.platform.projection.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Answers kept in this instance's memory, served only while it hears the invalidations (its subscription is
 * connected). A reader takes a {@link Stamp} before it asks Redis and stores what it got only if no invalidation
 * of that key (or of everything) was heard since: else an answer read just before an invalidation could be put
 * here just after it, and outlive it.
 */
final class NearCache {

    /** Invalidations heard, counted per stripe of keys and in all (subscription changes, everything forgotten). */
    record Stamp(long all, long stripe) {
    }

    private static final int STRIPES = 1024;

    private final Cache<String, CacheEntry> entries;
    private final AtomicLongArray stripes = new AtomicLongArray(STRIPES);
    private final AtomicLong all = new AtomicLong();
    private volatile boolean listening;

    NearCache(long size, Duration ttl) {
        this.entries = Caffeine.newBuilder().maximumSize(size).expireAfterWrite(ttl).build();
    }

    boolean listening() {
        return listening;
    }

    /** Subscribed (again) or not: either way what is kept may have missed invalidations, so it is dropped. */
    void listening(boolean on) {
        if (on) {
            dropAll();
            listening = true;
        } else {
            listening = false;
            dropAll();
        }
    }

    Stamp stamp(String key) {
        return new Stamp(all.get(), stripes.get(stripe(key)));
    }

    /** The kept entry, or null when there is none, it expired in Redis meanwhile, or this instance is not listening. */
    CacheEntry get(String key, long nowMillis) {
        if (!listening) {
            return null;
        }
        CacheEntry entry = entries.getIfPresent(key);
        return entry == null || entry.expired(nowMillis) ? null : entry;
    }

    void put(String key, CacheEntry entry, Stamp stamp) {
        if (!listening) {
            return;
        }
        // Under the key's lock, as drop's removal is: an invalidation counted after the check removes this entry.
        entries.asMap().compute(key, (k, kept) -> listening && all.get() == stamp.all()
                && stripes.get(stripe(k)) == stamp.stripe() ? entry : kept);
    }

    void drop(Collection<String> keys) {
        for (String key : keys) {
            stripes.incrementAndGet(stripe(key));
            entries.invalidate(key);
        }
    }

    void dropAll() {
        all.incrementAndGet();
        entries.invalidateAll();
    }

    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    private static int stripe(String key) {
        return (key.hashCode() & Integer.MAX_VALUE) % STRIPES;
    }
}
