package org.bss.platform.projection.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.bss.model.readmodel.Customer;
import org.bss.model.readmodel.Invoice;
import org.bss.model.readmodel.Lww;
import org.bss.model.readmodel.Order;
import org.bss.model.readmodel.Payment;
import org.bss.model.readmodel.Ranked;
import org.bss.model.readmodel.Subscription;
import org.bss.model.readmodel.Usage;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The projection's tables, written a batch at a time: every statement takes the whole batch as arrays
 * ({@code unnest}), so a batch costs a fixed number of round trips whatever its size. Callers run these inside
 * one transaction.
 */
@Component
class ProjectionStore {

    /** A Kafka partition's next offset to fold and the accept time of the last record folded. */
    record Position(long nextOffset, Instant recordTime) {
    }

    /** The link of one event to the customer (or, for usage naming none, the subscription) it belongs to. */
    record Link(String tenantId, String aggregate, UUID key, Instant time, UUID eventId, Instant receivedAt) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ProjectionStore(JdbcClient jdbc, ProjectionJson json) {
        this.jdbc = jdbc;
        this.json = json.mapper();
    }

    /**
     * Locks the rows of these partitions' positions until the transaction ends and returns them: a consumer that
     * lost its partitions in a rebalance and still writes waits here, then sees what the new owner folded.
     */
    Map<Integer, Long> lockPositions(String topic, Collection<Integer> partitions) {
        Integer[] array = partitions.toArray(Integer[]::new);
        jdbc.sql("insert into rm_offsets (topic, kafka_partition, next_offset, record_time, committed_at)"
                        + " select ?, p, 0, now(), now() from unnest(?::int[]) p on conflict do nothing")
                .params(topic, array).update();
        Map<Integer, Long> next = new HashMap<>();
        jdbc.sql("select kafka_partition, next_offset from rm_offsets where topic = ? and kafka_partition = any(?::int[])"
                        + " order by kafka_partition for update")
                .params(topic, array)
                .query(rs -> {
                    next.put(rs.getInt(1), rs.getLong(2));
                });
        return next;
    }

    Map<Integer, Position> positions(String topic) {
        Map<Integer, Position> positions = new HashMap<>();
        jdbc.sql("select kafka_partition, next_offset, record_time from rm_offsets where topic = ?").param(topic)
                .query(rs -> {
                    positions.put(rs.getInt(1), new Position(rs.getLong(2), rs.getObject(3, java.time.OffsetDateTime.class).toInstant()));
                });
        return positions;
    }

    void advance(String topic, Map<Integer, Position> positions) {
        int n = positions.size();
        String[] partitions = new String[n];
        String[] offsets = new String[n];
        String[] times = new String[n];
        int i = 0;
        for (Map.Entry<Integer, Position> position : positions.entrySet()) {
            partitions[i] = position.getKey().toString();
            offsets[i] = Long.toString(position.getValue().nextOffset());
            times[i++] = position.getValue().recordTime().toString();
        }
        jdbc.sql("update rm_offsets o set next_offset = u.next_offset, record_time = u.record_time, committed_at = now()"
                        + " from unnest(?::int[], ?::bigint[], ?::timestamptz[]) u(kafka_partition, next_offset, record_time)"
                        + " where o.topic = ? and o.kafka_partition = u.kafka_partition")
                .params(partitions, offsets, times, topic).update();
    }

