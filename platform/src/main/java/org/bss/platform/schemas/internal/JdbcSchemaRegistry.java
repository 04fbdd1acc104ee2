package org.bss.platform.schemas.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import org.bss.model.schema.DataSchema;
import org.bss.model.schema.EventCatalog;
import org.bss.platform.PlatformProperties;
import org.bss.platform.bus.ControlEvents;
import org.bss.platform.schemas.SchemaPolicy;
import org.bss.platform.schemas.SchemaPolicyChanged;
import org.bss.platform.schemas.SchemaRegistered;
import org.bss.platform.schemas.SchemaRegistry;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The catalog's schemas, then the tenant's own (latest version), compiled once and cached: ingest asks for
 * every event. A new version or policy is published to every instance ({@link SchemaRegistered},
 * {@link SchemaPolicyChanged}), whose caches drop it; they are also refreshed after {@code bss.cache-refresh} (10 s).
 */
@Service
class JdbcSchemaRegistry implements SchemaRegistry {

    private final JdbcClient jdbc;
    private final ControlEvents control;
    private final EventCatalog catalog = EventCatalog.builtIn();
    private final LoadingCache<TenantType, Optional<DataSchema>> latest;
    private final LoadingCache<String, SchemaPolicy> policies;

    JdbcSchemaRegistry(JdbcClient jdbc, ControlEvents control, PlatformProperties settings) {
        this.jdbc = jdbc;
        this.control = control;
        this.latest = Caffeine.newBuilder().maximumSize(50_000).refreshAfterWrite(settings.cacheRefresh()).build(this::loadLatest);
        this.policies = Caffeine.newBuilder().maximumSize(50_000).refreshAfterWrite(settings.cacheRefresh()).build(this::loadPolicy);
    }

    @EventListener
    void on(SchemaRegistered registered) {
        latest.invalidate(new TenantType(registered.tenantId(), registered.type()));
    }

    @EventListener
    void on(SchemaPolicyChanged changed) {
        policies.invalidate(changed.tenantId());
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
        if (rows == 1) {
            control.publish(new SchemaRegistered(tenantId, type, version));
        }
        return rows == 1;
    }

    void setPolicy(String tenantId, SchemaPolicy policy) {
        jdbc.sql("""
                insert into schema_policies (tenant_id, policy) values (?, ?)
                on conflict (tenant_id) do update set policy = excluded.policy""")
                .params(tenantId, policy.name().toLowerCase(Locale.ROOT))
                .update();
        control.publish(new SchemaPolicyChanged(tenantId));
    }

    private Optional<DataSchema> loadLatest(TenantType key) {
        return find(key.tenantId(), key.type(), null).map(stored -> DataSchema.parse(stored.schema()));
    }

    private SchemaPolicy loadPolicy(String tenantId) {
        return jdbc.sql("select policy from schema_policies where tenant_id = ?")
                .param(tenantId)
                .query(String.class)
                .optional()
                .map(p -> SchemaPolicy.valueOf(p.toUpperCase(Locale.ROOT)))
                .orElse(SchemaPolicy.PERMISSIVE);
    }

    private record TenantType(String tenantId, String type) {
    }
}
