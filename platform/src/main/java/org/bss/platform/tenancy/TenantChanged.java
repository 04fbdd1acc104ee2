package org.bss.platform.tenancy;

import java.util.UUID;
import org.bss.platform.bus.ControlEvent;

/**
 * A tenant or one of its keys changed; delivered on every instance (see
 * {@link org.bss.platform.bus.ControlEvents}), where what was cached about it is dropped.
 *
 * @param keyId the key, for the changes of a key; else null
 */
public record TenantChanged(String tenantId, Change change, UUID keyId) implements ControlEvent {

    public enum Change {
        CREATED,
        ENABLED,
        DISABLED,
        QUOTA,
        RETENTION,
        KEY_QUOTA,
        KEY_REVOKED
    }

    public static TenantChanged of(String tenantId, Change change) {
        return new TenantChanged(tenantId, change, null);
    }
}
