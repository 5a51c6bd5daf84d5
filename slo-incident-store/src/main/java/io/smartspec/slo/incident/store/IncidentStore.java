package io.smartspec.slo.incident.store;

import io.smartspec.slo.incident.store.internal.JournalStore;
import io.smartspec.slo.incident.store.internal.PostgresStore;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where incidents are kept: a header and an append-only timeline per incident. Two implementations:
 * {@link #embedded(Path)} (journal files in a directory, no server) and {@link #postgres(String)}
 * (several processes, several hosts). The rules of incidents — when a breach opens one, reopens one or
 * changes nothing — live in {@link Incidents}, once; a store only makes {@link #update} atomic.
 *
 * <p>Guarantees of both: {@link #update} is atomic per incident key, also between processes (two
 * monitors never open two incidents for one breach); what it returns is durable (fsync, COMMIT) before
 * it returns; an entry whose id the incident holds is never appended twice.
 *
 * @since 0.1.0
 */
public interface IncidentStore extends AutoCloseable {

    /** Which incident an update is about. */
    sealed interface Target {
        /** The latest incident of a key ({@code specId/sloName}), which may not exist yet. */
        record ByKey(String key) implements Target {
            public ByKey {
                Objects.requireNonNull(key, "key");
            }
        }

        /** The incident with this id. */
        record ById(String id) implements Target {
            public ById {
                Objects.requireNonNull(id, "id");
            }
        }
    }

    /** What an update does, decided from the incident as it is in the store. */
    sealed interface Change {
        /** Opens a new incident with these entries. */
        record Open(IncidentHeader header, List<TimelineEntry> entries) implements Change {
            public Open {
                Objects.requireNonNull(header, "header");
                entries = List.copyOf(entries);
            }
        }

        /** Appends entries to the incident (those whose id it holds are skipped). */
        record Append(List<TimelineEntry> entries) implements Change {
            public Append {
                entries = List.copyOf(entries);
            }
        }

        /** Changes nothing. */
        record None() implements Change {
        }

        static Change none() {
            return new None();
        }

        static Change append(TimelineEntry... entries) {
            return new Append(List.of(entries));
        }
    }

    /**
     * Atomically reads the target as it is in the store, lets {@code decide} choose a change, and
     * makes it durable. {@code decide} may be called more than once (a retried transaction) and may
     * throw {@link IncidentException}, which leaves the store unchanged.
     *
     * @return the incident after the change (empty when there is none and none was opened)
     * @throws IncidentException (STORE) when the store cannot be read or written
     */
    Optional<Incident> update(Target target, Function<Optional<Incident>, Change> decide);

    /** The incident with this id. */
    Optional<Incident> find(String id);

    /** The latest incident of this key ({@code specId/sloName}). */
    Optional<Incident> latest(String key);

    /** The incidents that pass the query, newest first. */
    List<Incident> list(IncidentQuery query);

    /** Where the store is, for messages, without credentials: {@code journal /var/slo/incidents}. */
    String describe();

    @Override
    void close();

    /**
     * The embedded store: one append-only JSON Lines journal per incident in {@code directory}
     * (created when missing), each line fsynced before {@link #update} returns. Processes on one host
     * may share it (each update holds an operating-system lock on {@code directory/incidents.lock}).
     */
    static IncidentStore embedded(Path directory) {
        return JournalStore.open(directory);
    }

    /**
     * The PostgreSQL store at a JDBC URL ({@code jdbc:postgresql://host:5432/db?user=..&password=..});
     * creates or migrates its tables ({@code slo_incident*}). Needs the PostgreSQL JDBC driver on the
     * class path ({@code org.postgresql:postgresql}).
     *
     * @throws IncidentException (STORE) naming the URL without its password when it cannot connect
     */
    static IncidentStore postgres(String jdbcUrl) {
        return PostgresStore.open(jdbcUrl);
    }

    /**
     * A store from where it is: a {@code jdbc:postgresql:} URL, or a directory (a path or a
     * {@code file:} URI) for the embedded store.
     */
    static IncidentStore at(String location) {
        if (location.startsWith("jdbc:")) {
            return postgres(location);
        }
        if (location.startsWith("file:")) {
            return embedded(Path.of(java.net.URI.create(location)));
        }
        return embedded(Path.of(location));
    }
}
