package io.smartspec.slo.remediation;

import io.smartspec.slo.Secret;
import io.smartspec.slo.incident.store.IncidentStore;
import io.smartspec.slo.incident.store.Incidents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.smartspec.slo.remediation.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The command action: a real process, its environment and stdin, its exit code, its kill at the timeout. */
class CommandActionTest {

    @TempDir
    Path dir;
    Incidents incidents;
    Remediation remediation;

    @BeforeEach
    void store() {
        incidents = Incidents.in(IncidentStore.embedded(dir.resolve("incidents"))).closeStoreOnClose().build();
    }

    @AfterEach
    void close() {
        if (remediation != null) {
            remediation.close();
        }
        incidents.close();
    }

    private void run(RemediationAction action, Guardrails g) {
        remediation = Remediation.builder().action("heal", action, g).forSlo(SLO, "heal").recordTo(incidents).build();
        feed(incidents, remediation, breach(0, 0));
    }

    private static Guardrails now() {
        return Guardrails.ofDefaults().after(Duration.ZERO);
    }

    @Test
    void theCommandGetsTheEventAsVariablesAndJsonOnStdin() throws Exception {
        Path out = dir.resolve("seen.txt");
        run(RemediationAction.command(List.of("sh", "-c", "echo \"$SLO_KEY $SLO_PRIORITY $SLO_STATUS $SLO_VALUE\" > "
                + out + "; cat >> " + out)), now());

        List<String> seen = Files.readAllLines(out);
        assertThat(seen.get(0)).isEqualTo("checkout/checkout-errors P1 BREACHED 12.5 %");
        assertThat(seen.get(1)).contains("\"key\":\"checkout/checkout-errors\"", "\"kind\":\"breach\"",
                "\"since\":\"2026-11-29T10:00:00Z\"", "\"action\":\"heal\"");
        assertThat(remediationTexts(incidents).get(1)).startsWith("remediation: heal succeeded in ").contains(": exit 0");
    }

    @Test
    void aFailingCommandIsRecordedWithItsExitCodeAndOutput() {
        run(RemediationAction.command(List.of("sh", "-c", "echo rollout failed: deployment not found >&2; exit 3")),
                now());

        assertThat(remediationTexts(incidents).get(1)).startsWith("remediation: heal failed in ")
                .endsWith(": exit 3; output: rollout failed: deployment not found");
    }

    @Test
    void aCommandThatCannotStartIsAFailure() {
        run(RemediationAction.command(List.of(dir.resolve("no-such-program").toString())), now());

        assertThat(remediationTexts(incidents).get(1)).startsWith("remediation: heal failed in ")
                .contains("IOException");
    }

    @Test
    void atItsTimeoutTheCommandIsKilledWithEveryProcessItStarted() throws Exception {
        // given a command that starts a child and both hang
        Path pids = dir.resolve("pids");
        run(RemediationAction.command(List.of("sh", "-c", "sleep 600 & echo $! > " + pids + "; echo $$ >> " + pids
                + "; echo started; wait")), now().timeout(Duration.ofSeconds(1)));

        // then neither process is alive
        for (String pid : Files.readAllLines(pids)) {
            assertThat(ProcessHandle.of(Long.parseLong(pid.trim())).map(ProcessHandle::isAlive).orElse(false))
                    .as("process " + pid + " is alive").isFalse();
        }
        // and the outcome says it timed out and was killed
        String outcome = remediationTexts(incidents).get(1);
        assertThat(outcome).startsWith("remediation: heal timed out after 1 s and was stopped: killed process ")
                .contains("and 1 process(es) it started; output so far: started");
    }

    @Test
    void secretsAreNeitherInTheTimelineNorInTheLogs() {
        List<String> logged = new ArrayList<>();
        Logger log = Logger.getLogger(Remediation.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        try {
            // a careless script that prints its token
            Secret token = Secret.of("s3cr3t-t0ken-42", "env ADMIN_TOKEN");
            run(RemediationAction.command(List.of("sh", "-c", "echo using token $ADMIN_TOKEN; exit 1"))
                    .env("ADMIN_TOKEN", token), now());
            remediation.close();
        } finally {
            log.removeHandler(handler);
        }

        assertThat(remediationTexts(incidents).get(1)).contains("output: using token ****")
                .doesNotContain("s3cr3t-t0ken-42");
        assertThat(remediationTexts(incidents).get(0)).contains("with ADMIN_TOKEN set");
        assertThat(logged).isNotEmpty().noneMatch(m -> m.contains("s3cr3t-t0ken-42"));
        assertThat(String.join("\n", remediationTexts(incidents))).doesNotContain("s3cr3t-t0ken-42");
    }
}
