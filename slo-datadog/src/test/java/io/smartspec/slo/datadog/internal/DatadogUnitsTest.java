package io.smartspec.slo.datadog.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Unit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DatadogUnitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode unit(String family, String name, String perName) throws Exception {
        String per = perName == null ? "null" : "{\"family\": \"time\", \"name\": \"" + perName + "\"}";
        return JSON.readTree("[{\"family\": \"" + family + "\", \"name\": \"" + name + "\", \"scale_factor\": 1}, " + per + "]");
    }

    @ParameterizedTest(name = "3 {1} per {2} is {3} in seconds, fractions or per second")
    @CsvSource({
            "time, nanosecond, , 3e-9",
            "time, microsecond, , 3e-6",
            "time, millisecond, , 0.003",
            "time, second, , 3",
            "time, minute, , 180",
            "time, hour, , 10800",
            "time, day, , 259200",
            "percentage, percent, , 0.03",
            "percentage, fraction, , 3",
            "network, request, second, 3",
            "network, request, minute, 0.05",
            "general, hit, hour, 0.000833333333333"})
    void convertsDatadogsUnitsToCanonicalValues(String family, String name, String per, double canonical) throws Exception {
        // when
        Quantity q = DatadogUnits.toQuantity(unit(family, name, per), 3).orElseThrow();

        // then
        assertThat(q.canonicalValue()).isCloseTo(canonical, within(Math.abs(canonical) * 1e-9));
    }

    @Test
    void leavesUnitsWithoutMeaningForSlosToTheConfiguration() throws Exception {
        assertThat(DatadogUnits.toQuantity(unit("bytes", "byte", null), 3)).isEmpty();
        assertThat(DatadogUnits.toQuantity(unit("time", "millisecond", "second"), 3)).isEmpty();
        assertThat(DatadogUnits.toQuantity(JSON.readTree("null"), 3)).isEmpty();
        assertThat(DatadogUnits.toQuantity(JSON.readTree("[null, null]"), 3)).isEmpty();
    }

    @Test
    void keepsTheUnitOfARecordedPercentSeries() throws Exception {
        // given the unit of the recorded system.cpu.idle series
        JsonNode recorded = JSON.readTree("[{\"family\": \"percentage\", \"scale_factor\": 1, \"name\": \"percent\", "
                + "\"short_name\": \"%\", \"plural\": \"percent\", \"id\": 17}, null]");

        // then
        assertThat(DatadogUnits.toQuantity(recorded, 92.5)).contains(Quantity.of(92.5, Unit.PERCENT));
    }
}
