package org.bss.platform.projection;

import java.util.List;
import java.util.Map;
import org.bss.platform.bus.BusEvent;

/**
 * A new generation of the read models, built beside the live one (which keeps serving and folding) from stored
 * events, then swapped in whole: reads see the old generation or the new one, never a half-built one.
 */
public interface ReadModelRebuilds {

    /** The generation of this name: created empty, or found again as it was left (a rebuild resumed). */
    Generation open(String name);

    /**
     * Folds stored events into the generation (an event folded before is not folded again) and returns those that
     * cannot be folded, and why.
     */
    List<Unfoldable> fold(Generation generation, List<BusEvent> events);

    /**
     * Swaps the generation in. The live projection is held where it is (no batch folds meanwhile) and its positions
     * on {@code bss.events} are given to {@code catchUp}, which must fold into the generation every stored event
     * from before them; when it gives up (false), nothing changes. Then, atomically, the generation becomes the
     * live read models, the old one is dropped, and the read cache is emptied.
     *
     * @return whether the generation was swapped in
     */
    boolean swap(Generation generation, CatchUp catchUp) throws InterruptedException;

    /** Drops a generation that will not be swapped in (its rebuild was cancelled). */
    void drop(Generation generation);

    /** Per table, the rows a tenant has in the live read models and a digest of their contents. */
    Map<String, Object> checksum(String tenantId);

    /** A generation, by the PostgreSQL schema that holds its tables while it is built. */
    record Generation(String schema) {
    }

    /** An event that cannot be folded (no customer id, data not a JSON object, refused by the database). */
    record Unfoldable(BusEvent event, String cause) {
    }

    /**
     * Folds into the generation what the store has from before the live projection's positions. It runs in the
     * swap's transaction: what it writes there itself (not through {@link #fold}) commits or rolls back with the swap.
     */
    @FunctionalInterface
    interface CatchUp {
        boolean upTo(Map<Integer, Long> positions) throws InterruptedException;
    }
}
