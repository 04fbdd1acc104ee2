package org.bss.platform.store.internal;

/** What makes an event unique: CloudEvents' source + id, within a tenant. */
record EventKey(String tenantId, String source, String id) {
}