    /** Links the events; returns the keys of those linked now, that is, not folded before. */
    Set<UUID> link(List<Link> links) {
        if (links.isEmpty()) {
            return Set.of();
        }
        int n = links.size();
        String[] tenants = new String[n];
        String[] aggregates = new String[n];
        String[] keys = new String[n];
        String[] times = new String[n];
        String[] ids = new String[n];
        String[] received = new String[n];
        for (int i = 0; i < n; i++) {
            Link link = links.get(i);
            tenants[i] = link.tenantId();
            aggregates[i] = link.aggregate();
            keys[i] = link.key().toString();
            times[i] = link.time().toString();
            ids[i] = link.eventId().toString();
            received[i] = link.receivedAt().toString();
        }
        Set<UUID> fresh = new HashSet<>();
        jdbc.sql("insert into rm_links (tenant_id, aggregate, event_key, time, event_id, received_at)"
                        + " select * from unnest(?::text[], ?::text[], ?::uuid[], ?::timestamptz[], ?::uuid[], ?::timestamptz[])"
                        + " on conflict do nothing returning event_key")
                .params(tenants, aggregates, keys, times, ids, received)
                .query(rs -> {
                    fresh.add(rs.getObject(1, UUID.class));
                });
        return fresh;
    }

    <S> Map<Ref, S> load(Model<S> model, Collection<Ref> refs) {
        Map<Ref, S> states = new HashMap<>();
        if (refs.isEmpty()) {
            return states;
        }
        String[] tenants = refs.stream().map(Ref::tenantId).toArray(String[]::new);
        String[] ids = refs.stream().map(Ref::id).toArray(String[]::new);
        jdbc.sql("select m.tenant_id, m." + model.idColumn() + ", m.state::text from " + model.table() + " m"
                        + " join unnest(?::text[], ?::text[]) u(tenant_id, id) on m.tenant_id = u.tenant_id and m."
                        + model.idColumn() + " = u.id")
                .params(tenants, ids)
                .query(rs -> {
                    states.put(new Ref(rs.getString(1), rs.getString(2)), json.readValue(rs.getString(3), model.type()));
                });
        return states;
    }

    <S> void save(Model<S> model, Map<Ref, S> states) {
        if (states.isEmpty()) {
            return;
        }
        int n = states.size();
        String[] tenants = new String[n];
        String[] ids = new String[n];
        String[] customers = new String[n];
        String[] statuses = new String[n];
        String[] dues = new String[n];
        String[] documents = new String[n];
        String[] views = new String[n];
        int i = 0;
        for (Map.Entry<Ref, S> entry : states.entrySet()) {
            S state = entry.getValue();
            tenants[i] = entry.getKey().tenantId();
            ids[i] = entry.getKey().id();
            customers[i] = model.customerOf().apply(state);
            statuses[i] = model.statusOf().apply(state);
            Object due = model.dueDateOf().apply(state);
            dues[i] = due == null ? null : due.toString();
            documents[i] = json.writeValueAsString(state);
            views[i] = json.writeValueAsString(model.viewOf().apply(state));
            i++;
        }
        StringBuilder sql = new StringBuilder("insert into ").append(model.table()).append(" (tenant_id, ")
                .append(model.idColumn());
        List<Object> params = new ArrayList<>(List.of(tenants, ids));
        StringBuilder unnest = new StringBuilder("?::text[], ?::text[]");
        StringBuilder update = new StringBuilder();
        if (model.hasCustomer()) {
            sql.append(", customer_id");
            unnest.append(", ?::text[]");
            update.append(", customer_id = excluded.customer_id");
            params.add(customers);
        }
        if (model.hasStatus()) {
            sql.append(", status, due_date");
            unnest.append(", ?::text[], ?::date[]");
            update.append(", status = excluded.status, due_date = excluded.due_date");
            params.add(statuses);
            params.add(dues);
        }
        sql.append(", state, view, updated_at) select *, now() from unnest(").append(unnest)
                .append(", ?::text[], ?::jsonb[]) on conflict (tenant_id, ").append(model.idColumn())
                .append(") do update set state = excluded.state, view = excluded.view,")
                .append(" updated_at = excluded.updated_at").append(update);
        params.add(documents);
        params.add(views);
        jdbc.sql(sql.toString()).params(params).update();
    }

