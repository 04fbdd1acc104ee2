package org.bss.platform.store.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.bss.model.envelope.CloudEvent;
import org.postgresql.PGConnection;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes a batch of events in one transaction: claims their keys in event_keys, then COPYs the events whose
 * claim is new. A batch seen again (redelivery) claims nothing and stores nothing.
 */
@Component
@ConditionalOnRole(Role.STORE)
class EventBatchWriter {

    private static final String CLAIM = """
            insert into event_keys (tenant_id, source, id, event_id, received_at)
            select * from unnest(?::text[], ?::text[], ?::text[], ?::uuid[], ?::timestamptz[])
            on conflict do nothing
            returning tenant_id, source, id""";
    private static final String COPY = """
            copy events (tenant_id, event_id, id, source, type, subject, time, datacontenttype, dataschema,
                         extensions, data_json, data_binary, received_at, kafka_partition, kafka_offset)
            from stdin""";

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
        Map<EventKey, StoredEvent> unique = new LinkedHashMap<>();
        for (StoredEvent event : batch) {
            unique.putIfAbsent(event.key(), event);
        }
        Integer stored = transactions.execute(status -> {
            Connection connection = DataSourceUtils.getConnection(dataSource);
            try {
                Set<EventKey> claimed = claim(connection, unique.values());
                List<StoredEvent> fresh = new ArrayList<>(claimed.size());
                for (StoredEvent event : unique.values()) {
                    if (claimed.contains(event.key())) {
                        fresh.add(event);
                    }
                }
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

    private static Set<EventKey> claim(Connection connection, java.util.Collection<StoredEvent> events) throws SQLException {
        int n = events.size();
        String[] tenants = new String[n];
        String[] sources = new String[n];
        String[] ids = new String[n];
        Object[] eventIds = new Object[n];
        Timestamp[] receivedAt = new Timestamp[n];
        int i = 0;
        for (StoredEvent event : events) {
            tenants[i] = event.tenantId();
            sources[i] = event.event().source();
            ids[i] = event.event().id();
            eventIds[i] = event.eventId();
            receivedAt[i] = Timestamp.from(event.receivedAt());
            i++;
        }
        Set<EventKey> claimed = new HashSet<>(n * 2);
        try (PreparedStatement statement = connection.prepareStatement(CLAIM)) {
            statement.setArray(1, connection.createArrayOf("text", tenants));
            statement.setArray(2, connection.createArrayOf("text", sources));
            statement.setArray(3, connection.createArrayOf("text", ids));
            statement.setArray(4, connection.createArrayOf("uuid", eventIds));
            Array times = connection.createArrayOf("timestamptz", receivedAt);
            statement.setArray(5, times);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    claimed.add(new EventKey(rows.getString(1), rows.getString(2), rows.getString(3)));
                }
            }
        }
        return claimed;
    }

    private static String instant(java.time.Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private void copy(Connection connection, List<StoredEvent> events) throws SQLException, IOException {
        CopyText text = new CopyText(events.size() * 512);
        for (StoredEvent stored : events) {
            CloudEvent event = stored.event();
            text.field(stored.tenantId()).field(stored.eventId().toString()).field(event.id()).field(event.source())
                    .field(event.type()).field(event.subject())
                    .field(instant(event.timeInstant()))
                    .field(event.datacontenttype()).field(event.dataschema())
                    .jsonObject(event.extensions());
            if (event.data() == null) {
                text.nullField().nullField();
            } else if (event.hasJsonData()) {
                text.field(event.data()).nullField();
            } else {
                text.nullField().bytea(event.data());
            }
            text.field(instant(stored.receivedAt()))
                    .field(Integer.toString(stored.partition())).field(Long.toString(stored.offset()))
                    .endRow();
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        pg.getCopyAPI().copyIn(COPY, new ByteArrayInputStream(text.buffer(), 0, text.length()));
    }
}
