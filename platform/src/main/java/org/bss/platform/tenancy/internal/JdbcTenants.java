package org.bss.platform.tenancy.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.bss.model.Uuid7;
import org.bss.platform.tenancy.IssuedKey;
import org.bss.platform.tenancy.Scope;
import org.bss.platform.tenancy.TenantPrincipal;
import org.bss.platform.tenancy.Tenants;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Tenants and API keys in PostgreSQL. Key look-ups are cached and refreshed in the background after
 * {@link #CACHE_TTL}; while PostgreSQL cannot answer, the last answer stands (up to {@link #STALE_LIMIT}), so
 * ingest keeps accepting events during a database outage.
 */
@Service
class JdbcTenants implements Tenants {

    /** How long a revoked key may still be honoured by an instance that cached it. */
    static final Duration CACHE_TTL = Duration.ofSeconds(10);
    /** How long a cached answer may serve while PostgreSQL cannot be asked. */
    static final Duration STALE_LIMIT = Duration.ofHours(1);

    private final JdbcClient jdbc;
    private final LoadingCache<HashKey, Optional<StoredKey>> keys;

    JdbcTenants(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.keys = Caffeine.newBuilder()
                .maximumSize(100_000)
                .refreshAfterWrite(CACHE_TTL)
                .expireAfterWrite(STALE_LIMIT)
                .build(this::load);
    }

    @Override
    public boolean create(String tenantId, String name) {
        return jdbc.sql("insert into tenants (tenant_id, name) values (?, ?) on conflict do nothing")
                .params(tenantId, name).update() == 1;
    }

    @Override
    public IssuedKey issueKey(String tenantId, Set<Scope> scopes, Instant expiresAt) {
        return storeKey(tenantId, ApiKeySecrets.generate(), scopes, expiresAt);
    }

    /** Stores a key whose secret was made elsewhere (the configured bootstrap key). */
    IssuedKey storeKey(String tenantId, String secret, Set<Scope> scopes, Instant expiresAt) {
        UUID keyId = Uuid7.next();
        jdbc.sql("""
                insert into api_keys (key_id, tenant_id, key_hash, key_prefix, scopes, expires_at)
                values (?, ?, ?, ?, ?::text[], ?)""")
                .params(keyId, tenantId, ApiKeySecrets.hash(secret), ApiKeySecrets.displayPrefix(secret),
                        "{" + String.join(",", scopes.stream().map(Scope::value).toList()) + "}",
                        expiresAt == null ? null : Timestamp.from(expiresAt))
                .update();
        return new IssuedKey(keyId, tenantId, secret);
    }

    /** After a revocation or a tenant's status change: this instance asks PostgreSQL again at once. */
    void forgetCachedKeys() {
        keys.invalidateAll();
    }

    @Override
    public boolean isValidKey(String secret) {
        return authenticate(secret).isPresent();
    }

    /** The caller a secret stands for, when it is a current key of an active tenant. */
    Optional<TenantPrincipal> authenticate(String secret) {
        if (!ApiKeySecrets.looksLikeKey(secret)) {
            return Optional.empty(); // not even the shape of a key: no look-up, no cache entry
        }
        Instant now = Instant.now();
        return keys.get(new HashKey(ApiKeySecrets.hash(secret)))
                .filter(key -> key.expiresAt() == null || key.expiresAt().isAfter(now))
                .map(key -> new TenantPrincipal(key.tenantId(), key.keyId().toString(), key.scopes()));
    }

    private Optional<StoredKey> load(HashKey hash) {
        return jdbc.sql("""
                select k.key_id, k.tenant_id, k.scopes, k.expires_at
                  from api_keys k join tenants t using (tenant_id)
                 where k.key_hash = ? and k.revoked_at is null and t.status = 'active'""")
                .param(hash.bytes())
                .query((rs, row) -> {
                    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
                    for (String s : (String[]) rs.getArray("scopes").getArray()) {
                        scopes.add(Scope.of(s));
                    }
                    Timestamp expires = rs.getTimestamp("expires_at");
                    return new StoredKey(rs.getObject("key_id", UUID.class), rs.getString("tenant_id"), scopes,
                            expires == null ? null : expires.toInstant());
                })
                .optional();
    }

    private record StoredKey(UUID keyId, String tenantId, Set<Scope> scopes, Instant expiresAt) {
    }

    /** A key hash as a cache key (arrays compare by identity). */
    private record HashKey(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof HashKey other && java.util.Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(bytes);
        }
    }
}
