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
    void entriesWrittenBeforeEventCountsWereKeptAreReadWithoutThem() throws Exception {
        // given a journal whose snapshots carry no bad_events / total_events, as older versions wrote them
        incidents.onEvent(breach(0, 250, 0.9));
        Path journal;
        try (var files = Files.walk(dir.resolve("journal"))) {
            journal = files.filter(f -> f.toString().endsWith(".jsonl")).findFirst().orElseThrow();
        }
        String written = Files.readString(journal, StandardCharsets.UTF_8);
        assertThat(written).contains("\"bad_events\":100.0").contains("\"total_events\":1000000.0");
        Files.writeString(journal, written.replaceAll(",\"bad_events\":[0-9.E]+,\"total_events\":[0-9.E]+", ""),
                StandardCharsets.UTF_8);

        // when it is read
        try (IncidentStore reopened = IncidentStore.embedded(dir)) {
            SloSnapshot atOpen = reopened.latest(KEY).orElseThrow().atOpen().orElseThrow();

            // then the snapshot has everything else, and no counts
            assertThat(atOpen.value().getAsDouble()).isEqualTo(0.25);
            assertThat(atOpen.budgetRemaining().getAsDouble()).isEqualTo(0.9);
            assertThat(atOpen.events()).isEmpty();
        }
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
