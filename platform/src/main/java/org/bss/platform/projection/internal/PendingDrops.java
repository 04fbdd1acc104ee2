package org.bss.platform.projection.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Invalidations Redis did not take (down, hung), kept to be sent again once it answers: until then other instances
 * may serve the answers from Redis. Past {@code limit} keys, everything is to be forgotten instead (one new epoch).
 */
final class PendingDrops {

    /** What to send: everything forgotten, or these keys. */
    record Batch(boolean all, List<String> keys) {
        boolean isEmpty() {
            return !all && keys.isEmpty();
        }
    }

    private final int limit;
    private final Set<String> keys = new LinkedHashSet<>();
    private boolean all;

    PendingDrops(int limit) {
        this.limit = limit;
    }

    synchronized void add(Collection<String> more) {
        if (all) {
            return;
        }
        keys.addAll(more);
        if (keys.size() > limit) {
            all();
        }
    }

    synchronized void all() {
        all = true;
        keys.clear();
    }

    synchronized Batch take() {
        Batch batch = new Batch(all, all ? List.of() : new ArrayList<>(keys));
        all = false;
        keys.clear();
        return batch;
    }

    synchronized boolean isEmpty() {
        return !all && keys.isEmpty();
    }

    /** Puts back what could not be sent. */
    void restore(Batch batch) {
        if (batch.all()) {
            all();
        } else {
            add(batch.keys());
        }
    }
}
