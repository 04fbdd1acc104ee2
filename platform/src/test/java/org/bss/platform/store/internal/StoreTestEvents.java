package org.bss.platform.store.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.bss.model.Uuid7;
import org.bss.model.envelope.CloudEvent;
import org.bss.platform.bus.BusEvent;

/** Events as the store sees them, for tests that go around ingest. */
final class StoreTestEvents {

    private StoreTestEvents() {
    }

    static String payment(String id, String subject, int amount) {
        return """
                {"specversion":"1.0","type":"payment.created","source":"/billing","id":"%s","subject":"%s",
                 "time":"2025-11-07T10:30:00Z","data":{"amount":%d,"currency":"EUR","customer_id":"c-1"}}"""
                .formatted(id, subject, amount);
    }

    static BusEvent bus(String tenant, String id, String contentType, String data, Instant receivedAt) {
        CloudEvent event = new CloudEvent("1.0", id, "/billing", "payment.created", "customer/c-1", "2025-11-07T10:30:00Z",
                contentType, null, Map.of(), data == null ? null : data.getBytes(StandardCharsets.UTF_8));
        return new BusEvent(tenant, Uuid7.next(), receivedAt, event);
    }
}
