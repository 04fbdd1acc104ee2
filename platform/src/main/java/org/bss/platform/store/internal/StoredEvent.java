package org.bss.platform.store.internal;

import java.time.Instant;
import java.util.UUID;
import org.bss.model.envelope.CloudEvent;
import org.bss.platform.bus.BusEvent;
import org.bss.platform.store.EventKey;

/** An event with where it came from on Kafka, as the writer stores it. */
record StoredEvent(BusEvent bus, int partition, long offset) {

    static StoredEvent of(BusEvent bus, int partition, long offset) {
        return new StoredEvent(bus, partition, offset);
    }

    String tenantId() {
        return bus.tenantId();
    }

    UUID eventId() {
        return bus.eventId();
    }

    Instant receivedAt() {
        return bus.receivedAt();
    }

    CloudEvent event() {
        return bus.event();
    }

    EventKey key() {
        return new EventKey(bus.tenantId(), bus.event().source(), bus.event().id());
    }
}
