package org.bss.platform.projection.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.bss.platform.bus.BusEvent;
import org.bss.platform.bus.BusRecord;
import org.bss.platform.bus.EventTopics;
import org.bss.platform.projection.ReadModelRebuilds;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generations of the read models as PostgreSQL schemas. The live generation's tables are in {@code public}, where
 * every read and the live projection name them; a generation being built has the same tables (created {@code like}
 * the live ones) in a schema of its own, and is folded into with that schema first on the transaction's
 * {@code search_path}, by the same code as the live projection. The swap moves the live tables out of
 * {@code public} and the new ones in, in one transaction, while the live projection's positions are locked:
 * a read planned before it waits for the commit and then reads the new tables.
 */
@Component
class GenerationRebuilds implements ReadModelRebuilds {

    /** The tables of one generation; {@code rm_offsets} (the live projection's positions) is not one of them. */
    static final List<String> TABLES = List.of("rm_customers", "rm_subscriptions", "rm_orders", "rm_invoices",
            "rm_payments", "rm_balances", "rm_usage", "rm_links", "rm_snapshots");
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,40}");
    private static final String PREFIX = "rm_build_";

    private final JdbcClient jdbc;
    private final Folds folds;
    private final ReadCache cache;
    private final ProjectionStore store;
    private final JsonMapper json;
    private final TransactionTemplate own;
    private final TransactionTemplate joined;
    private final String topic;
    private final int partitions;

    GenerationRebuilds(JdbcClient jdbc, Folds folds, ReadCache cache, ProjectionStore store, ProjectionJson json,
            PlatformTransactionManager transactions, EventTopics topics) {
        this.jdbc = jdbc;
        this.folds = folds;
        this.cache = cache;
        this.store = store;
        this.json = json.mapper();
        this.own = new TransactionTemplate(transactions);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.joined = new TransactionTemplate(transactions);
        this.topic = topics.eventsTopic();
        this.partitions = topics.partitions();
    }

    @Override
    public Generation open(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a generation's name is 1 to 40 of a-z, 0-9 and _: " + name);
        }
        Generation generation = new Generation(PREFIX + name);
        own.executeWithoutResult(status -> {
            jdbc.sql("create schema if not exists " + generation.schema()).update();
            for (String table : TABLES) {
                jdbc.sql("create table if not exists " + generation.schema() + "." + table + " (like public." + table
                        + " including all)").update();
            }
        });
        return generation;
    }

    @Override
    public List<Unfoldable> fold(Generation generation, List<BusEvent> events) {
        List<Unfoldable> unfoldable = new ArrayList<>();
        List<Incoming> incoming = new ArrayList<>(events.size());
        List<BusEvent> origins = new ArrayList<>(events.size());
        for (BusEvent event : events) {
            try {
                Incoming fact = Incoming.of(BusRecord.of(event), json);
                if (fact != null) {
                    incoming.add(fact);
                    origins.add(event);
                }
            } catch (PoisonException e) {
                unfoldable.add(new Unfoldable(event, e.tag() + ": " + e.getMessage()));
            }
        }
        try {
            in(generation, () -> folds.apply(incoming));
        } catch (DataAccessException e) {
            if (!ProjectionListener.refusedData(e)) {
                throw e;
            }
            for (int i = 0; i < incoming.size(); i++) {
                List<Incoming> one = List.of(incoming.get(i));
                try {
                    in(generation, () -> folds.apply(one));
                } catch (DataAccessException refused) {
                    if (!ProjectionListener.refusedData(refused)) {
                        throw refused;
                    }
                    unfoldable.add(new Unfoldable(origins.get(i), "refused: " + refused.getMostSpecificCause().getMessage()));
                }
            }
        }
        return unfoldable;
    }

    private void in(Generation generation, Runnable work) {
        own.executeWithoutResult(status -> {
            jdbc.sql("select set_config('search_path', ?, true)").param(generation.schema() + ", public")
                    .query(String.class).single();
            work.run();
        });
    }

    @Override
    public boolean swap(Generation generation, CatchUp catchUp) throws InterruptedException {
        String retired = "rm_retired_" + generation.schema().substring(PREFIX.length());
        Boolean swapped;
        try {
            swapped = joined.execute(status -> {
                Map<Integer, Long> positions = store.lockPositions(topic,
                        IntStream.range(0, partitions).boxed().toList());
                try {
                    if (!catchUp.upTo(positions)) {
                        status.setRollbackOnly();
                        return false;
                    }
                } catch (InterruptedException e) {
                    throw new Interrupted(e);
                }
                jdbc.sql("create schema " + retired).update();
                for (String table : TABLES) {
                    jdbc.sql("alter table public." + table + " set schema " + retired).update();
                    jdbc.sql("alter table " + generation.schema() + "." + table + " set schema public").update();
                }
                jdbc.sql("drop schema " + generation.schema()).update();
                jdbc.sql("drop schema " + retired + " cascade").update();
                return true;
            });
        } catch (Interrupted e) {
            throw e.interrupted;
        }
        if (Boolean.TRUE.equals(swapped)) {
            cache.forgetAll();
            cache.warmMostRead();
            return true;
        }
        return false;
    }

    @Override
    public void drop(Generation generation) {
        jdbc.sql("drop schema if exists " + generation.schema() + " cascade").update();
    }

    /** States are text as the projection wrote them; read as jsonb, their digest does not depend on how they were written. */
    @Override
    public Map<String, Object> checksum(String tenantId) {
        Map<String, Object> tables = new LinkedHashMap<>();
        digest(tables, "rm_customers", "customer_id, state::jsonb::text, view::text", tenantId);
        digest(tables, "rm_subscriptions", "subscription_id, customer_id, state::jsonb::text, view::text", tenantId);
        digest(tables, "rm_orders", "order_id, customer_id, state::jsonb::text, view::text", tenantId);
        digest(tables, "rm_invoices", "invoice_id, customer_id, status, due_date::text, state::jsonb::text, view::text", tenantId);
        digest(tables, "rm_payments", "payment_id, customer_id, state::jsonb::text, view::text", tenantId);
        digest(tables, "rm_balances", "customer_id, currency, invoiced::text, paid::text, overdue::text", tenantId);
        digest(tables, "rm_usage", "subscription_id, metric, day::text, unit, quantity::text, charge::text, currency,"
                + " events::text", tenantId);
        digest(tables, "rm_links", "aggregate, event_key::text, time::text, event_id::text, received_at::text", tenantId);
        return tables;
    }

    private void digest(Map<String, Object> tables, String table, String columns, String tenantId) {
        jdbc.sql("select count(*), md5(coalesce(string_agg(r, E'\\n' order by r), '')) from (select concat_ws('|', "
                        + columns + ") r from " + table + " where tenant_id = ?) rows")
                .param(tenantId)
                .query(rs -> {
                    tables.put(table, Map.of("rows", rs.getLong(1), "md5", rs.getString(2)));
                });
    }

    /** Carries an interrupt out of the transaction callback, which cannot throw it. */
    private static final class Interrupted extends RuntimeException {
        private final InterruptedException interrupted;

        Interrupted(InterruptedException interrupted) {
            super(interrupted);
            this.interrupted = interrupted;
        }
    }
}
