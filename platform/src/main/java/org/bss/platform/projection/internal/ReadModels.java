package org.bss.platform.projection.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bss.model.readmodel.Invoice;
import org.bss.model.readmodel.Usage;
import org.bss.platform.store.EventLog;
import org.bss.platform.store.ReadSource;
import org.springframework.stereotype.Component;

/**
 * The live read models, read back from the source a request reads (the primary or the read replica): states by id,
 * a customer's parts, invoice pages, a customer's links.
 */
@Component
class ReadModels {

    /** A link of an event to a customer, in the order history pages through them. */
    record LinkRow(Instant time, UUID key, UUID eventId, Instant receivedAt, long tx) {
        EventLog.Ref ref() {
            return new EventLog.Ref(eventId, receivedAt);
        }
    }

    /** The stored view of one aggregate, as JSON text. */
    Optional<String> view(ReadSource from, ProjectionStore.Model<?> model, String tenantId, String id) {
        return from.jdbc().sql("select view::text from " + model.table() + " where tenant_id = ? and " + model.idColumn() + " = ?")
                .params(tenantId, id).query(String.class).optional();
    }

    /**
     * A customer's answer in parts, each JSON text assembled by PostgreSQL from the stored views: the customer (null
     * when only other aggregates name it), its subscriptions, its open invoices, its balances; empty when no event
     * names the customer.
     */
    Optional<CustomerParts> customer(ReadSource from, String tenantId, String customerId) {
        return from.jdbc().sql("select c.view::text,"
                        + " (select coalesce(json_agg(s.view order by s.subscription_id), '[]')::text from rm_subscriptions s"
                        + "   where s.tenant_id = :t and s.customer_id = :c),"
                        + " (select coalesce(json_agg(i.view order by i.invoice_id), '[]')::text from rm_invoices i"
                        + "   where i.tenant_id = :t and i.customer_id = :c and i.status in ('generated', 'overdue')),"
                        + " (" + BALANCES + "),"
                        + " c.view is not null or exists (select 1 from rm_links where tenant_id = :t and aggregate = :a)"
                        + " from (select 1) one left join rm_customers c on c.tenant_id = :t and c.customer_id = :c")
                .param("t", tenantId).param("c", customerId).param("a", "customer/" + customerId)
                .query((rs, n) -> new CustomerParts(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBoolean(5)))
                .optional().filter(CustomerParts::known);
    }

    /** A customer's balances as a JSON array, in the shape of {@link Views.BalanceView}. */
    private static final String BALANCES = "select coalesce(json_agg(json_build_object('currency', b.currency,"
            + " 'invoiced', b.invoiced, 'paid', b.paid, 'outstanding', b.invoiced - b.paid, 'overdue', b.overdue)"
            + " order by b.currency), '[]')::text from rm_balances b where b.tenant_id = :t and b.customer_id = :c"
            + " and (b.invoiced <> 0 or b.paid <> 0 or b.overdue <> 0)";

    record CustomerParts(String customer, String subscriptions, String openInvoices, String balances, boolean known) {
    }

    String balancesJson(ReadSource from, String tenantId, String customerId) {
        return from.jdbc().sql(BALANCES).param("t", tenantId).param("c", customerId).query(String.class).single();
    }

    Optional<String> customerOf(ReadSource from, ProjectionStore.Model<?> model, String tenantId, String id) {
        return from.jdbc().sql("select customer_id from " + model.table() + " where tenant_id = ? and " + model.idColumn() + " = ?")
                .params(tenantId, id).query(String.class).optional();
    }

    List<Usage> usage(ReadSource from, String tenantId, String subscriptionId) {
        return from.jdbc().sql("select metric, day, unit, quantity, charge, currency, events from rm_usage"
                        + " where tenant_id = ? and subscription_id = ? order by metric, day")
                .params(tenantId, subscriptionId)
                .query((rs, n) -> new Usage(new Usage.Key(subscriptionId, rs.getString(1), rs.getObject(2, LocalDate.class)),
                        rs.getString(3), rs.getBigDecimal(4), rs.getBigDecimal(5), rs.getString(6), rs.getLong(7)))
                .list();
    }

    /** Whether any event names the customer. */
    boolean known(ReadSource from, String tenantId, String customerId) {
        return from.jdbc().sql("select exists (select 1 from rm_links where tenant_id = ? and aggregate = ?)")
                .params(tenantId, "customer/" + customerId).query(Boolean.class).single();
    }

    /** A page of invoices (id and view JSON) in id order after {@code after}, filtered as given. */
    List<String[]> invoiceViews(ReadSource from, String tenantId, String customerId, String status, LocalDate dueBefore, String after, int limit) {
        StringBuilder sql = new StringBuilder("select invoice_id, view::text from rm_invoices where tenant_id = ?");
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
        return from.jdbc().sql(sql.toString()).params(params).query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).list();
    }

    /** Links of an aggregate with time up to {@code asOf} (null: all), in (time, key) order, after a position. */
    List<LinkRow> links(ReadSource from, String tenantId, String aggregate, Instant asOf, Instant afterTime, UUID afterKey, int limit) {
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
        return from.jdbc().sql(sql.toString()).params(params).query((rs, n) -> new LinkRow(
                rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getLong(5))).list();
    }
}
