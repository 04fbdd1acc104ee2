package org.bss.platform.projection.internal;

/** One aggregate of one tenant. */
record Ref(String tenantId, String id) {
}
