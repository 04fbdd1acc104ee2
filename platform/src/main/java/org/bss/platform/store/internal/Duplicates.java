package org.bss.platform.store.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bss.platform.bus.BusRecord;
import org.bss.platform.bus.QualitySignal;

/** The duplicates a batch found, counted per tenant and type: one bss.quality record each. */
final class Duplicates {

    private record Kind(String tenant, String type) {
    }

    private static final class Tally {
        int count;
        long latestMillis;
    }

    private final Map<Kind, Tally> tallies = new LinkedHashMap<>();

    void add(List<BusRecord> duplicates) {
        for (BusRecord record : duplicates) {
            Tally tally = tallies.computeIfAbsent(new Kind(utf8(record.tenantId()), utf8(record.type())), k -> new Tally());
            tally.count++;
            tally.latestMillis = Math.max(tally.latestMillis, record.receivedAtMillis());
        }
    }

    /** Stamped with the acceptance of the latest duplicate of each kind. */
    List<QualitySignal> signals() {
        List<QualitySignal> signals = new ArrayList<>(tallies.size());
        tallies.forEach((kind, tally) -> signals.add(new QualitySignal(kind.tenant(), kind.type(),
                QualitySignal.Reason.DUPLICATE, tally.count, Instant.ofEpochMilli(tally.latestMillis))));
        return signals;
    }

    private static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
