package org.bss.platform.replay.internal;

import java.time.Instant;
import java.util.List;
import org.bss.platform.store.EventLog;

/**
 * Which stored events a job sends: a time range on the events' {@code time} or on their arrival, and any of the
 * given types, subjects and sources (none given: all), subjects starting with a prefix.
 */
record Selection(On on, Instant from, Instant to, List<String> types, List<String> subjects, String subjectPrefix,
                 List<String> sources) {

    /** Which instant the range is on. */
    enum On { TIME, ARRIVAL }

    Selection {
        on = on == null ? On.TIME : on;
        types = types == null ? List.of() : List.copyOf(types);
        subjects = subjects == null ? List.of() : List.copyOf(subjects);
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    static Selection everything() {
        return new Selection(On.TIME, null, null, List.of(), List.of(), null, List.of());
    }

    /**
     * The store's scan of one tenant's events; {@code storedBefore} bounds arrival when the selection does not (a job
     * sends what was stored when it was created, not what arrives while it runs).
     */
    EventLog.Scan scan(String tenantId, Instant storedBefore) {
        Instant receivedTo = on == On.ARRIVAL && to != null && (storedBefore == null || to.isBefore(storedBefore))
                ? to : storedBefore;
        return new EventLog.Scan(tenantId, types, subjects, subjectPrefix, sources,
                on == On.TIME ? from : null, on == On.TIME ? to : null,
                on == On.ARRIVAL ? from : null, receivedTo);
    }
}