    void addBalances(List<Projector.BalanceChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        int n = changes.size();
        String[][] columns = new String[6][n];
        for (int i = 0; i < n; i++) {
            Projector.BalanceChange change = changes.get(i);
            columns[0][i] = change.customer().tenantId();
            columns[1][i] = change.customer().id();
            columns[2][i] = change.change().currency();
            columns[3][i] = change.change().invoiced().toPlainString();
            columns[4][i] = change.change().paid().toPlainString();
            columns[5][i] = change.change().overdue().toPlainString();
        }
        jdbc.sql("insert into rm_balances (tenant_id, customer_id, currency, invoiced, paid, overdue, updated_at)"
                        + " select *, now() from unnest(?::text[], ?::text[], ?::text[], ?::numeric[], ?::numeric[], ?::numeric[])"
                        + " on conflict (tenant_id, customer_id, currency) do update set invoiced = rm_balances.invoiced + excluded.invoiced,"
                        + " paid = rm_balances.paid + excluded.paid, overdue = rm_balances.overdue + excluded.overdue,"
                        + " updated_at = excluded.updated_at")
                .params((Object[]) columns).update();
    }

    void addUsage(Map<Projector.UsageRef, Usage> usage) {
        if (usage.isEmpty()) {
            return;
        }
        int n = usage.size();
        String[][] columns = new String[9][n];
        int i = 0;
        for (Map.Entry<Projector.UsageRef, Usage> entry : usage.entrySet()) {
            Usage u = entry.getValue();
            columns[0][i] = entry.getKey().tenantId();
            columns[1][i] = u.key().subscriptionId();
            columns[2][i] = u.key().metric();
            columns[3][i] = u.key().day().toString();
            columns[4][i] = u.unit();
            columns[5][i] = u.quantity().toPlainString();
            columns[6][i] = u.charge().toPlainString();
            columns[7][i] = u.currency();
            columns[8][i++] = Long.toString(u.events());
        }
        jdbc.sql("insert into rm_usage (tenant_id, subscription_id, metric, day, unit, quantity, charge, currency, events)"
                        + " select * from unnest(?::text[], ?::text[], ?::text[], ?::date[], ?::text[], ?::numeric[],"
                        + " ?::numeric[], ?::text[], ?::bigint[])"
                        + " on conflict (tenant_id, subscription_id, metric, day) do update set"
                        + " unit = least(rm_usage.unit, excluded.unit), quantity = rm_usage.quantity + excluded.quantity,"
                        + " charge = rm_usage.charge + excluded.charge, currency = least(rm_usage.currency, excluded.currency),"
                        + " events = rm_usage.events + excluded.events")
                .params((Object[]) columns).update();
    }

    /** How a kind of state maps to its table. */
    record Model<S>(String table, String idColumn, Class<S> type, boolean hasCustomer, boolean hasStatus,
                    Function<S, String> customerOf, Function<S, String> statusOf, Function<S, Object> dueDateOf,
                    Function<S, Object> viewOf) {

        static final Model<Customer> CUSTOMERS = new Model<>("rm_customers", "customer_id", Customer.class, false,
                false, c -> null, c -> null, c -> null,
                c -> Views.customer(c, List.of(), List.of(), List.of()));
        static final Model<Subscription> SUBSCRIPTIONS = new Model<>("rm_subscriptions", "subscription_id",
                Subscription.class, true, false, s -> Lww.valueOf(s.customerId()), s -> null, s -> null,
                s -> Views.subscription(s, List.of()));
        static final Model<Order> ORDERS = new Model<>("rm_orders", "order_id", Order.class, true, false,
                o -> Lww.valueOf(o.customerId()), o -> null, o -> null, Views::order);
        static final Model<Invoice> INVOICES = new Model<>("rm_invoices", "invoice_id", Invoice.class, true, true,
                i -> Lww.valueOf(i.customerId()), i -> Ranked.valueOf(i.status()), i -> Lww.valueOf(i.dueDate()),
                Views::invoice);
        static final Model<Payment> PAYMENTS = new Model<>("rm_payments", "payment_id", Payment.class, true, false,
                p -> Lww.valueOf(p.customerId()), p -> null, p -> null, Views::payment);
    }
}
