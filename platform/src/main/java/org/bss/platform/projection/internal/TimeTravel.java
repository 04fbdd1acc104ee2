package org.bss.platform.projection.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bss.model.envelope.CloudEvent;
import org.bss.model.readmodel.CustomerFolio;
import org.bss.model.readmodel.Fact;
import org.bss.model.readmodel.Stamp;
import org.bss.platform.projection.ProjectionProperties;
import org.bss.platform.store.EventLog;
import org.bss.platform.store.ReadSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A customer's read models as of an instant, folded from the store's events (found through the projection's
 * links) with the same {@code evolve} functions as the live projection. The instant is the events' own
 * {@code time}: what the platform knows now about that moment, late events included.
 *
 * <p>Snapshots keep the fold at a cut: every link of the customer up to a (time, key) whose transaction is below a
 * limit (the oldest transaction running when the snapshot was folded, so no link below it can still appear). A
 * read starts from the latest snapshot whose cut is not after the instant and folds the links past the cut, plus
 * any link below the cut that arrived later (its transaction is at or above the limit): the fold does not depend on
 * order, so the answer is the same with or without snapshots. While folding, a read leaves a new snapshot every
 * {@code bss.projection.snapshot-every} links.
 *
 * <p>A read folds from the source its request reads (the primary or the read replica); snapshots are written to the
 * primary.
 */
@Component
class TimeTravel {

    private final JdbcClient primary;
    private final JsonMapper json;
    private final int snapshotEvery;

    TimeTravel(JdbcClient primary, ProjectionJson projectionJson, ProjectionProperties properties) {
        this.primary = primary;
        this.json = projectionJson.mapper();
        this.snapshotEvery = properties.snapshotEvery();
    }

    private record Snapshot(Instant cutoffTime, UUID cutoffKey, long txLimit, int events, CustomerFolio folio) {
    }

    /** A snapshot made by a read, and the transaction of the link at its cut as that read saw it. */
    private record Made(Snapshot snapshot, long cutoffTx) {
    }

    private record Link(Instant time, UUID key, UUID eventId, Instant receivedAt, long tx) {
    }

    /** The customer's folio as of {@code asOf}; empty when no event named it by then. */
    Optional<CustomerFolio> customer(ReadSource from, String tenantId, String customerId, Instant asOf,
            boolean useSnapshots) {
        return Optional.of(fold(from, tenantId, "customer/" + customerId, CustomerFolio.initial(customerId), asOf, useSnapshots))
                .filter(CustomerFolio::exists);
    }

    /** Folds the links of another aggregate (a subscription's usage that names no customer) on top of a folio. */
    CustomerFolio plus(ReadSource from, String tenantId, String aggregate, CustomerFolio folio, Instant asOf) {
        return fold(from, tenantId, aggregate, folio, asOf, false);
    }

    private CustomerFolio fold(ReadSource from, String tenantId, String aggregate, CustomerFolio initial, Instant asOf,
            boolean useSnapshots) {
        JdbcClient jdbc = from.jdbc();
        OffsetDateTime bound = asOf.atOffset(ZoneOffset.UTC);
        Snapshot base = useSnapshots ? latestSnapshot(jdbc, tenantId, aggregate, bound) : null;
        // Every transaction below xmin has ended, and the links query that follows sees all that committed.
        long xmin = jdbc.sql("select pg_snapshot_xmin(pg_current_snapshot())::text::bigint").query(Long.class).single();
        List<Link> links = links(jdbc, tenantId, aggregate, bound, base);
        List<Link> settled = new ArrayList<>();
        List<Link> recent = new ArrayList<>();
        for (Link link : links) {
            (link.tx() < xmin ? settled : recent).add(link);
        }
        CustomerFolio folio = base == null ? initial : base.folio();
        int folded = base == null ? 0 : base.events();
        int sinceSnapshot = 0;
        // A snapshot must not miss an event: none is made past a link whose event the store does not have yet.
        boolean complete = true;
        List<Made> made = new ArrayList<>();
        List<CloudEvent> found = from.events().byIds(tenantId, refs(settled));
        int next = 0;
        for (Link link : settled) {
            CloudEvent event = next < found.size() ? found.get(next) : null;
            if (event == null || !Incoming.key(tenantId, event.source(), event.id()).equals(link.key())) {
                complete = false;
                continue;
            }
            next++;
            folio = CustomerFolio.evolve(folio, fact(event, link));
            folded++;
            if (useSnapshots && complete && ++sinceSnapshot >= snapshotEvery) {
                made.add(new Made(new Snapshot(link.time(), link.key(), xmin, folded, folio), link.tx()));
                sinceSnapshot = 0;
            }
        }
        made.forEach(cut -> save(tenantId, aggregate, cut));
        List<CloudEvent> foundRecent = from.events().byIds(tenantId, refs(recent));
        next = 0;
        for (Link link : recent) {
            CloudEvent event = next < foundRecent.size() ? foundRecent.get(next) : null;
            if (event != null && Incoming.key(tenantId, event.source(), event.id()).equals(link.key())) {
                next++;
                folio = CustomerFolio.evolve(folio, fact(event, link));
            }
        }
        return folio;
    }

