package org.bss.platform.store.internal;

import java.util.UUID;

/** The filters of GET /api/v1/events, already checked. {@code after} is the keyset cursor (exclusive). */
record EventQuery(String tenantId, String type, String subject, String source, String id, UUID after, int limit) {

    static final int MAX_LIMIT = 1000;
    static final int DEFAULT_LIMIT = 100;
}
