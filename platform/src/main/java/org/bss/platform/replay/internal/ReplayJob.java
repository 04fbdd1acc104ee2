package org.bss.platform.replay.internal;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.bss.platform.store.EventLog;

/**
 * A replay job as stored.
 *
 * @param tenantId  whose events; null for a rebuild (every tenant's)
 * @param positions per tenant, the position of the last event sent
 */
record ReplayJob(UUID id, String tenantId, String createdBy, Instant createdAt, Selection selection, Speed speed,
                 ReplayTarget target, State state, String error, Map<String, EventLog.Position> positions,
                 Progress progress, Instant startedAt, Instant updatedAt, Instant finishedAt) {

    enum State {
        RUNNING, PAUSED, COMPLETED, CANCELLED, FAILED;

        boolean finished() {
            return this == COMPLETED || this == CANCELLED || this == FAILED;
        }
    }

    /**
     * @param total    how many events the selection had when the job started (null until counted; a rebuild's
     *                 grows with live traffic)
     * @param rate     events delivered a second, over the last ten seconds or so
     * @param yielding whether the job is waiting for live ingest
     */
    record Progress(long read, long delivered, long refused, Long total, Double rate, boolean yielding) {
    }
}
