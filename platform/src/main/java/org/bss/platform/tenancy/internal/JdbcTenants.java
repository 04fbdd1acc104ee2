package org.bss.platform.tenancy.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import org.bss.model.Uuid7;
import org.bss.platform.PlatformProperties;
import org.bss.platform.bus.ControlEvents;
import org.bss.platform.tenancy.IssuedKey;
import org.bss.platform.tenancy.Scope;
import org.bss.platform.tenancy.TenantChanged;
import org.bss.platform.tenancy.TenantDirectory;
import org.bss.platform.tenancy.TenantPrincipal;
import org.bss.platform.tenancy.Tenants;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Tenants and API keys in PostgreSQL. Key look-ups are cached: a revoked key is dropped from the cache when its
 * {@link TenantChanged} arrives, and every entry is refreshed in the background after {@code bss.cache-refresh}
 * (10 s) in case that was lost. While PostgreSQL cannot answer, the last answer stands (up to
 * {@link #STALE_LIMIT}), so ingest keeps accepting events during a database outage.
 */
@Service
class JdbcTenants implements Tenants {

    /** How long a cached answer may serve while PostgreSQL cannot be asked. */
    static final Duration STALE_LIMIT = Duration.ofHours(1);

    private final JdbcClient jdbc;
    private final TenantDirectory directory;
    private final ControlEvents control;
    private final LoadingCache<HashKey, Optional<StoredKey>> keys;

    JdbcTenants(JdbcClient jdbc, TenantDirectory directory, ControlEvents control,
            PlatformProperties settings) {
        this.jdbc = jdbc;
        this.directory = directory;
        this.control = control;
        this.keys = cache(100_000, settings.cacheRefresh(), this::load);
    }

    /** A cache whose entries are refreshed in the background after {@code refresh}, and outlive a database outage. */
    static <K, V> LoadingCache<K, V> cache(long size, Duration refresh, CacheLoader<K, V> loader) {
        return Caffeine.newBuilder().maximumSize(size).refreshAfterWrite(refresh)
                .expireAfterWrite(refresh.compareTo(STALE_LIMIT) < 0 ? STALE_LIMIT : refresh.multipliedBy(2))
                .build(loader);
    }

    @Override
    public boolean create(String tenantId, String name) {
        boolean created = jdbc.sql("insert into tenants (tenant_id, name) values (?, ?) on conflict do nothing")
                .params(tenantId, name).update() == 1;
        if (created) { // an instance may have cached that there is no such tenant
            control.publish(TenantChanged.of(tenantId, TenantChanged.Change.CREATED));
        }
        return created;
    }

    @Override
    public IssuedKey issueKey(String tenantId, Set<Scope> scopes, Instant expiresAt) {
        String secret = ApiKeySecrets.generate();
        return new IssuedKey(insertKey(tenantId, secret, scopes, expiresAt, false), tenantId, secret);
    }

    /**
     * Stores a key whose secret was made elsewhere (the configured bootstrap key) unless it is stored already;
     * instances starting together with the same key all succeed, one of them storing it.
     */
    boolean storeKeyOnce(String tenantId, String secret, Set<Scope> scopes) {
        return insertKey(tenantId, secret, scopes, null, true) != null;
    }

    /** The new key's id, or null when {@code unlessStored} and a key with the same secret was stored already. */
    private UUID insertKey(String tenantId, String secret, Set<Scope> scopes, Instant expiresAt, boolean unlessStored) {
        UUID keyId = Uuid7.next();
        int stored = jdbc.sql("""
                insert into api_keys (key_id, tenant_id, key_hash, key_prefix, scopes, expires_at)
                values (?, ?, ?, ?, ?::text[], ?)""" + (unlessStored ? " on conflict (key_hash) do nothing" : ""))
                .params(keyId, tenantId, ApiKeySecrets.hash(secret), ApiKeySecrets.displayPrefix(secret),
                        "{" + String.join(",", scopes.stream().map(Scope::value).toList()) + "}",
                        expiresAt == null ? null : Timestamp.from(expiresAt))
                .update();
        return stored == 1 ? keyId : null;
    }

    @EventListener
    void on(TenantChanged changed) {
        if (changed.change() == TenantChanged.Change.KEY_REVOKED) {
            keys.asMap().values().removeIf(key -> key.isPresent() && key.get().keyId().equals(changed.keyId()));
        }
    }

    @Override
    public boolean isValidKey(String secret) {
        return authenticate(secret).flatMap(caller -> directory.tenant(caller.tenantId())).filter(t -> t.active()).isPresent();
    }

    /** The caller a secret stands for, when it is a current key (whose tenant may yet be disabled). */
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
        return jdbc.sql("select key_id, tenant_id, scopes, expires_at from api_keys where key_hash = ? and revoked_at is null")
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
