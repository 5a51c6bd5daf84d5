package io.smartspec.slo.incident.store.internal;

import io.smartspec.slo.incident.store.Incident;
import io.smartspec.slo.incident.store.IncidentException;
import io.smartspec.slo.incident.store.IncidentHeader;
import io.smartspec.slo.incident.store.IncidentQuery;
import io.smartspec.slo.incident.store.IncidentStore;
import io.smartspec.slo.incident.store.TimelineEntry;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;

/**
 * The PostgreSQL store, over plain {@code java.sql}. Two tables: {@code slo_incidents} (one row per
 * incident: its header and the columns lists filter on) and {@code slo_incident_entries} (the
 * timeline, {@code UNIQUE (incident_id, entry_id)}). An update is one transaction that first takes
 * {@code pg_advisory_xact_lock} on the incident's key: two processes updating one key run one after
 * the other, so the second sees the incident the first opened and never opens another; entries are
 * inserted {@code ON CONFLICT DO NOTHING}, so an entry is never written twice. The schema is created
 * or migrated at open, under a session advisory lock, and its version kept in
 * {@code slo_incident_schema}.
 */
public final class PostgresStore implements IncidentStore {

    /** The schema version this code writes. */
    static final int SCHEMA_VERSION = 1;
    /** The advisory lock class of incident keys (the second int is the key's hash). */
    private static final int KEY_LOCK_CLASS = 0x510_1C1D;
    private static final long MIGRATION_LOCK = 0x510_1C1D_5C4EL;
    /** Idle connections kept; more are opened under load and closed when given back. */
    private static final int POOL = 32;

    private final String url;
    private final String safeUrl;
    private final BlockingQueue<Connection> idle = new ArrayBlockingQueue<>(POOL);
    private volatile boolean closed;

    private PostgresStore(String url) {
        this.url = url;
        this.safeUrl = redact(url);
    }

    public static PostgresStore open(String url) {
        PostgresStore store = new PostgresStore(url);
        try (Connection c = store.connect()) {
            migrate(c);
        } catch (SQLException e) {
            throw new IncidentException(IncidentException.Reason.STORE, "incident store: cannot open PostgreSQL at "
                    + store.safeUrl + ": " + e.getMessage() + " (SQL state " + e.getSQLState() + ")", e);
        }
        return store;
    }

