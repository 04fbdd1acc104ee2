package org.bss.platform.projection.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bss.model.readmodel.Balance;
import org.bss.model.readmodel.Invoice;
import org.bss.model.readmodel.Usage;
import org.bss.platform.store.EventLog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The live read models, read back: states by id, a customer's parts, invoice pages, a customer's links. */
@Component
class ReadModels {

    /** A link of an event to a customer, in the order history pages through them. */
    record LinkRow(Instant time, UUID key, UUID eventId, Instant receivedAt, long tx) {
        EventLog.Ref ref() {
            return new EventLog.Ref(eventId, receivedAt);
        }
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ReadModels(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    <S> Optional<S> find(ProjectionStore.Model<S> model, String tenantId, String id) {
        return jdbc.sql("select state::text from " + model.table() + " where tenant_id = ? and " + model.idColumn() + " = ?")
                .params(tenantId, id).query(String.class).optional().map(text -> json.readValue(text, model.type()));
    }

    Optional<String> customerOf(ProjectionStore.Model<?> model, String tenantId, String id) {
        return jdbc.sql("select customer_id from " + model.table() + " where tenant_id = ? and " + model.idColumn() + " = ?")
                .params(tenantId, id).query(String.class).optional();
    }

    <S> List<S> ofCustomer(ProjectionStore.Model<S> model, String tenantId, String customerId) {
        return jdbc.sql("select state::text from " + model.table() + " where tenant_id = ? and customer_id = ?")
                .params(tenantId, customerId).query(String.class).list().stream()
                .map(text -> json.readValue(text, model.type())).toList();
    }

    List<Invoice> openInvoices(String tenantId, String customerId) {
        return jdbc.sql("select state::text from rm_invoices where tenant_id = ? and customer_id = ? and status in ('generated', 'overdue')")
                .params(tenantId, customerId).query(String.class).list().stream()
                .map(text -> json.readValue(text, Invoice.class)).toList();
    }

    List<Balance> balances(String tenantId, String customerId) {
        return jdbc.sql("select currency, invoiced, paid, overdue from rm_balances where tenant_id = ? and customer_id = ?"
                        + " and (invoiced <> 0 or paid <> 0 or overdue <> 0) order by currency")
                .params(tenantId, customerId)
                .query((rs, n) -> new Balance(rs.getString(1), rs.getBigDecimal(2), rs.getBigDecimal(3), rs.getBigDecimal(4)))
                .list();
    }

    List<Usage> usage(String tenantId, String subscriptionId) {
        return jdbc.sql("select metric, day, unit, quantity, charge, currency, events from rm_usage"
                        + " where tenant_id = ? and subscription_id = ? order by metric, day")
                .params(tenantId, subscriptionId)
                .query((rs, n) -> new Usage(new Usage.Key(subscriptionId, rs.getString(1), rs.getObject(2, LocalDate.class)),
                        rs.getString(3), rs.getBigDecimal(4), rs.getBigDecimal(5), rs.getString(6), rs.getLong(7)))
                .list();
    }

    /** Whether any event names the customer. */
    boolean known(String tenantId, String customerId) {
        return jdbc.sql("select exists (select 1 from rm_links where tenant_id = ? and aggregate = ?)")
                .params(tenantId, "customer/" + customerId).query(Boolean.class).single();
    }

    /**
     * A page of invoices in id order after {@code after}: of one customer, in one status and due before a day when
     * given.
     */
    List<Invoice> invoices(String tenantId, String customerId, String status, LocalDate dueBefore, String after, int limit) {
        StringBuilder sql = new StringBuilder("select state::text from rm_invoices where tenant_id = ?");
        List<Object> params = new ArrayList<>(List.of(tenantId));
        if (customerId != null) {
            sql.append(" and customer_id = ?");
            params.add(customerId);
        }
        if (status != null) {
            sql.append(" and status = ?");
            params.add(status);
        }
        if (dueBefore != null) {
            sql.append(" and due_date < ?");
            params.add(dueBefore);
        }
        if (after != null) {
            sql.append(" and invoice_id > ?");
            params.add(after);
        }
        sql.append(" order by invoice_id limit ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(String.class).list().stream()
                .map(text -> json.readValue(text, Invoice.class)).toList();
    }

    /** Links of an aggregate with time up to {@code asOf} (null: all), in (time, key) order, after a position. */
    List<LinkRow> links(String tenantId, String aggregate, Instant asOf, Instant afterTime, UUID afterKey, int limit) {
        StringBuilder sql = new StringBuilder("select time, event_key, event_id, received_at, tx from rm_links"
                + " where tenant_id = ? and aggregate = ?");
        List<Object> params = new ArrayList<>(List.of(tenantId, aggregate));
        if (asOf != null) {
            sql.append(" and time <= ?");
            params.add(asOf.atOffset(java.time.ZoneOffset.UTC));
        }
        if (afterTime != null) {
            sql.append(" and (time, event_key) > (?, ?)");
            params.add(afterTime.atOffset(java.time.ZoneOffset.UTC));
            params.add(afterKey);
        }
        sql.append(" order by time, event_key limit ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query((rs, n) -> new LinkRow(
                rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getLong(5))).list();
    }
}
