package org.bss.platform.quota;

/** Per-tenant token buckets for ingest: one token per event, shared by every instance. */
public interface Quotas {

    QuotaDecision consume(String tenantId, long events);

    /** The tenant's limits were changed: use the new ones from now on. */
    void limitsChanged(String tenantId);
}
