package org.bss.platform.projection.internal;

import java.util.Collection;
import java.util.function.Supplier;

/** No cache ({@code bss.projection.cache.enabled=false}): every read goes to the database. */
class DatabaseReadCache implements ReadCache {

    @Override
    public byte[] get(CacheKey key, Supplier<byte[]> load) {
        return load.get();
    }

    @Override
    public boolean keepsAnswers() {
        return false;
    }

    @Override
    public void invalidate(Collection<CacheKey> keys) {
    }

    @Override
    public void forgetAll() {
    }

    @Override
    public void warmMostRead() {
    }
}
