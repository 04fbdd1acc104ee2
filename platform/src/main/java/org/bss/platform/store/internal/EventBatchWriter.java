package org.bss.platform.store.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.bus.BusRecord;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes a batch of events in one transaction: claims their keys in event_keys, then COPYs the events whose
 * claim is new. A batch seen again (redelivery) claims nothing and stores nothing.
 *
 * <p>The usual batch has no key claimed before, so its claims are COPYed like its rows, in binary format. When
 * one of them was taken (a redelivered batch, an event sent twice), that transaction is rolled back and the batch
 * is written again with a claim that skips taken keys and says which were free. Only then does it look at who holds
 * the taken claims: an event whose claim is held by another platform event id is a duplicate (a client sent it
 * again); one whose claim holds its own id was stored before (Kafka delivered its batch again).
 */
@Component
@ConditionalOnRole(Role.STORE)
class EventBatchWriter {

    private static final String COPY_CLAIMS = EventCopy.statement("event_keys", EventCopy.KEY_COLUMNS);
    /** The path after a duplicate: claim what is free, learn which those are. */
    private static final String CLAIM = """
            insert into event_keys (key, tenant_id, event_id, received_at)
            select * from unnest(?::uuid[], ?::text[], ?::uuid[], ?::timestamptz[])
            on conflict do nothing
            returning key""";
    private static final String HOLDERS = "select key, event_id from event_keys where key = any(?::uuid[])";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COPY = EventCopy.statement("events", EventCopy.COLUMNS);
    /** COPY data goes to PostgreSQL in chunks of this size while the next rows are built. */
    private static final int CHUNK = 128 * 1024;

    private final DataSource dataSource;
    private final TransactionTemplate transactions;
    private final PartitionMaintenance partitions;

    EventBatchWriter(DataSource dataSource, TransactionTemplate transactions, PartitionMaintenance partitions) {
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.partitions = partitions;
    }

    /**
     * What a write did, once its transaction committed.
     *
     * @param stored     how many events were new
     * @param duplicates the events not stored because another event (another platform id) holds their claim
     */
    record Written(int stored, List<BusRecord> duplicates) {

        Written {
            duplicates = List.copyOf(duplicates);
        }
    }

    /**
     * Stores the events not stored before.
     *
     * @throws PoisonException when the database refuses the data itself (retrying cannot help)
     * @throws StoreException  when it cannot take the batch now (retry later)
     */
    Written write(List<StoredEvent> batch) {
        long[] receivedAt = new long[batch.size()];
        UUID[] keys = new UUID[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            receivedAt[i] = batch.get(i).record().receivedAtMillis();
            keys[i] = EventCopy.key(batch.get(i).record());
        }
        partitions.ensureFor(receivedAt);
        try {
            return new Written(inTransaction(batch, connection -> {
                copy(connection, COPY_CLAIMS, copy -> EventCopy.claims(copy, records(batch), keys));
                copyRows(connection, batch);
                return batch.size();
            }), List.of());
        } catch (KeyTaken taken) {
            List<BusRecord> duplicates = new ArrayList<>();
            int stored = inTransaction(batch, connection -> {
                duplicates.clear();
                List<StoredEvent> fresh = claimFree(connection, batch, keys, duplicates);
                if (!fresh.isEmpty()) {
                    copyRows(connection, fresh);
                }
                return fresh.size();
            });
            return new Written(stored, duplicates);
        }
    }

    private interface Work {
        int run(Connection connection) throws SQLException;
    }

