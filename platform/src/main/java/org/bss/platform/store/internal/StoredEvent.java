package org.bss.platform.store.internal;

import org.bss.platform.bus.BusEvent;
import org.bss.platform.bus.BusRecord;

/** An event with where it came from on Kafka, as the writer stores it. */
record StoredEvent(BusRecord record, int partition, long offset) {

    static StoredEvent of(BusEvent bus, int partition, long offset) {
        return new StoredEvent(BusRecord.of(bus), partition, offset);
    }
}
