package org.bss.platform.tenancy;

/**
 * A registered tenant as the other capabilities see it.
 *
 * @param quotaRate     events per second of its own, or null for the platform's default
 * @param quotaBurst    burst of its own, or null for the platform's default
 * @param retentionDays days its events are kept, or null for the platform's default
 */
public record Tenant(String tenantId, Status status, Long quotaRate, Long quotaBurst, Integer retentionDays) {

    public enum Status {
        ACTIVE,
        DISABLED
    }

    public boolean active() {
        return status == Status.ACTIVE;
    }
}
