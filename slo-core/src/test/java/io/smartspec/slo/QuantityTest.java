package io.smartspec.slo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class QuantityTest {

    @ParameterizedTest(name = "''{0}'' is {1} {2}, {3} canonical")
    @CsvSource(delimiter = '|', textBlock = """
            200ms     | 200    | MILLISECONDS | 0.2
            0.2 s     | 0.2    | SECONDS      | 0.2
            0.2s      | 0.2    | SECONDS      | 0.2
            1500 us   | 1500   | MICROSECONDS | 0.0015
            1500µs    | 1500   | MICROSECONDS | 0.0015
            1500 μs   | 1500   | MICROSECONDS | 0.0015
            250000ns  | 250000 | NANOSECONDS  | 0.00025
            2m        | 2      | MINUTES      | 120
            2 min     | 2      | MINUTES      | 120
            1h        | 1      | HOURS        | 3600
            99.9%     | 99.9   | PERCENT      | 0.999
            99.9 %    | 99.9   | PERCENT      | 0.999
            0.1%      | 0.1    | PERCENT      | 0.001
            1000 rps  | 1000   | PER_SECOND   | 1000
            1000/s    | 1000   | PER_SECOND   | 1000
            120 /min  | 120    | PER_MINUTE   | 2
            42        | 42     | NUMBER       | 42
            0,5 s     | 0.5    | SECONDS      | 0.5
            1e3ms     | 1000   | MILLISECONDS | 1
            """)
    void parsesEveryUnitAndConvertsToCanonical(String text, double value, Unit unit, double canonical) {
        // when
        Quantity q = Quantity.parse(text);

        // then
        assertThat(q.value()).isCloseTo(value, within(1e-9));
        assertThat(q.unit()).isEqualTo(unit);
        assertThat(q.canonicalValue()).isCloseTo(canonical, within(1e-12));
    }

    @Test
    void anUnknownUnitSaysWhatIsAccepted() {
        assertThatThrownBy(() -> Quantity.parse("200 parsecs"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unit 'parsecs' in '200 parsecs' is unknown; accepted: ns, us, µs, ms, s, m, min, h, %, "
                        + "ratio (a fraction 0..1), rps, /s, /min, or no unit");
    }

    @Test
    void textWithoutANumberIsRejected() {
        assertThatThrownBy(() -> Quantity.parse("fast"))
                .hasMessage("'fast' is not a number with a unit (e.g. 200ms, 99.9%, 1000 rps)");
        assertThatThrownBy(() -> Quantity.parse(""))
                .hasMessage("'' is not a number with a unit (e.g. 200ms, 99.9%, 1000 rps)");
    }

    @Test
    void convertsBetweenUnitsOfOneDimension() {
        assertThat(Quantity.parse("0.2 s").to(Unit.MILLISECONDS).value()).isCloseTo(200, within(1e-9));
        assertThat(Quantity.percent(99.9).to(Unit.FRACTION).value()).isCloseTo(0.999, within(1e-12));
        assertThat(Quantity.fraction(0.001).to(Unit.PERCENT).value()).isCloseTo(0.1, within(1e-12));
        assertThat(Quantity.of(Duration.ofMillis(1500))).isEqualTo(Quantity.millis(1500));
        assertThat(Quantity.of(Duration.ofSeconds(2))).isEqualTo(Quantity.seconds(2));
    }

    @Test
    void aDurationIsNeverComparedWithAPercentage() {
        // given
        Quantity latency = Quantity.millis(200);
        Quantity share = Quantity.percent(99.9);

        // then
        assertThat(latency.isComparableWith(share)).isFalse();
        assertThatThrownBy(() -> latency.compareTo(share))
                .hasMessage("cannot compare 200 ms (a duration (ns, us, ms, s, min, h)) with 99.9 % "
                        + "(a percentage (99.9%) or a fraction)");
        assertThatThrownBy(() -> latency.to(Unit.PERCENT)).hasMessage("cannot convert 200 ms to %");
    }

    @Test
    void comparesInCanonicalUnits() {
        assertThat(Quantity.parse("0.2 s")).isEqualByComparingTo(Quantity.parse("200ms"));
        assertThat(Quantity.parse("199ms")).isLessThan(Quantity.parse("0.2s"));
        assertThat(Quantity.parse("99.95%")).isGreaterThan(Quantity.fraction(0.999));
        assertThat(Quantity.parse("213.4ms").minus(Quantity.parse("0.2s"))).satisfies(d -> {
            assertThat(d.unit()).isEqualTo(Unit.MILLISECONDS);
            assertThat(d.value()).isCloseTo(13.4, within(1e-9));
        });
    }

    @Test
    void printsForHumans() {
        assertThat(Quantity.millis(200)).hasToString("200 ms");
        assertThat(Quantity.percent(99.9)).hasToString("99.9 %");
        assertThat(Quantity.number(0.123456)).hasToString("0.1235");
        assertThat(Quantity.seconds(1.0 / 3)).hasToString("0.3333 s");
    }

    @Test
    void percentagesAndMillisecondsConvertDecimalExactlySoAnSliExactlyOnTargetMeetsIt() {
        // 99.9 / 100 in binary floating point is 0.9990000000000001, which 999 good of 1000 would miss
        assertThat(Quantity.percent(99.9).canonicalValue()).isEqualTo(0.999);
        assertThat(Quantity.millis(0.3).canonicalValue()).isEqualTo(0.0003);
        assertThat(Objective.atLeast(Quantity.percent(99.9)).isMetBy(Quantity.fraction(999.0 / 1000))).isTrue();
        assertThat(Quantity.fraction(0.999).to(Unit.PERCENT).value()).isEqualTo(99.9);
    }
}
