package org.bss.loadgen.evaluate;

import java.time.Instant;
import java.util.Objects;

/**
 * An anomaly a run injected, as labels.json records it: its kind (e.g. {@code payment-failures}), the tenant's id,
 * and when it actually began and ended.
 */
public record Label(String kind, String tenant, Instant start, Instant end) {

    public Label {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("the label " + kind + " of " + tenant + " ends (" + end + ") before it starts ("
                    + start + ")");
        }
    }
}
