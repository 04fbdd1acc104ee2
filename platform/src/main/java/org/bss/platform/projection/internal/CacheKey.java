package org.bss.platform.projection.internal;

/** One cached read answer: a tenant's view of one kind ({@code customer}, {@code balance}, ...) by id. */
record CacheKey(String tenantId, String kind, String id) {

    static CacheKey customer(String tenantId, String id) {
        return new CacheKey(tenantId, "customer", id);
    }

    static CacheKey balance(String tenantId, String id) {
        return new CacheKey(tenantId, "balance", id);
    }

    /** The key as text: {@code kind} and {@code id} may hold any character, so lengths keep the parts apart. */
    String text() {
        return tenantId + ':' + kind + ':' + id.length() + ':' + id;
    }
}
