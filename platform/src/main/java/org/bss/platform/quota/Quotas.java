package org.bss.platform.quota;

/** Token buckets for ingest, per tenant and (where set) per API key: one token per event, shared by every instance. */
public interface Quotas {

    /** Spends from the key's bucket (if the key has a quota of its own), then from the tenant's. */
    QuotaDecision consume(String tenantId, String keyId, long events);
}