    /** Creates the tables, or migrates older ones; a newer schema than this code knows is refused. */
    static void migrate(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
            try {
                s.execute("CREATE TABLE IF NOT EXISTS slo_incident_schema (version integer NOT NULL)");
                int version = 0;
                try (ResultSet rs = s.executeQuery("SELECT max(version) FROM slo_incident_schema")) {
                    if (rs.next()) {
                        version = rs.getInt(1);
                    }
                }
                if (version > SCHEMA_VERSION) {
                    throw new SQLException("the incident tables are at schema version " + version
                            + ", newer than this library's " + SCHEMA_VERSION + "; upgrade the library", "55000");
                }
                if (version < 1) {
                    s.execute("CREATE TABLE IF NOT EXISTS slo_incidents ("
                            + " id text PRIMARY KEY,"
                            + " incident_key text NOT NULL,"
                            + " spec_id text NOT NULL,"
                            + " priority text NOT NULL,"
                            + " state text NOT NULL,"
                            + " opened_at timestamptz NOT NULL,"
                            + " updated_at timestamptz NOT NULL,"
                            + " header text NOT NULL)");
                    s.execute("CREATE INDEX IF NOT EXISTS slo_incidents_key ON slo_incidents (incident_key, opened_at)");
                    s.execute("CREATE INDEX IF NOT EXISTS slo_incidents_opened ON slo_incidents (opened_at)");
                    s.execute("CREATE TABLE IF NOT EXISTS slo_incident_entries ("
                            + " incident_id text NOT NULL REFERENCES slo_incidents (id),"
                            + " seq bigserial NOT NULL,"
                            + " entry_id text NOT NULL,"
                            + " body text NOT NULL,"
                            + " PRIMARY KEY (incident_id, seq),"
                            + " UNIQUE (incident_id, entry_id))");
                    s.execute("INSERT INTO slo_incident_schema (version) VALUES (1)");
                }
            } finally {
                s.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")");
            }
        }
    }

    @Override
    public Optional<Incident> update(Target target, Function<Optional<Incident>, Change> decide) {
        for (int attempt = 1; ; attempt++) {
            Connection c = borrow();
            boolean broken = false;
            try {
                c.setAutoCommit(false);
                try {
                    Optional<Incident> result = update(c, target, decide);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    try {
                        c.rollback();
                    } catch (SQLException rollback) {
                        broken = true;
                    }
                    throw e;
                }
            } catch (SQLException e) {
                broken = true;
                // a serialization failure or a dropped connection: try again with a fresh one
                if (attempt < 3 && (e.getSQLState() == null || e.getSQLState().startsWith("08")
                        || e.getSQLState().startsWith("40"))) {
                    continue;
                }
                throw failure(e);
            } finally {
                giveBack(c, broken);
            }
        }
    }

    private Optional<Incident> update(Connection c, Target target, Function<Optional<Incident>, Change> decide)
            throws SQLException {
        String key;
        if (target instanceof Target.ByKey k) {
            key = k.key();
        } else {
            String id = ((Target.ById) target).id();
            try (PreparedStatement ps = c.prepareStatement("SELECT incident_key FROM slo_incidents WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        decide.apply(Optional.empty());
                        return Optional.empty();
                    }
                    key = rs.getString(1);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
            ps.setInt(1, KEY_LOCK_CLASS);
            ps.setString(2, key);
            ps.execute();
        }
        Optional<Incident> current = target instanceof Target.ById i ? load(c, i.id()) : latest(c, key);
        Change change = decide.apply(current);
        if (change instanceof Change.Open o) {
            IncidentHeader h = o.header();
            Incident incident = Incident.of(h, o.entries());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO slo_incidents (id, incident_key, spec_id, "
                    + "priority, state, opened_at, updated_at, header) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, h.id());
                ps.setString(2, h.key());
                ps.setString(3, h.specId());
                ps.setString(4, h.priority().name());
                ps.setString(5, incident.state().id());
                ps.setTimestamp(6, Timestamp.from(h.openedAt()));
                ps.setTimestamp(7, Timestamp.from(incident.updatedAt()));
                ps.setString(8, IncidentJson.write(IncidentJson.header(h)));
                ps.executeUpdate();
            }
            insertEntries(c, h.id(), incident.timeline());
            return Optional.of(incident);
        }
        if (change instanceof Change.Append a) {
            if (current.isEmpty()) {
                throw new IncidentException(IncidentException.Reason.NOT_FOUND, "no incident to append to: " + target);
            }
            Incident before = current.get();
            Incident after = before.with(a.entries());
            List<TimelineEntry> added = after.timeline().subList(before.timeline().size(), after.timeline().size());
            if (!added.isEmpty()) {
                insertEntries(c, before.id(), added);
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE slo_incidents SET state = ?, updated_at = ? WHERE id = ?")) {
                    ps.setString(1, after.state().id());
                    ps.setTimestamp(2, Timestamp.from(after.updatedAt()));
                    ps.setString(3, after.id());
                    ps.executeUpdate();
                }
            }
            return Optional.of(after);
        }
        return current;
    }

    private static void insertEntries(Connection c, String id, List<TimelineEntry> entries) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO slo_incident_entries (incident_id, entry_id, "
                + "body) VALUES (?, ?, ?) ON CONFLICT (incident_id, entry_id) DO NOTHING")) {
            for (TimelineEntry e : entries) {
                ps.setString(1, id);
                ps.setString(2, e.id());
                ps.setString(3, IncidentJson.write(IncidentJson.entry(e)));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public Optional<Incident> find(String id) {
        return read(c -> load(c, id));
    }

    @Override
    public Optional<Incident> latest(String key) {
        return read(c -> latest(c, key));
    }

    @Override
    public List<Incident> list(IncidentQuery q) {
        return read(c -> {
            StringBuilder sql = new StringBuilder("SELECT id, header FROM slo_incidents WHERE true");
            List<Object> args = new ArrayList<>();
            q.state().ifPresent(s -> {
                sql.append(" AND state = ?");
                args.add(s.id());
            });
            q.specId().ifPresent(s -> {
                sql.append(" AND spec_id = ?");
                args.add(s);
            });
            q.priority().ifPresent(p -> {
                sql.append(" AND priority = ?");
                args.add(p.name());
            });
            q.since().ifPresent(s -> {
                sql.append(" AND opened_at >= ?");
                args.add(Timestamp.from(s));
            });
            sql.append(" ORDER BY opened_at DESC, id LIMIT ").append(q.limit());
            List<IncidentHeader> headers = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        headers.add(IncidentJson.header(IncidentJson.read(rs.getString(2))));
                    }
                }
            }
            // every timeline in one query, not one per incident
            java.util.Map<String, List<TimelineEntry>> timelines = new java.util.HashMap<>();
            if (!headers.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT incident_id, body FROM slo_incident_entries "
                        + "WHERE incident_id = ANY (?) ORDER BY incident_id, seq")) {
                    ps.setArray(1, c.createArrayOf("text", headers.stream().map(IncidentHeader::id).toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            timelines.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                    .add(IncidentJson.entry(IncidentJson.read(rs.getString(2))));
                        }
                    }
                }
            }
            List<Incident> out = new ArrayList<>();
            for (IncidentHeader h : headers) {
                out.add(Incident.of(h, timelines.getOrDefault(h.id(), List.of())));
            }
            return out;
        });
    }

    private static Optional<Incident> latest(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT header FROM slo_incidents WHERE incident_key = ? "
                + "ORDER BY opened_at DESC, id DESC LIMIT 1")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                IncidentHeader h = IncidentJson.header(IncidentJson.read(rs.getString(1)));
                return Optional.of(Incident.of(h, entries(c, h.id())));
            }
        }
    }

    private static Optional<Incident> load(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT header FROM slo_incidents WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                IncidentHeader h = IncidentJson.header(IncidentJson.read(rs.getString(1)));
                return Optional.of(Incident.of(h, entries(c, id)));
            }
        }
    }

    private static List<TimelineEntry> entries(Connection c, String id) throws SQLException {
        List<TimelineEntry> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT body FROM slo_incident_entries WHERE incident_id = ? ORDER BY seq")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(IncidentJson.entry(IncidentJson.read(rs.getString(1))));
                }
            }
        }
        return out;
    }

    private interface Read<T> {
        T apply(Connection c) throws SQLException;
    }

    private <T> T read(Read<T> read) {
        Connection c = borrow();
        boolean broken = false;
        try {
            c.setAutoCommit(true);
            return read.apply(c);
        } catch (SQLException e) {
            broken = true;
            throw failure(e);
        } finally {
            giveBack(c, broken);
        }
    }

    private Connection borrow() {
        if (closed) {
            throw new IncidentException(IncidentException.Reason.STORE, "incident store " + safeUrl + " is closed");
        }
        Connection c = idle.poll();
        if (c != null) {
            return c;
        }
        try {
            return connect();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private void giveBack(Connection c, boolean broken) {
        if (broken || closed || !idle.offer(c)) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // gone
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    private IncidentException failure(SQLException e) {
        return new IncidentException(IncidentException.Reason.STORE, "incident store " + safeUrl + ": "
                + redactText(e.getMessage()) + " (SQL state " + e.getSQLState() + ")", e);
    }

    private String redactText(String message) {
        return message == null ? "" : message.replace(url, safeUrl);
    }

    @Override
    public String describe() {
        return "postgresql " + safeUrl;
    }

    @Override
    public void close() {
        closed = true;
        Connection c;
        while ((c = idle.poll()) != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing
            }
        }
    }

    @Override
    public String toString() {
        return "PostgresStore[" + safeUrl + "]";
    }

    /** The URL without a password ({@code password=...} parameter or {@code user:password@}). */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//([^/@:]+):[^/@]*@", "//$1:***@");
    }
}
