package org.bss.platform.ingest.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bss.platform.bus.QualitySignal;

/** The events of one request refused by admission, counted per type and reason: one bss.quality record each. */
final class Refusals {

    private record Kind(String type, QualitySignal.Reason reason) {
    }

    private final Map<Kind, Integer> counts = new LinkedHashMap<>();

    /** @param type the event's type, null when it could not be read */
    void add(String type, QualitySignal.Reason reason) {
        counts.merge(new Kind(type, reason), 1, Integer::sum);
    }

    List<QualitySignal> signals(String tenant, Instant at) {
        List<QualitySignal> signals = new ArrayList<>(counts.size());
        counts.forEach((kind, count) -> signals.add(new QualitySignal(tenant, kind.type(), kind.reason(), count, at)));
        return signals;
    }

    static QualitySignal.Reason reasonOf(Admission.Refused refused) {
        return switch (refused.check()) {
            case ENVELOPE -> QualitySignal.Reason.ENVELOPE;
            case TENANT -> QualitySignal.Reason.TENANT;
            case UNKNOWN_TYPE -> QualitySignal.Reason.UNKNOWN_TYPE;
            case SCHEMA -> QualitySignal.Reason.SCHEMA;
            case RULE -> QualitySignal.Reason.RULE;
        };
    }
}
