package org.bss.platform.projection.internal;

import java.util.Collection;
import java.util.function.Supplier;

/**
 * Read answers kept between reads. The projection tells it, after each commit, which answers changed; an answer
 * computed from the database while one of its changes was being committed is not kept.
 */
interface ReadCache {

    /** The cached answer for {@code key}, or the one {@code load} computes (then kept when nothing changed it meanwhile). */
    byte[] get(CacheKey key, Supplier<byte[]> load);

    /**
     * Whether answers are kept between reads (an invalidation only removes what was kept before it, so a kept answer
     * must be read from the primary, which has every change the projection announced).
     */
    default boolean keepsAnswers() {
        return true;
    }

    /** Forgets these answers everywhere: called after the transaction that changed them committed. */
    void invalidate(Collection<CacheKey> keys);

    /** Forgets every answer everywhere: the read models start again from empty tables. */
    void forgetAll();

    /**
     * Asks every instance to recompute its most-read customers into the cache (it does so in the background): after
     * a rebuild, once the projection has caught up, so that their first reads do not all go to the database.
     */
    void warmMostRead();
}
