package io.smartspec.slo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectiveTest {

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', textBlock = """
            < 200ms     | LESS_THAN             | 200 ms
            <200ms      | LESS_THAN             | 200 ms
            <= 0.2 s    | LESS_THAN_OR_EQUAL    | 0.2 s
            ≤ 0.2 s     | LESS_THAN_OR_EQUAL    | 0.2 s
            > 99.9%     | GREATER_THAN          | 99.9 %
            >= 99.9 %   | GREATER_THAN_OR_EQUAL | 99.9 %
            ≥99.9%      | GREATER_THAN_OR_EQUAL | 99.9 %
            < 0.1%      | LESS_THAN             | 0.1 %
            < 1000 rps  | LESS_THAN             | 1000 /s
            """)
    void parsesTheTargetsOfASpec(String text, Operator operator, String bound) {
        // when
        Objective objective = Objective.parse(text);

        // then
        assertThat(objective.operator()).isEqualTo(operator);
        assertThat(objective.bound()).hasToString(bound);
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', textBlock = """
            200ms    | '200ms' has no comparison; expected one of <, <=, ≤, >, >=, ≥ followed by a number with a unit (e.g. < 200ms, > 99.9%)
            <> 5ms   | comparison '<>' in '<> 5ms' is unknown; expected one of <, <=, ≤, >, >=, ≥
            <        | '<' has no value after '<'; expected a number with a unit (e.g. 200ms, 99.9%, 1000 rps)
            < fast   | 'fast' is not a number with a unit (e.g. 200ms, 99.9%, 1000 rps)
            < 5 furlongs | unit 'furlongs' in '5 furlongs' is unknown; accepted: ns, us, µs, ms, s, m, min, h, %, ratio (a fraction 0..1), rps, /s, /min, or no unit
            """)
    void anUnreadableTargetSaysWhatWouldBeAccepted(String text, String message) {
        assertThatThrownBy(() -> Objective.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void isMetComparesInCanonicalUnits() {
        Objective p99 = Objective.parse("< 200ms");
        assertThat(p99.isMetBy(Quantity.parse("0.199 s"))).isTrue();
        assertThat(p99.isMetBy(Quantity.parse("0.2 s"))).isFalse();
        assertThat(Objective.parse("<= 200ms").isMetBy(Quantity.parse("0.2 s"))).isTrue();
        assertThat(Objective.parse("> 99.9%").isMetBy(Quantity.fraction(0.9995))).isTrue();
    }

    @Test
    void aPercentageObjectiveRefusesADuration() {
        assertThatThrownBy(() -> Objective.parse("> 99.9%").isMetBy(Quantity.millis(5)))
                .hasMessage("cannot compare 5 ms (a duration (ns, us, ms, s, min, h)) with the objective > 99.9 % "
                        + "(a percentage (99.9%) or a fraction)");
    }
}
