package io.smartspec.slo.postmortem;

import io.smartspec.slo.evaluation.EvaluationPolicy;
import io.smartspec.slo.spec.LoadedSpec;
import io.smartspec.slo.spec.SpecLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OnCallCardTest {

    static final Path SPECS = Path.of("src/test/resources/specs");
    static final String PD_KEY = "pd-routing-key-do-not-print";
    static final String SLACK_URL = "https://hooks.slack.com/services/T000/B000/secret-token";
    static final Map<String, String> ENV = Map.of("PD_KEY", PD_KEY, "SLACK_URL", SLACK_URL);

    @TempDir
    Path dir;

    static LoadedSpec load(String id) {
        return SpecLoader.load(SPECS.resolve(id).resolve("spec.md"), SPECS.resolve(id).resolve("observability.yaml"), ENV);
    }

    static OnCallCard payments() {
        return OnCallCard.of(load("payments"), EvaluationPolicy.defaults(), "--spec-id payments --specs-dir specs");
    }

    @Test
    void aRatioSloSaysInPlainWordsWhichBurnRatesPageAndWhichOpenATicket() {
        // given the Workbook's policy: factor = budget share * period / long window
        OnCallCard.SloLine authorise = payments().slos().get(0); // >= 99.95% over 30d
        OnCallCard.SloLine refunds = payments().slos().get(2);   // >= 99.5% over 7d
        // then: 30d = 720h; 2% in 1h is 0.02 * 720 = 14.4x, 5% in 6h is 0.05 * 720 / 6 = 6x
        assertThat(authorise.pages()).isEqualTo("pages when 2% of the 30-day budget burns within 1 hour (14.4x over 1h"
                + " and 5m), or 5% within 6 hours (6x over 6h and 30m), or the 30d SLI falls below 99.95 %");
        // 10% in 1d is 0.1 * 30 = 3x, 10% in 3d is 0.1 * 10 = 1x; at risk below 25% of the budget
        assertThat(authorise.ticket()).isEqualTo("opens a ticket when 10% of the 30-day budget burns within 1 day (3x"
                + " over 1d and 2h), or 10% within 3 days (1x over 3d and 6h), or less than 25% of it is left");
        // 7d = 168h: 0.02 * 168 = 3.36x; 0.05 * 168 / 6 = 1.4x; 0.1 * 7 = 0.7x; 0.1 * 7 / 3 = 0.2333x
        assertThat(refunds.pages()).startsWith("pages when 2% of the 7-day budget burns within 1 hour (3.36x over 1h"
                + " and 5m), or 5% within 6 hours (1.4x over 6h and 30m)");
        assertThat(refunds.ticket()).contains("(0.7x over 1d and 2h)").contains("(0.2333x over 3d and 6h)");
    }

    @Test
    void aCalendarWindowNamesItsBudgetAndBurnsFollowThePeriodTheCardIsMadeIn() {
        // March 2026 in Berlin loses an hour to DST: 31 * 24 - 1 = 743 hours; November has 30 * 24 = 720
        OnCallCard march = OnCallCard.of(load("monthly"), EvaluationPolicy.defaults(), "--spec-id monthly",
                java.time.Instant.parse("2026-03-15T12:00:00Z"));
        OnCallCard november = OnCallCard.of(load("monthly"), EvaluationPolicy.defaults(), "--spec-id monthly",
                java.time.Instant.parse("2026-11-15T12:00:00Z"));
        // 2% in 1h: 0.02 * 743 = 14.86x; 5% in 6h: 0.05 * 743 / 6 = 6.1917x (rounded to 4 places)
        assertThat(march.slos().get(0).pages()).isEqualTo("pages when 2% of the calendar month (Europe/Berlin) budget"
                + " (743 hours this period) burns within 1 hour (14.86x over 1h and 5m), or 5% within 6 hours"
                + " (6.1917x over 6h and 30m), or the calendar month (Europe/Berlin) SLI falls below 99.9 %");
        // 0.02 * 720 = 14.4x; 10% in 1d: 0.1 * 30 = 3x
        assertThat(november.slos().get(0).pages()).startsWith("pages when 2% of the calendar month (Europe/Berlin)"
                + " budget (30 days this period) burns within 1 hour (14.4x over 1h and 5m)");
        assertThat(november.slos().get(0).ticket()).startsWith("opens a ticket when 10% of the calendar month"
                + " (Europe/Berlin) budget (30 days this period) burns within 1 day (3x over 1d and 2h)");
    }

    @Test
    void aThresholdSloPagesByItsPriorityAfterBreachFor() {
        OnCallCard card = payments();
        // P1: pages; breach_for: 2m in observability.yaml
        assertThat(card.slos().get(4).pages()).isEqualTo("pages when payments_authorise_latency_p99 is not < 800 ms for 2m");
        // P2: a ticket, never a page
        assertThat(card.slos().get(5).pages()).isEqualTo("never (P2 opens a ticket)");
        assertThat(card.slos().get(5).ticket()).startsWith("opens a ticket when payments_capture_latency_p99 is not < 1200 ms for 2m");
    }

    @Test
    void theCardNamesRunbooksReceiversEscalationAndTheCommandsWithTheSpecsArgumentsButNoSecret() {
        // when
        OnCallCard card = payments();
        String md = card.markdown();
        // then
        assertThat(card.slos()).hasSize(8);
        assertThat(card.slos().get(0).runbook()).contains("https://runbooks.example.com/payments/authorise");
        assertThat(card.slos().get(7).runbook()).isEmpty();
        assertThat(card.slos().get(0).notifies()).containsExactly("payments-oncall",
                "payments-channel", "shop-alertmanager");
        assertThat(card.slos().get(7).notifies()).containsExactly("payments-channel"); // P3: slack takes all
        assertThat(md).contains("pagerduty 'payments-oncall' at https://events.pagerduty.com/v2/enqueue for P0, P1")
                .contains("alertmanager 'shop-alertmanager' at http://127.0.0.1:9093 for P0, P1, P2, re-sent every 2m")
                .contains("reminder goes to the same receivers every 30m")
                .contains("when it has held for 2m (breach_for)")
                .contains("slo monitor --run-once --spec-id payments --specs-dir specs    # the SLOs now")
                .contains("slo monitor --run-once --at 2026-01-31T09:30:00Z --spec-id payments --specs-dir specs")
                .contains("slo incidents list --spec payments --state open")
                .contains("none in the NFR table")
                .contains("**P0, P1** breaches go to payments-oncall, payments-channel, shop-alertmanager")
                .contains("**P2** breaches go to payments-channel, shop-alertmanager")
                .contains("**P3** breaches go to payments-channel");
        assertThat(md).doesNotContain(PD_KEY).doesNotContain("secret-token");
        assertThat(card.html()).doesNotContain(PD_KEY).doesNotContain("secret-token");
    }

    @Test
    void theCardOfASpecOfEightSlosPrintsOnExactlyOneA4PageAndTwoServicesOnTwo() throws Exception {
        // given
        Path one = dir.resolve("payments.html");
        Files.writeString(one, payments().html());
        Path two = dir.resolve("both.html");
        Files.writeString(two, OnCallCard.html(List.of(payments(),
                OnCallCard.of(load("orders"), EvaluationPolicy.defaults(), ""))));
        // when
        String dom = Chromium.dumpDom(one, dir);
        Chromium.Pdf onePdf = Chromium.printToPdf(one, dir);
        Chromium.Pdf twoPdf = Chromium.printToPdf(two, dir);
        // then
        assertThat(dom).contains("<section id=\"slos\"").contains("<section id=\"commands\"")
                .contains("<a href=\"https://runbooks.example.com/payments/authorise\"");
        assertThat(onePdf.pages()).as("pages of the card of 8 SLOs").isEqualTo(1);
        assertThat(onePdf.allA4()).as("A4: %s", onePdf.mediaBoxes().stream().map(java.util.Arrays::toString).toList())
                .isTrue();
        assertThat(twoPdf.pages()).as("one page per service").isEqualTo(2);
        assertThat(twoPdf.allA4()).isTrue();
    }
}
