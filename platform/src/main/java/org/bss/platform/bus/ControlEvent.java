package org.bss.platform.bus;

/**
 * A change every instance must apply at once (a tenant disabled, a key revoked, a quota or schema policy changed),
 * as a record: {@link ControlEvents#publish} delivers it as a Spring application event on every instance.
 */
public interface ControlEvent {
}