    private static List<EventLog.Ref> refs(List<Link> links) {
        return links.stream().map(link -> new EventLog.Ref(link.eventId(), link.receivedAt())).toList();
    }

    /** The event as the live projection folded it: its time as linked (cut to microseconds, as stored). */
    private Fact fact(CloudEvent event, Link link) {
        JsonNode data = event.data() == null ? null : json.readTree(event.data());
        return new Fact(event.type(), new Stamp(link.time(), event.source(), event.id()), data);
    }

    private Snapshot latestSnapshot(JdbcClient jdbc, String tenantId, String aggregate, OffsetDateTime bound) {
        return jdbc.sql("select cutoff_time, cutoff_key, tx_limit, events, state::text from rm_snapshots"
                        + " where tenant_id = ? and aggregate = ? and cutoff_time <= ? order by cutoff_time desc, cutoff_key desc limit 1")
                .params(tenantId, aggregate, bound)
                .query((rs, n) -> new Snapshot(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getObject(2, UUID.class),
                        rs.getLong(3), rs.getInt(4), json.readValue(rs.getString(5), CustomerFolio.class)))
                .optional().orElse(null);
    }

    private List<Link> links(JdbcClient jdbc, String tenantId, String aggregate, OffsetDateTime bound, Snapshot base) {
        StringBuilder sql = new StringBuilder("select time, event_key, event_id, received_at, tx from rm_links"
                + " where tenant_id = ? and aggregate = ? and time <= ?");
        List<Object> params = new ArrayList<>(List.of(tenantId, aggregate, bound));
        if (base != null) {
            sql.append(" and ((time, event_key) > (?, ?) or tx >= ?)");
            params.add(base.cutoffTime().atOffset(ZoneOffset.UTC));
            params.add(base.cutoffKey());
            params.add(base.txLimit());
        }
        sql.append(" order by time, event_key");
        return jdbc.sql(sql.toString()).params(params).query((rs, n) -> new Link(
                rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getLong(5))).list();
    }

    /**
     * Keeps a snapshot on the primary, while the link at its cut is still the one the fold saw: a fold read on a
     * replica that lags may have seen the read models of before a rebuild's swap, whose links are other rows.
     */
    private void save(String tenantId, String aggregate, Made made) {
        Snapshot snapshot = made.snapshot();
        primary.sql("insert into rm_snapshots (tenant_id, aggregate, cutoff_time, cutoff_key, tx_limit, events, state)"
                        + " select ?, ?, ?, ?, ?, ?, ?::jsonb where exists (select 1 from rm_links"
                        + " where tenant_id = ? and aggregate = ? and event_key = ? and tx = ?) on conflict do nothing")
                .params(tenantId, aggregate, snapshot.cutoffTime().atOffset(ZoneOffset.UTC), snapshot.cutoffKey(),
                        snapshot.txLimit(), snapshot.events(), json.writeValueAsString(snapshot.folio()),
                        tenantId, aggregate, snapshot.cutoffKey(), made.cutoffTx())
                .update();
    }
}
