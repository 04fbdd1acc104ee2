package org.bss.bench.chaos.soak;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * The platform's PostgreSQL as seen from one connection of its own: how many clients are connected, how large each
 * table of the public schema is with its indexes (a partitioned table counted with all its partitions), and how many
 * rows the planner believes the events table holds. Reconnects when its connection was lost.
 */
final class PostgresProbe implements AutoCloseable {

    /** Client backends other than this probe's own. */
    private static final String CONNECTIONS = """
            select count(*) from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()""";

    /** Every ordinary table of the public schema, a partition folded into its root (partitioned tables hold no data). */
    private static final String SIZES = """
            select coalesce(pg_partition_root(c.oid), c.oid)::regclass::text as name,
                   sum(pg_total_relation_size(c.oid))::bigint as total, sum(pg_indexes_size(c.oid))::bigint as indexes,
                   sum(greatest(c.reltuples, 0))::bigint as rows
            from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'public' and c.relkind = 'r'
            group by 1 order by 1""";

    private final String url;
    private final String user;
    private final String password;
    private Connection connection;

    PostgresProbe(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** What one look at the database found. */
    record Reading(long connections, Map<String, SoakSample.TableSize> tables, long eventsRowEstimate) {

        long totalBytes() {
            return tables.values().stream().mapToLong(SoakSample.TableSize::totalBytes).sum();
        }

        long indexBytes() {
            return tables.values().stream().mapToLong(SoakSample.TableSize::indexBytes).sum();
        }
    }

    Reading read() throws SQLException {
        try {
            return query();
        } catch (SQLException e) {
            close();
            return query();
        }
    }

    private Reading query() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = DriverManager.getConnection(url, user, password);
            connection.setAutoCommit(true);
        }
        try (Statement statement = connection.createStatement()) {
            long connections;
            try (ResultSet rs = statement.executeQuery(CONNECTIONS)) {
                rs.next();
                connections = rs.getLong(1);
            }
            Map<String, SoakSample.TableSize> tables = new TreeMap<>();
            long events = -1;
            try (ResultSet rs = statement.executeQuery(SIZES)) {
                while (rs.next()) {
                    String name = rs.getString("name");
                    tables.put(name, new SoakSample.TableSize(rs.getLong("total"), rs.getLong("indexes")));
                    if (name.equals("events")) {
                        events = rs.getLong("rows");
                    }
                }
            }
            return new Reading(connections, tables, events);
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // already gone
            }
            connection = null;
        }
    }
}
