package org.bss.platform.schemas;

/** What a tenant's ingest does with an event whose type has no schema. */
public enum SchemaPolicy {
    /** Refuse it. */
    STRICT,
    /** Accept it and count it as unvalidated. */
    PERMISSIVE
}
