package org.bss.platform.schemas;

import org.bss.platform.bus.ControlEvent;

/** A tenant's schema policy changed; delivered on every instance, where the cached policy is dropped. */
public record SchemaPolicyChanged(String tenantId) implements ControlEvent {
}
