package org.bss.platform.ingest.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bss.model.envelope.CloudEvent;
import org.bss.platform.bus.QualitySignal;

/** The events of one request refused by admission, counted per type and reason: one bss.quality record each. */
final class Refusals {

    private static final String TYPE_POINTER = "/type";

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

    /**
     * The type a refusal is counted under: the event's, or null when the type itself broke the envelope rules (it may
     * hold characters, U+0000 among them, that the analytics store cannot keep).
     */
    static String typeOf(CloudEvent event, Admission.Refused refused) {
        return refused.check() == Admission.Check.ENVELOPE
                && refused.violations().stream().anyMatch(v -> v.pointer().equals(TYPE_POINTER)) ? null : event.type();
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
