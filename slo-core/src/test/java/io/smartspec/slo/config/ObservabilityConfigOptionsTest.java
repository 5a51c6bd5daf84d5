package io.smartspec.slo.config;

import io.smartspec.slo.Problem;
import io.smartspec.slo.Secret;
import io.smartspec.slo.SloValidationException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The monitor's and providers' top-level settings of observability.yaml, and URLs that carry credentials. */
class ObservabilityConfigOptionsTest {

    @Test
    void theMonitorsAndProvidersSettingsAreKeptAsOptionsWithDurationsEveryProviderParses() {
        // given
        String yaml = """
                provider: datadog
                interval: 60s
                query_concurrency: 4
                breach_for: 2min
                reminder_every: 1h
                alert_when_no_data: TRUE
                max_attempts: 6
                time_limit: 45s
                initial_backoff: 0.5s
                max_backoff: 10s
                window: 10m
                metrics: []
                """;

        // when
        ObservabilityConfig config = ObservabilityConfig.parse("observability.yaml", yaml, Map.of());

        // then
        assertThat(config.options()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("interval", "1m"), Map.entry("query_concurrency", "4"), Map.entry("breach_for", "2m"),
                Map.entry("reminder_every", "1h"), Map.entry("alert_when_no_data", "true"),
                Map.entry("max_attempts", "6"), Map.entry("time_limit", "45s"),
                Map.entry("initial_backoff", "500ms"), Map.entry("max_backoff", "10s"), Map.entry("window", "10m")));
    }

    @Test
    void aZeroBreachForIsAcceptedAsTheExplicitDefault() {
        // when
        ObservabilityConfig config = ObservabilityConfig.parse("observability.yaml",
                "provider: micrometer\nbreach_for: 0s\nmetrics: []\n", Map.of());

        // then
        assertThat(config.option("breach_for")).contains("0s");
    }

    @Test
    void everyBadSettingIsReportedAtOnce() {
        // when
        SloValidationException e = catchThrowableOfType(SloValidationException.class, () -> ObservabilityConfig.parse(
                "observability.yaml", "provider: prometheus\nmax_attempts: many\nreminder_every: 0s\n"
                        + "alert_when_no_data: yes\nmetrics: []\n", Map.of()));

        // then
        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "observability.yaml:2: max_attempts: 'many' is not a whole number of at least 1",
                "observability.yaml:3: reminder_every: '0s' is not a positive duration; expected a number with a "
                        + "unit: ms, s, m or h (e.g. 10s, 500ms)",
                "observability.yaml:4: alert_when_no_data: 'yes' is not accepted; expected true or false");
    }

    @Test
    void toStringHidesTheUrlsPasswordAndQueryTokens() {
        // given
        ObservabilityConfig config = ObservabilityConfig.parse("observability.yaml", """
                provider: prometheus
                url: "https://monitor:hunter2-secret@prometheus.example:9090/api?access_token=tok-98765&org=7"
                incident_response:
                  - type: alertmanager
                    url: "http://am:am-pass-4321@127.0.0.1:9093"
                metrics: []
                """, Map.of());

        // when
        String text = config.toString();

        // then
        assertThat(text).contains("url=Optional[https://****@prometheus.example:9090/api?access_token=****&org=****]")
                .contains("url=Optional[http://****@127.0.0.1:9093]")
                .doesNotContain("hunter2", "monitor:", "tok-98765", "am-pass-4321");
        assertThat(config.url()).contains(
                "https://monitor:hunter2-secret@prometheus.example:9090/api?access_token=tok-98765&org=7");
    }

    @Test
    void aUrlIsRedactedEvenWhenItIsNotValid() {
        // given
        List<String> urls = List.of(
                "http://user:pa/ss@host:9090/path",
                "user:p@ss@host:9090",
                "https://host/api?token=abc#frag",
                "http://127.0.0.1:9090");

        // when
        List<String> shown = urls.stream().map(Secret::redactUrl).toList();

        // then
        assertThat(shown).containsExactly(
                "http://****@host:9090/path",
                "****@host:9090",
                "https://host/api?token=****#frag",
                "http://127.0.0.1:9090");
    }
}
