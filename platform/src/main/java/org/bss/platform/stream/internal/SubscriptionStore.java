package org.bss.platform.stream.internal;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The stream's table of stored subscriptions. */
@Component
@ConditionalOnRole(Role.STREAM)
class SubscriptionStore {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final RowMapper<StoredSubscription> rows;

    SubscriptionStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        this.rows = (rs, n) -> new StoredSubscription(rs.getObject("subscription_id", UUID.class),
                rs.getString("tenant_id"), EventFilters.fromJson(json.readTree(rs.getString("filters")), "/filters"),
                rs.getString("description"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getString("created_by"));
    }

    /** Stores it unless the tenant already keeps {@code max} subscriptions; false then. */
    boolean add(StoredSubscription subscription, int max) {
        return jdbc.sql("""
                        insert into stream_subscriptions (tenant_id, subscription_id, filters, description, created_at,
                            created_by)
                        select ?, ?, ?::jsonb, ?, ?, ?
                        where (select count(*) from stream_subscriptions where tenant_id = ?) < ?""")
                .params(subscription.tenant(), subscription.id(),
                        json.writeValueAsString(EventFilters.toJson(subscription.filter())), subscription.description(),
                        subscription.createdAt().atOffset(java.time.ZoneOffset.UTC), subscription.createdBy(),
                        subscription.tenant(), max)
                .update() == 1;
    }

    Optional<StoredSubscription> find(String tenant, UUID id) {
        return jdbc.sql("select * from stream_subscriptions where tenant_id = ? and subscription_id = ?")
                .params(tenant, id).query(rows).optional();
    }

    List<StoredSubscription> list(String tenant) {
        return jdbc.sql("select * from stream_subscriptions where tenant_id = ? order by created_at, subscription_id")
                .params(tenant).query(rows).list();
    }

    boolean delete(String tenant, UUID id) {
        return jdbc.sql("delete from stream_subscriptions where tenant_id = ? and subscription_id = ?")
                .params(tenant, id).update() == 1;
    }
}
