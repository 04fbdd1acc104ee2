package org.bss.platform.schemas.internal;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import org.bss.model.schema.DataSchema;
import org.bss.model.schema.EventCatalog;
import org.bss.platform.schemas.SchemaPolicy;
import org.bss.platform.schemas.SchemaRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The catalog's schemas, then the tenant's own (latest version), compiled once and cached: ingest asks for
 * every event. A new version or policy is seen by every instance within {@link #CACHE_TTL}.
 */
@Service
class JdbcSchemaRegistry implements SchemaRegistry {

    static final Duration CACHE_TTL = Duration.ofSeconds(10);

    private final JdbcClient jdbc;
    private final EventCatalog catalog = EventCatalog.builtIn();
    private final LoadingCache<TenantType, Optional<DataSchema>> latest;
    private final LoadingCache<String, SchemaPolicy> policies;

    JdbcSchemaRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.latest = Caffeine.newBuilder().maximumSize(50_000).refreshAfterWrite(CACHE_TTL).build(this::loadLatest);
        this.policies = Caffeine.newBuilder().maximumSize(50_000).refreshAfterWrite(CACHE_TTL).build(this::loadPolicy);
    }

    @Override
    public Optional<DataSchema> schemaFor(String tenantId, String type) {
        Optional<DataSchema> builtIn = catalog.schemaFor(type);
        return builtIn.isPresent() ? builtIn : latest.get(new TenantType(tenantId, type));
    }

    @Override
    public SchemaPolicy policy(String tenantId) {
        return policies.get(tenantId);
    }

    EventCatalog catalog() {
        return catalog;
    }

    Optional<StoredSchema> find(String tenantId, String type, Integer version) {
        return jdbc.sql("""
                select type, version, schema, created_at from event_schemas
                 where tenant_id = ? and type = ? and (?::int is null or version = ?::int)
                 order by version desc limit 1""")
                .params(tenantId, type, version, version)
                .query(StoredSchema.class)
                .optional();
    }

    List<StoredSchema> latestOfEachType(String tenantId) {
        return jdbc.sql("""
                select distinct on (type) type, version, schema, created_at from event_schemas
                 where tenant_id = ? order by type, version desc""")
                .param(tenantId)
                .query(StoredSchema.class)
                .list();
    }

    /** Stores the next version; false when another writer took that version number first. */
    boolean insert(String tenantId, String type, int version, String schema) {
        int rows = jdbc.sql("insert into event_schemas (tenant_id, type, version, schema) values (?, ?, ?, ?) on conflict do nothing")
                .params(tenantId, type, version, schema)
                .update();
        latest.invalidate(new TenantType(tenantId, type));
        return rows == 1;
    }

    void setPolicy(String tenantId, SchemaPolicy policy) {
        jdbc.sql("update tenants set schema_policy = ? where tenant_id = ?")
                .params(policy.name().toLowerCase(Locale.ROOT), tenantId)
                .update();
        policies.invalidate(tenantId);
    }

    private Optional<DataSchema> loadLatest(TenantType key) {
        return find(key.tenantId(), key.type(), null).map(stored -> DataSchema.parse(stored.schema()));
    }

    private SchemaPolicy loadPolicy(String tenantId) {
        return jdbc.sql("select schema_policy from tenants where tenant_id = ?")
                .param(tenantId)
                .query(String.class)
                .optional()
                .map(p -> SchemaPolicy.valueOf(p.toUpperCase(Locale.ROOT)))
                .orElse(SchemaPolicy.PERMISSIVE);
    }

    private record TenantType(String tenantId, String type) {
    }
}
