package io.smartspec.slo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WindowsTest {

    @ParameterizedTest(name = "''{0}'' is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            30s      | PT30S
            5m       | PT5M
            5min     | PT5M
            1h       | PT1H
            6 hours  | PT6H
            30d      | PT720H
            30 days  | PT720H
            1 day    | PT24H
            4w       | PT672H
            2 weeks  | PT336H
            """)
    void parsesWindows(String text, Duration expected) {
        assertThat(Windows.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0d", "1.5h", "30", "thirty days", "-5m", "5y"})
    void rejectsOtherWindowsSayingWhatIsAccepted(String text) {
        assertThatThrownBy(() -> Windows.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window '" + text + "' is not valid; expected a number followed by s, m, h, d or w "
                        + "(e.g. 5m, 1h, 30d, 4w)");
    }

    @Test
    void formatsInTheLargestUnitThatDividesPrometheusStyle() {
        assertThat(Windows.format(Duration.ofDays(30))).isEqualTo("30d");
        assertThat(Windows.format(Duration.ofDays(28))).isEqualTo("28d");
        assertThat(Windows.format(Duration.ofHours(6))).isEqualTo("6h");
        assertThat(Windows.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Windows.format(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(Windows.format(Duration.ofSeconds(45))).isEqualTo("45s");
    }

    @Test
    void windowsRoundTrip() {
        for (String w : new String[]{"5m", "30m", "1h", "2h", "6h", "1d", "3d", "28d", "30d"}) {
            assertThat(Windows.format(Windows.parse(w))).isEqualTo(w);
        }
    }
}
