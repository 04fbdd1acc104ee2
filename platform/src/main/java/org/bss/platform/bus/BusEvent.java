package org.bss.platform.bus;

import java.time.Instant;
import java.util.UUID;
import org.bss.model.envelope.CloudEvent;

/**
 * An accepted event as it travels on {@code bss.events}: the CloudEvent (with the {@code tenantid} extension),
 * the platform's own id for it (UUIDv7) and the instant the platform accepted it.
 */
public record BusEvent(String tenantId, UUID eventId, Instant receivedAt, CloudEvent event) {

    /** Events of one aggregate share a key, so they keep their order: tenant + subject, else tenant + source. */
    public String partitionKey() {
        return tenantId + "/" + (event.subject() != null ? event.subject() : event.source());
    }
}
