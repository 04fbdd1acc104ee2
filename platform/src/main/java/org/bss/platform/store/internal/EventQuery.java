package org.bss.platform.store.internal;

import java.time.Instant;

/**
 * The filters of GET /api/v1/events, already checked. {@code after} is the keyset cursor (exclusive);
 * {@code from} (inclusive) and {@code to} (exclusive) bound the events' {@code time}.
 */
record EventQuery(String tenantId, String type, String subject, String source, String id, Instant from, Instant to,
        Cursor after, int limit) {

    static final int MAX_LIMIT = 1000;
    static final int DEFAULT_LIMIT = 100;
}
