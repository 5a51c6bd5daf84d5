package io.smartspec.slo.incident.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import static io.smartspec.slo.incident.store.Events.breach;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The PostgreSQL store against a real PostgreSQL, one database per test. */
class PostgresStoreIT extends IncidentStoreContract {

    private static PostgresServer server;
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private String url;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected IncidentStore newStore() throws Exception {
        url = server.newDatabase("contract_" + DATABASES.incrementAndGet());
        return IncidentStore.postgres(url);
    }

    @Override
    protected IncidentStore sameStoreAgain() {
        return IncidentStore.postgres(url);
    }

    @Test
    void theSchemaIsCreatedOnceAndItsVersionKept() throws Exception {
        incidents.onEvent(breach(0, 250, 0.9));
        IncidentStore.postgres(url).close(); // opening again migrates nothing
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), max(version) FROM slo_incident_schema")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThat(rs.getInt(2)).isEqualTo(1);
        }
    }

    @Test
    void aSchemaNewerThanTheLibraryIsRefusedWithTheReason() throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("INSERT INTO slo_incident_schema (version) VALUES (7)");
        }
        assertThatThrownBy(() -> IncidentStore.postgres(url))
                .isInstanceOf(IncidentException.class)
                .hasMessageContaining("schema version 7, newer than this library's 1");
    }

    @Test
    void anUnreachableServerIsAnErrorThatNamesTheUrlWithoutItsPassword() {
        assertThatThrownBy(() -> IncidentStore.postgres("jdbc:postgresql://127.0.0.1:1/slo?user=slo&password=hunter2"))
                .isInstanceOf(IncidentException.class)
                .hasMessageContaining("127.0.0.1:1/slo?user=slo&password=***")
                .hasMessageNotContaining("hunter2");
    }
}
