package org.bss.platform.store.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import tools.jackson.databind.json.JsonMapper;

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
    private final JsonMapper json;
    private final PartitionMaintenance partitions;

    EventBatchWriter(DataSource dataSource, TransactionTemplate transactions, JsonMapper json,
            PartitionMaintenance partitions) {
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.json = json;
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

    private void copy(Connection connection, List<StoredEvent> events) throws SQLException, IOException {
        CopyText text = new CopyText(events.size() * 512);
        for (StoredEvent stored : events) {
            CloudEvent event = stored.event();
            text.field(stored.tenantId()).field(stored.eventId().toString()).field(event.id()).field(event.source())
                    .field(event.type()).field(event.subject())
                    .field(event.timeInstant() == null ? null : event.timeInstant().toString())
                    .field(event.datacontenttype()).field(event.dataschema())
                    .field(json.writeValueAsString(event.extensions()));
            if (event.data() == null) {
                text.field((String) null).field((String) null);
            } else if (event.hasJsonData()) {
                text.field(event.data()).field((String) null);
            } else {
                text.field((String) null).bytea(event.data());
            }
            text.field(stored.receivedAt().toString())
                    .field(Integer.toString(stored.partition())).field(Long.toString(stored.offset()))
                    .endRow();
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        pg.getCopyAPI().copyIn(COPY, new ByteArrayInputStream(text.bytes()));
    }

    /** PostgreSQL's COPY text format: tab-separated, \N for null, backslash escapes. */
    static final class CopyText {
        private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        private final ByteArrayOutputStream out;
        private boolean firstInRow = true;

        CopyText(int capacity) {
            out = new ByteArrayOutputStream(capacity);
        }

        CopyText field(String value) {
            return field(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
        }

        /** A UTF-8 value; escaping byte by byte is safe because UTF-8 never puts ASCII bytes inside a character. */
        CopyText field(byte[] utf8) {
            separator();
            if (utf8 == null) {
                out.write('\\');
                out.write('N');
                return this;
            }
            for (byte b : utf8) {
                switch (b) {
                    case '\\' -> { out.write('\\'); out.write('\\'); }
                    case '\n' -> { out.write('\\'); out.write('n'); }
                    case '\r' -> { out.write('\\'); out.write('r'); }
                    case '\t' -> { out.write('\\'); out.write('t'); }
                    default -> out.write(b);
                }
            }
            return this;
        }

        /** bytea in hex form; its leading backslash is itself escaped for COPY. */
        CopyText bytea(byte[] value) {
            separator();
            out.write('\\');
            out.write('\\');
            out.write('x');
            for (byte b : value) {
                out.write(HEX[(b >> 4) & 0xF]);
                out.write(HEX[b & 0xF]);
            }
            return this;
        }

        void endRow() {
            out.write('\n');
            firstInRow = true;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void separator() {
            if (!firstInRow) {
                out.write('\t');
            }
            firstInRow = false;
        }
    }
}
