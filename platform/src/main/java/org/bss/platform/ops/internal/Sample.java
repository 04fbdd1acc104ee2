package org.bss.platform.ops.internal;

import java.time.Instant;

/**
 * One second of this instance: events per second by outcome and latencies in milliseconds; a figure is null where
 * nothing was measured in that second (no request, no stored event).
 */
record Sample(Instant at, double accepted, double refused, double throttled, double unavailable, double stored,
        double projected, Double ingestP50Ms, Double ingestP99Ms, Double storeDelayP99Ms) {
}
