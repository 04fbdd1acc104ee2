package org.bss.platform.tenancy.internal;

import org.bss.platform.web.InvalidRequestException;
import tools.jackson.databind.JsonNode;

/**
 * The settings of a tenant a {@code PATCH} changes; a null component is one the patch leaves as it is.
 *
 * @param quota events per second and burst (their own null: the platform's default)
 * @param retention days the tenant's events are kept (its own null: {@code bss.store.retention-days})
 */
record TenantSettings(Quota quota, Retention retention) {

    record Quota(Long rate, Long burst) {
    }

    record Retention(Integer days) {
    }

    /**
     * Reads a JSON merge patch ({@code quotaRate}, {@code quotaBurst}, {@code retentionDays}). The rate and the burst
     * go together: giving one of them keeps the other as it is stored ({@code current}).
     */
    static TenantSettings fromPatch(JsonNode patch, Long currentRate, Long currentBurst) {
        if (patch == null || !patch.isObject()) {
            throw new InvalidRequestException("the body must be a JSON object");
        }
        for (String name : patch.propertyNames()) {
            if (!name.equals("quotaRate") && !name.equals("quotaBurst") && !name.equals("retentionDays")) {
                throw new InvalidRequestException("unknown setting '" + name + "': quotaRate, quotaBurst and retentionDays can be changed");
            }
        }
        Quota quota = null;
        if (patch.has("quotaRate") || patch.has("quotaBurst")) {
            quota = new Quota(patch.has("quotaRate") ? positiveLong(patch, "quotaRate") : currentRate,
                    patch.has("quotaBurst") ? positiveLong(patch, "quotaBurst") : currentBurst);
        }
        Retention retention = null;
        if (patch.has("retentionDays")) {
            Long days = positiveLong(patch, "retentionDays");
            if (days != null && days > 36500) {
                throw new InvalidRequestException("retentionDays must be at most 36500");
            }
            retention = new Retention(days == null ? null : days.intValue());
        }
        return new TenantSettings(quota, retention);
    }

    private static Long positiveLong(JsonNode patch, String name) {
        JsonNode value = patch.get(name);
        if (value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 1) {
            throw new InvalidRequestException(name + " must be a positive integer, or null for the platform's default");
        }
        return value.longValue();
    }
}
