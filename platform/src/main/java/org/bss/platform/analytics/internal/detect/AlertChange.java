package org.bss.platform.analytics.internal.detect;

import java.time.Instant;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What a window did to the alert of a tenant and metric. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "change")
@JsonSubTypes({
    @JsonSubTypes.Type(value = AlertChange.Opened.class, name = "opened"),
    @JsonSubTypes.Type(value = AlertChange.Escalated.class, name = "escalated"),
    @JsonSubTypes.Type(value = AlertChange.Resolved.class, name = "resolved")
})
public sealed interface AlertChange {

    /** An alert opened on the most severe anomalous verdict of the window starting at {@code windowStart}. */
    record Opened(Verdict verdict, Instant windowStart) implements AlertChange {
    }

    /** An open warning became critical on this verdict. */
    record Escalated(Verdict verdict) implements AlertChange {
    }

    /**
     * The alert resolved in the window starting at {@code windowStart}, after {@code windowsOpen} windows counted from
     * the one that opened it to this one.
     */
    record Resolved(Instant windowStart, int windowsOpen) implements AlertChange {
    }
}
