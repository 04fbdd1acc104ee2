package org.bss.platform.tenancy;

import java.util.Map;

/** The audit log ({@code GET /api/v1/admin/audit}): who did what, in which tenant. */
public interface AuditTrail {

    /** Writes an entry; inside a transaction, it commits or rolls back with it. */
    void record(TenantPrincipal actor, String action, String tenantId, Map<String, Object> details);
}
