package org.bss.platform.store.internal;

import org.bss.platform.store.EventKey;

import java.time.Instant;
import java.util.UUID;
import org.bss.model.envelope.CloudEvent;
import org.bss.platform.bus.BusEvent;

/** An event with where it came from on Kafka, as the writer stores it. */
record StoredEvent(String tenantId, UUID eventId, Instant receivedAt, CloudEvent event, int partition, long offset) {

    static StoredEvent of(BusEvent bus, int partition, long offset) {
        return new StoredEvent(bus.tenantId(), bus.eventId(), bus.receivedAt(), bus.event(), partition, offset);
    }

    EventKey key() {
        return new EventKey(tenantId, event.source(), event.id());
    }
}
