package org.bss.platform.tenancy;

import java.util.UUID;

/** A newly issued API key. The secret is shown once: only its hash is stored. */
public record IssuedKey(UUID keyId, String tenantId, String secret) {

    @Override
    public String toString() {
        return "IssuedKey[keyId=" + keyId + ", tenantId=" + tenantId + ", secret=***]";
    }
}
