package org.bss.platform.stream.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** How many streams each tenant has open on this instance, within its limit. */
final class TenantStreams {

    private final int max;
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();

    TenantStreams(int max) {
        this.max = max;
    }

    /** Counts one more stream of the tenant; false (nothing counted) when it has as many open as allowed. */
    boolean acquire(String tenant) {
        AtomicInteger count = open.computeIfAbsent(tenant, t -> new AtomicInteger());
        if (count.incrementAndGet() > max) {
            count.decrementAndGet();
            return false;
        }
        return true;
    }

    void release(String tenant) {
        AtomicInteger count = open.get(tenant);
        if (count != null) {
            count.decrementAndGet();
        }
    }

    int max() {
        return max;
    }
}
