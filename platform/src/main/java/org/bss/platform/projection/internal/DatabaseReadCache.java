package org.bss.platform.projection.internal;

import java.util.Collection;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/** No cache: every read goes to the database. */
@Component
class DatabaseReadCache implements ReadCache {

    @Override
    public byte[] get(CacheKey key, Supplier<byte[]> load) {
        return load.get();
    }

    @Override
    public void invalidate(Collection<CacheKey> keys) {
    }
}