    /** Thrown out of the fast path's transaction (rolling it back) when a key of the batch was claimed before. */
    private static final class KeyTaken extends RuntimeException {
        KeyTaken(SQLException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private int inTransaction(List<StoredEvent> batch, Work work) {
        Integer stored = transactions.execute(status -> {
            Connection connection = DataSourceUtils.getConnection(dataSource);
            try {
                return work.run(connection);
            } catch (SQLException e) {
                String state = e.getSQLState() == null ? "" : e.getSQLState();
                if (UNIQUE_VIOLATION.equals(state) && e.getMessage() != null && e.getMessage().contains("event_keys")) {
                    throw new KeyTaken(e);
                }
                if (state.startsWith("22") || state.startsWith("23")) {
                    throw new PoisonException(state, e.getMessage(), e);
                }
                throw new StoreException("could not store a batch of " + batch.size() + " events", e);
            } finally {
                DataSourceUtils.releaseConnection(connection, dataSource);
            }
        });
        return stored == null ? 0 : stored;
    }

    /**
     * Claims the keys that are free (the first event of each key, where a batch repeats one); returns their events,
     * and adds to {@code duplicates} the others whose claim another event holds.
     */
    private static List<StoredEvent> claimFree(Connection connection, List<StoredEvent> batch, UUID[] keys,
            List<BusRecord> duplicates) throws SQLException {
        Map<UUID, StoredEvent> unique = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            unique.putIfAbsent(keys[i], batch.get(i));
        }
        int n = unique.size();
        Object[] keyArray = new Object[n];
        String[] tenants = new String[n];
        Object[] eventIds = new Object[n];
        String[] receivedAt = new String[n];
        int i = 0;
        for (var entry : unique.entrySet()) {
            BusRecord record = entry.getValue().record();
            keyArray[i] = entry.getKey();
            tenants[i] = new String(record.tenantId(), StandardCharsets.UTF_8);
            eventIds[i] = record.eventId();
            receivedAt[i] = Instant.ofEpochMilli(record.receivedAtMillis()).toString(); // an instant, not local time
            i++;
        }
        Set<UUID> claimed = new HashSet<>(n * 2);
        try (PreparedStatement statement = connection.prepareStatement(CLAIM)) {
            statement.setArray(1, connection.createArrayOf("uuid", keyArray));
            statement.setArray(2, connection.createArrayOf("text", tenants));
            statement.setArray(3, connection.createArrayOf("uuid", eventIds));
            statement.setArray(4, connection.createArrayOf("text", receivedAt));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    claimed.add(rows.getObject(1, UUID.class));
                }
            }
        }
        List<StoredEvent> fresh = new ArrayList<>(claimed.size());
        List<UUID> taken = new ArrayList<>(n - claimed.size());
        unique.forEach((key, event) -> {
            if (claimed.contains(key)) {
                fresh.add(event);
            } else {
                taken.add(key);
            }
        });
        Map<UUID, UUID> holders = holders(connection, taken);
        for (int j = 0; j < batch.size(); j++) {
            StoredEvent event = batch.get(j);
            StoredEvent first = unique.get(keys[j]);
            boolean claimedNow = claimed.contains(keys[j]);
            if (claimedNow && first == event) {
                continue;
            }
            UUID holder = claimedNow ? first.record().eventId() : holders.get(keys[j]);
            if (holder != null && !holder.equals(event.record().eventId())) {
                duplicates.add(event.record());
            }
        }
        return fresh;
    }

    /**
     * The platform event id that holds each of these claims. A separate statement, so that it also sees a claim
     * that a concurrent transaction committed while the claim above waited for it.
     */
    private static Map<UUID, UUID> holders(Connection connection, List<UUID> keys) throws SQLException {
        if (keys.isEmpty()) {
            return Map.of();
        }
        Map<UUID, UUID> holders = new HashMap<>(keys.size() * 2);
        try (PreparedStatement statement = connection.prepareStatement(HOLDERS)) {
            statement.setArray(1, connection.createArrayOf("uuid", keys.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    holders.put(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class));
                }
            }
        }
        return holders;
    }

    private static void copyRows(Connection connection, List<StoredEvent> events) throws SQLException {
        int[] partitions = new int[events.size()];
        long[] offsets = new long[events.size()];
        for (int i = 0; i < events.size(); i++) {
            partitions[i] = events.get(i).partition();
            offsets[i] = events.get(i).offset();
        }
        copy(connection, COPY, copy -> EventCopy.rows(copy, records(events), partitions, offsets));
    }

    /** Streams the rows to PostgreSQL as they are built; a failure cancels the COPY and keeps its SQL state. */
    private static void copy(Connection connection, String statement, Consumer<BinaryCopy> rows) throws SQLException {
        CopyIn in = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(statement);
        try {
            BinaryCopy copy = BinaryCopy.streaming(in::writeToCopy, CHUNK);
            rows.accept(copy);
            copy.end();
            in.endCopy();
        } catch (BinaryCopy.SinkFailed e) {
            cancel(in, e.getCause());
            throw e.getCause();
        } catch (SQLException | RuntimeException e) {
            cancel(in, e);
            throw e;
        }
    }

    private static void cancel(CopyIn in, Exception failure) {
        if (in.isActive()) {
            try {
                in.cancelCopy();
            } catch (SQLException cancel) {
                failure.addSuppressed(cancel);
            }
        }
    }

    private static List<BusRecord> records(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::record).toList();
    }
}
