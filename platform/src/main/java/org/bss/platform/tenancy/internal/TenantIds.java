package org.bss.platform.tenancy.internal;

import java.util.regex.Pattern;

/** A tenant id: 1 to 63 lower-case letters, digits and '-', starting with a letter or digit (the table checks it too). */
final class TenantIds {

    private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private TenantIds() {
    }

    static boolean valid(String tenantId) {
        return tenantId != null && TENANT_ID.matcher(tenantId).matches();
    }
}
