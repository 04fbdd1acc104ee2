package org.bss.loadgen.evaluate;

import java.time.Instant;
import java.util.Objects;

/**
 * An anomaly alert of the platform, as {@code GET /api/v1/alerts} answers it. {@code tenant} is the tenant whose key
 * read it; {@code windowStart} is the start of the window in which the anomaly was seen, the time evaluate scores it
 * by; {@code openedAt} is when the platform raised it. The figures and the explanation may be missing.
 */
public record Alert(String id, String tenant, String metric, String detector, String severity, String state,
        Instant windowStart, Instant openedAt, Instant resolvedAt, Double observed, Double expectedLow, Double expectedHigh,
        String explanation) {

    public Alert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(windowStart, "windowStart");
    }

    /** Just what scoring looks at. */
    public static Alert of(String id, String tenant, String metric, String detector, String state, Instant windowStart) {
        return new Alert(id, tenant, metric, detector, null, state, windowStart, null, null, null, null, null, null);
    }

    /** Whether it is still open: not resolved. */
    public boolean open() {
        return "open".equals(state);
    }

    /** The metric and the detector, e.g. {@code payments.failure_rate (robust-z)}. */
    public String caughtBy() {
        return metric + " (" + detector + ")";
    }
}
