package io.smartspec.slo.examples.checkout;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckoutDemoOptionsTest {

    @Test
    void theDemoTakesItsPaceAsWindows() {
        CheckoutDemo.Options options = CheckoutDemo.Options.parse("--duration", "1m", "--interval", "5s");

        assertThat(options.duration()).isEqualTo(Duration.ofMinutes(1));
        assertThat(options.interval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void theDemoHealsItselfUnlessToldNotTo() {
        assertThat(CheckoutDemo.Options.parse().heal()).isTrue();
        assertThat(CheckoutDemo.Options.parse("--no-heal", "--duration", "1m").heal()).isFalse();
    }

    @Test
    void aBadOptionIsAUsageErrorNamingTheOptionTheValueAndWhatIsAccepted() {
        assertThatThrownBy(() -> CheckoutDemo.Options.parse("--duration", "5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--duration: window '5' is not valid; expected a number followed by s, m, h, d or w"
                        + " (e.g. 5m, 1h, 30d, 4w)");
        assertThatThrownBy(() -> CheckoutDemo.Options.parse("--interval"))
                .hasMessage("--interval needs a value (e.g. 30s)");
        assertThatThrownBy(() -> CheckoutDemo.Options.parse("--speed", "fast"))
                .hasMessage("unknown option '--speed'");
    }
}
