package io.smartspec.slo.internal.micrometer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CountHistoryTest {

    @Test
    void keepsAtMostTheStatedNumberOfSamplesHoweverLongItRuns() {
        // given
        CountHistory h = new CountHistory();

        // when: 60 days of samples, one every 2 seconds
        for (long s = 0; s < 60L * 24 * 3600; s += 2) {
            h.record(s * 1000, s);
        }

        // then
        assertThat(h.samples()).isLessThanOrEqualTo(CountHistory.SLOTS);
    }

    @Test
    void findsTheSampleAtOrJustBeforeAnInstant() {
        // given
        CountHistory h = new CountHistory();
        for (long s = 0; s <= 600; s += 10) {
            h.record(s * 1000, s);
        }

        // then
        assertThat(h.atOrBefore(555_000)).isEqualTo(new CountHistory.Sample(550_000, 550));
        assertThat(h.atOrBefore(600_000)).isEqualTo(new CountHistory.Sample(600_000, 600));
        assertThat(h.atOrBefore(-1)).isNull();
    }

    @Test
    void aSampleAtTheSameInstantReplacesTheLatestAndAnOlderOneIsIgnored() {
        // given
        CountHistory h = new CountHistory();
        h.record(1000, 1);
        h.record(2000, 2);

        // when
        h.record(2000, 5);
        h.record(1500, 9);

        // then
        assertThat(h.latest()).isEqualTo(new CountHistory.Sample(2000, 5));
        assertThat(h.atOrBefore(1999)).isEqualTo(new CountHistory.Sample(1000, 1));
    }
}
