package org.bss.platform.schemas;

import org.bss.platform.bus.ControlEvent;

/** A tenant registered a version of one of its types; delivered on every instance, where ingest validates against it. */
public record SchemaRegistered(String tenantId, String type, int version) implements ControlEvent {
}
