package org.bss.platform.store.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.bss.platform.bus.BusEvent;
import org.bss.platform.store.CopyText;
import org.bss.platform.store.EventCopy;
import org.postgresql.PGConnection;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes a batch of events in one transaction: claims their keys in event_keys, then COPYs the events whose
 * claim is new. A batch seen again (redelivery) claims nothing and stores nothing. Claims are COPYed too; only
 * when one of them was taken before does the writer go back (to a savepoint) and claim with ON CONFLICT.
 */
@Component
@ConditionalOnRole(Role.STORE)
class EventBatchWriter {

    /** The fast path: no key of the batch was claimed before (a redelivery or a resent event is rare). */
    private static final String COPY_CLAIMS = "copy event_keys (key, tenant_id, event_id, received_at) from stdin";
    /** The path after a duplicate: claim what is free, learn which those are. */
    private static final String CLAIM = """
            insert into event_keys (key, tenant_id, event_id, received_at)
            select * from unnest(?::uuid[], ?::text[], ?::uuid[], ?::timestamptz[])
            on conflict do nothing
            returning key""";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COPY = "copy events (" + EventCopy.COLUMNS + ") from stdin";

    private final DataSource dataSource;
    private final TransactionTemplate transactions;
    private final PartitionMaintenance partitions;

    EventBatchWriter(DataSource dataSource, TransactionTemplate transactions, PartitionMaintenance partitions) {
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.partitions = partitions;
    }

    /**
     * Stores the events not stored before; returns how many were new.
     *
     * @throws PoisonException when the database refuses the data itself (retrying cannot help)
     * @throws StoreException  when it cannot take the batch now (retry later)
     */
    int write(List<StoredEvent> batch) {
        partitions.ensureFor(batch.stream().map(StoredEvent::receivedAt).toList());
        Map<UUID, StoredEvent> unique = new LinkedHashMap<>();
        for (StoredEvent event : batch) {
            unique.putIfAbsent(event.key().hash(), event);
        }
        Integer stored = transactions.execute(status -> {
            Connection connection = DataSourceUtils.getConnection(dataSource);
            try {
                Set<UUID> claimed = claim(connection, unique);
                List<StoredEvent> fresh = new ArrayList<>(claimed.size());
                unique.forEach((key, event) -> {
                    if (claimed.contains(key)) {
                        fresh.add(event);
                    }
                });
                if (!fresh.isEmpty()) {
                    copy(connection, fresh);
                }
                return fresh.size();
            } catch (SQLException e) {
                String state = e.getSQLState() == null ? "" : e.getSQLState();
                if (state.startsWith("22") || state.startsWith("23")) {
                    throw new PoisonException(state, e.getMessage(), e);
                }
                throw new StoreException("could not store a batch of " + batch.size() + " events", e);
            } catch (IOException e) {
                throw new StoreException("could not store a batch of " + batch.size() + " events", e);
            } finally {
                DataSourceUtils.releaseConnection(connection, dataSource);
            }
        });
        return stored == null ? 0 : stored;
    }

    /** Claims the keys; returns those that were free (the events to store). */
    private static Set<UUID> claim(Connection connection, Map<UUID, StoredEvent> events) throws SQLException, IOException {
        Savepoint beforeCopy = connection.setSavepoint();
        try {
            CopyText text = new CopyText(events.size() * 96);
            events.forEach((key, event) -> text.field(key.toString()).field(event.tenantId())
                    .field(event.eventId().toString()).field(event.receivedAt().toString()).endRow());
            connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn(COPY_CLAIMS, new ByteArrayInputStream(text.buffer(), 0, text.length()));
            return events.keySet();
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            connection.rollback(beforeCopy);
            return claimFree(connection, events);
        }
    }

    private static Set<UUID> claimFree(Connection connection, Map<UUID, StoredEvent> events) throws SQLException {
        int n = events.size();
        Object[] keys = new Object[n];
        String[] tenants = new String[n];
        Object[] eventIds = new Object[n];
        String[] receivedAt = new String[n];
        int i = 0;
        for (var entry : events.entrySet()) {
            keys[i] = entry.getKey();
            tenants[i] = entry.getValue().tenantId();
            eventIds[i] = entry.getValue().eventId();
            receivedAt[i] = entry.getValue().receivedAt().toString(); // an instant, not local time
            i++;
        }
        Set<UUID> claimed = new HashSet<>(n * 2);
        try (PreparedStatement statement = connection.prepareStatement(CLAIM)) {
            statement.setArray(1, connection.createArrayOf("uuid", keys));
            statement.setArray(2, connection.createArrayOf("text", tenants));
            statement.setArray(3, connection.createArrayOf("uuid", eventIds));
            statement.setArray(4, connection.createArrayOf("text", receivedAt));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    claimed.add(rows.getObject(1, UUID.class));
                }
            }
        }
        return claimed;
    }


    private void copy(Connection connection, List<StoredEvent> events) throws SQLException, IOException {
        int[] partitions = new int[events.size()];
        long[] offsets = new long[events.size()];
        List<BusEvent> rows = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            StoredEvent stored = events.get(i);
            rows.add(stored.bus());
            partitions[i] = stored.partition();
            offsets[i] = stored.offset();
        }
        CopyText text = EventCopy.rows(rows, partitions, offsets);
        connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn(COPY, new ByteArrayInputStream(text.buffer(), 0, text.length()));
    }
}
