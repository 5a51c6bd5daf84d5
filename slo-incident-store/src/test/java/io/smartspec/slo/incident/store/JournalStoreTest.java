package io.smartspec.slo.incident.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static io.smartspec.slo.incident.store.Events.KEY;
import static io.smartspec.slo.incident.store.Events.breach;
import static io.smartspec.slo.incident.store.Events.recovery;
import static org.assertj.core.api.Assertions.assertThat;

/** The embedded store: journal files in a directory. */
class JournalStoreTest extends IncidentStoreContract {

    @TempDir
    Path dir;

    @Override
    protected IncidentStore newStore() {
        return IncidentStore.embedded(dir);
    }

    @Override
    protected IncidentStore sameStoreAgain() {
        return IncidentStore.embedded(dir);
    }

    @Test
    void aLineTornByACrashIsLeftOutAndCutOffBeforeTheNextAppend() throws Exception {
        // given an incident whose journal ends in half a line, as a crash mid-write leaves it
        incidents.onEvent(breach(0, 250, 0.9));
        Path journal;
        try (var files = Files.walk(dir.resolve("journal"))) {
            journal = files.filter(f -> f.toString().endsWith(".jsonl")).findFirst().orElseThrow();
        }
        Files.writeString(journal, "{\"id\":\"torn\",\"at\":\"2026-11-29T10:0", StandardOpenOption.APPEND);

        // when another process reads it and appends the recovery
        try (IncidentStore reopened = IncidentStore.embedded(dir)) {
            assertThat(reopened.latest(KEY).orElseThrow().timeline()).hasSize(1);
            Incidents.in(reopened).build().onEvent(recovery(5, 150, 0.9));
        }

        // then the journal is whole lines: the header, the breach, the recovery
        List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).contains("\"kind\":\"recovery\"");
        try (IncidentStore reopened = IncidentStore.embedded(dir)) {
            assertThat(reopened.latest(KEY).orElseThrow().breaching()).isFalse();
        }
    }
}
