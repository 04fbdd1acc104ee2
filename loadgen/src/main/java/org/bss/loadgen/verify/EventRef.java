package org.bss.loadgen.verify;

/** An event as the platform identifies it: tenant, source and id. */
public record EventRef(String tenantId, String source, String id) {
}
