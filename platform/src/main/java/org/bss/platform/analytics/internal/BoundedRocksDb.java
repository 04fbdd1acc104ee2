package org.bss.platform.analytics.internal;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Every RocksDB store of the JVM under one memory budget: one block cache, with the write buffers (memtables) charged
 * to it, shared by all stores. Without it each store instance of each task takes its own 50 MB cache and 48 MB of
 * memtables, so the off-heap memory would grow with the partitions rather than stay at {@link #MEMORY_CONFIG}.
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {

    /** The streams setting that carries the budget in bytes. */
    static final String MEMORY_CONFIG = "bss.analytics.store-memory.bytes";
    private static final double INDEX_AND_FILTER_SHARE = 0.1;
    private static final long MEMTABLE_BYTES = 8L << 20;

    private static Shared shared;

    /**
     * Created by the first store to open, with the budget it was given, and kept for the life of the JVM, as every
     * store may use them.
     */
    private record Shared(Cache cache, WriteBufferManager writeBuffers) {
    }

    private static synchronized Shared shared(long bytes) {
        if (shared == null) {
            Cache cache = new LRUCache(bytes, -1, false, INDEX_AND_FILTER_SHARE);
            shared = new Shared(cache, new WriteBufferManager(bytes / 4, cache));
        }
        return shared;
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Shared budget = shared(Long.parseLong(String.valueOf(configs.get(MEMORY_CONFIG))));
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(budget.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(budget.writeBuffers());
        options.setWriteBufferSize(MEMTABLE_BYTES);
        options.setMaxWriteBufferNumber(2);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared by every store: they are not closed with one of them.
    }
}
