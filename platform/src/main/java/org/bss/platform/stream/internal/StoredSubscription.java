package org.bss.platform.stream.internal;

import java.time.Instant;
import java.util.UUID;

/** A filter a tenant stored under an id, to open streams with. */
record StoredSubscription(UUID id, String tenant, EventFilter filter, String description, Instant createdAt,
                          String createdBy) {
}
