package org.bss.platform.schemas.internal;

import java.time.OffsetDateTime;

/** One version of a tenant's schema as stored. */
record StoredSchema(String type, int version, String schema, OffsetDateTime createdAt) {
}
