package io.smartspec.slo.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.source.MetricSourceProvider;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.evaluation.SloEvaluator;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.Unit;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.smartspec.slo.Quantity.percent;
import static io.smartspec.slo.Slo.good;
import static io.smartspec.slo.Slo.total;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MicrometerSourceTest {

    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    private final Instant start = now();
    private final MicrometerSource source = MicrometerSource.builder(registry).countingSince(start).build();

    private Instant now() {
        return Instant.ofEpochMilli(clock.wallTime());
    }

    private Measurement value(String query) {
        return source.query(MetricQuery.value("m", query, now()));
    }

    private double events(String query, Duration window) {
        Measurement m = source.query(MetricQuery.events("m", query, window, now()));
        assertThat(m).isInstanceOf(Measurement.Value.class);
        return ((Measurement.Value) m).quantity().value();
    }

    private double fasterThan(String query, Duration threshold, Duration window) {
        Measurement m = source.query(MetricQuery.eventsFasterThan("m", query, Quantity.of(threshold), window, now()));
        assertThat(m).as(m.toString()).isInstanceOf(Measurement.Value.class);
        return ((Measurement.Value) m).quantity().value();
    }

    private static Quantity quantity(Measurement m) {
        assertThat(m).as(m.toString()).isInstanceOf(Measurement.Value.class);
        return ((Measurement.Value) m).quantity();
    }

    private static String message(Measurement m) {
        if (m instanceof Measurement.Failed f) {
            return f.message();
        }
        assertThat(m).isInstanceOf(Measurement.NoData.class);
        return ((Measurement.NoData) m).reason();
    }

    @Test
    void percentileOfAnSloMeterIsPreciseToThreeDigitsWhereMicrometersDefaultIsCoarse() {
        // given
        SloSet slos = SloSet.named("checkout")
                .slo("p99", s -> s.metric("latency", "checkout.latency p99").below(Duration.ofSeconds(2)))
                .build();
        registry.config().meterFilter(SloMeterFilter.of(slos));
        Timer slo = Timer.builder("checkout.latency").register(registry);
        Timer plain = Timer.builder("plain.latency").publishPercentiles(0.99).register(registry);
        for (int ms = 1; ms <= 1000; ms++) {
            slo.record(ms, TimeUnit.MILLISECONDS);
            plain.record(ms, TimeUnit.MILLISECONDS);
        }
        double exactP99 = 0.990; // the 990th of the samples 1..1000 ms

        // when
        Quantity measured = quantity(value("checkout.latency p99"));
        Quantity coarse = quantity(value("plain.latency p99"));

        // then
        assertThat(measured.unit()).isEqualTo(Unit.SECONDS);
        assertThat(measured.value()).isCloseTo(exactP99, within(exactP99 * 0.005));
        assertThat(Math.abs(coarse.value() - exactP99)).isGreaterThan(Math.abs(measured.value() - exactP99));
    }

    @Test
    void aPercentileTheTimerDoesNotPublishIsReportedWithTheReregistrationTrap() {
        // given: the timer was registered before the filter, then "registered again"
        Timer.builder("checkout.latency").register(registry).record(5, TimeUnit.MILLISECONDS);
        SloSet slos = SloSet.named("checkout")
                .slo("p99", s -> s.metric("latency", "checkout.latency p99").below(Duration.ofSeconds(2)))
                .build();
        registry.config().meterFilter(SloMeterFilter.of(slos));
        Timer.builder("checkout.latency").publishPercentiles(0.99).register(registry);

        // when
        Measurement m = value("checkout.latency p99");

        // then
        assertThat(m).isInstanceOf(Measurement.Failed.class);
        assertThat(message(m)).contains("does not publish p99", "no percentiles", "first registered",
                "SloMeterFilter");
    }

    @Test
    void aPercentileWithNoSamplesInItsWindowIsNoDataNotZero() {
        // given
        Timer t = Timer.builder("t").publishPercentiles(0.99).register(registry);
        t.record(100, TimeUnit.MILLISECONDS);

        // when: the percentile window (SimpleMeterRegistry: one step, 1 min) passes without samples
        clock.add(Duration.ofMinutes(5));
        Measurement m = value("t p99");

        // then
        assertThat(m).isInstanceOf(Measurement.NoData.class);
        assertThat(message(m)).contains("decay");
    }

    @Test
    void aTimerPercentileOfZeroIsAnEmptyWindowNotAFastService() {
        // given: a timer whose percentile window has emptied while its max (another window) still holds a
        // sample, as a Prometheus registry's timers can under load: p99 reads 0 with max 300 ms
        SimpleMeterRegistry emptied = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock) {
            @Override
            protected Timer newTimer(io.micrometer.core.instrument.Meter.Id id,
                                     io.micrometer.core.instrument.distribution.DistributionStatisticConfig config,
                                     io.micrometer.core.instrument.distribution.pause.PauseDetector pauseDetector) {
                return new io.micrometer.core.instrument.cumulative.CumulativeTimer(id, clock, config, pauseDetector,
                        TimeUnit.SECONDS, false) {
                    @Override
                    public io.micrometer.core.instrument.distribution.HistogramSnapshot takeSnapshot() {
                        var s = super.takeSnapshot();
                        return new io.micrometer.core.instrument.distribution.HistogramSnapshot(s.count(), s.total(),
                                s.max(), new io.micrometer.core.instrument.distribution.ValueAtPercentile[]{
                                new io.micrometer.core.instrument.distribution.ValueAtPercentile(0.99, 0)},
                                s.histogramCounts(), null);
                    }
                };
            }
        };
        Timer.builder("t").publishPercentiles(0.99).register(emptied).record(300, TimeUnit.MILLISECONDS);

        // when
        Measurement m = MicrometerSource.of(emptied).query(MetricQuery.value("p99", "t p99", Instant.now()));

        // then: no data, never "0 ms", which would read as MET and send a false recovery
        assertThat(m).isInstanceOf(Measurement.NoData.class);
        assertThat(message(m)).contains("recorded nothing within its percentile window");
    }

    @Test
    void requestsFasterThanTheThresholdAreCountedExactlyFromTheSloBoundary() {
        // given
        SloSet slos = SloSet.named("checkout")
                .slo("fast", s -> s.latency("latency", "http.server.requests{uri=/checkout}")
                        .fasterThan(Duration.ofMillis(200)).target(percent(99)).over(Duration.ofDays(30)))
                .build();
        registry.config().meterFilter(SloMeterFilter.of(slos));
        Timer checkout = Timer.builder("http.server.requests").tag("uri", "/checkout").register(registry);
        Timer other = Timer.builder("http.server.requests").tag("uri", "/other").register(registry);
        for (int ms = 1; ms <= 1000; ms++) {
            checkout.record(ms, TimeUnit.MILLISECONDS);
            other.record(1, TimeUnit.MILLISECONDS);
        }
        clock.add(Duration.ofHours(3)); // long after a default histogram would have rolled over

        // when
        double faster = fasterThan("http.server.requests{uri=/checkout}", Duration.ofMillis(200), Duration.ofDays(30));
        double all = events("http.server.requests{uri=/checkout}", Duration.ofDays(30));

        // then: 1..200 ms are at or under 200 ms
        assertThat(faster).isEqualTo(200);
        assertThat(all).isEqualTo(1000);
    }

    @Test
    void aThresholdWithoutAnSloBoundaryIsReportedNotEstimated() {
        // given
        Timer.builder("t").publishPercentiles(0.99).register(registry).record(5, TimeUnit.MILLISECONDS);

        // when
        Measurement m = source.query(MetricQuery.eventsFasterThan("m", "t", Quantity.millis(200),
                Duration.ofHours(1), now()));

        // then
        assertThat(message(m)).contains("has no SLO boundary at 200 ms", "serviceLevelObjectives");
    }

    @Test
    void aRollingOverHistogramIsDetectedBecauseBucketCountsMustNotBeMixedWithTheCumulativeCount() {
        // given: SLO boundaries set by hand, with Micrometer's default rolling window
        Timer t = Timer.builder("t").serviceLevelObjectives(Duration.ofMillis(200)).register(registry);
        t.record(100, TimeUnit.MILLISECONDS);
        fasterThan("t", Duration.ofMillis(200), Duration.ofHours(1));

        // when
        clock.add(Duration.ofMinutes(10));
        Measurement m = source.query(MetricQuery.eventsFasterThan("m", "t", Quantity.millis(200),
                Duration.ofHours(1), now()));

        // then
        assertThat(message(m)).contains("rolls over", "cumulative");
    }

    @Test
    void eventsOverAWindowAreTheIncreaseSinceTheSampleAtTheWindowsStart() {
        // given: 10 requests a minute for an hour, queried every minute as a monitor would
        Counter requests = Counter.builder("checkout.requests").register(registry);
        for (int minute = 0; minute < 60; minute++) {
            clock.add(Duration.ofMinutes(1));
            requests.increment(10);
            events("checkout.requests", Duration.ofMinutes(5));
        }

        // when
        double lastFive = events("checkout.requests", Duration.ofMinutes(5));
        double lastThirty = events("checkout.requests", Duration.ofMinutes(30));
        double sinceStart = events("checkout.requests", Duration.ofDays(30));

        // then
        assertThat(lastFive).isEqualTo(50);
        assertThat(lastThirty).isEqualTo(300);
        assertThat(sinceStart).isEqualTo(600);
    }

    @Test
    void aWindowThatReachesBeforeTheFirstSampleOfAnOldProcessIsNoDataUntilThereIsHistory() {
        // given: counts made long before the source was created
        MicrometerSource late = MicrometerSource.builder(registry).countingSince(start.minus(Duration.ofDays(1)))
                .build();
        Counter.builder("c").register(registry).increment(1000);

        // when
        Measurement first = late.query(MetricQuery.events("m", "c", Duration.ofMinutes(5), now()));

        // then
        assertThat(message(first)).contains("watched for less than 5m");
    }

    @Test
    void historyMemoryIsBoundedWhileLongWindowsStayAnswerable() {
        // given: 60 days of samples every 10 seconds
        Counter c = Counter.builder("c").register(registry);
        for (int i = 0; i < 60 * 24 * 360; i++) {
            c.increment();
            if (i % 6 == 0) {
                events("c", Duration.ofMinutes(5));
            }
            clock.add(Duration.ofSeconds(10));
        }

        // when
        double lastDay = events("c", Duration.ofDays(1));
        double lastThirtyDays = events("c", Duration.ofDays(30));

        // then: one event per 10 s; the window's start is found within the tier's spacing
        assertThat(lastDay).isCloseTo(8640, within(8640 * 0.01));
        assertThat(lastThirtyDays).isCloseTo(259_200, within(259_200 * 0.01));
        assertThat(source.trackedSeries()).isEqualTo(1);
    }

    @Test
    void errorRatioBetweenTagValuesIsSummedOverMatchingMetersAndWindowed() {
        // given
        Counter ok = Counter.builder("http.server.requests.count").tag("outcome", "SUCCESS").register(registry);
        Counter err = Counter.builder("http.server.requests.count").tag("outcome", "SERVER_ERROR").register(registry);
        Counter client = Counter.builder("http.server.requests.count").tag("outcome", "CLIENT_ERROR").register(registry);
        String query = "http.server.requests.count{outcome=SERVER_ERROR} / http.server.requests.count [5m]";
        ok.increment(1000);
        err.increment(500); // an old incident, outside the window
        value(query);
        clock.add(Duration.ofMinutes(10));
        value(query);

        // when
        ok.increment(96);
        err.increment(2);
        client.increment(2);
        Quantity ratio = quantity(value(query));

        // then
        assertThat(ratio.unit()).isEqualTo(Unit.FRACTION);
        assertThat(ratio.value()).isCloseTo(0.02, within(1e-12));
    }

    @Test
    void withSloMeterFilterAP99Of1To1000MsIsReadWithinAMillisecondWhereMicrometersDefaultPrecisionIsFarOff() {
        // given the same samples in a timer with Micrometer's default precision and one configured by the filter
        SloSet slos = SloSet.named("s").slo("p99", s -> s.metric("p99", "precise p99").below(Duration.ofMillis(990)))
                .build();
        registry.config().meterFilter(SloMeterFilter.of(slos));
        Timer coarse = Timer.builder("coarse").publishPercentiles(0.99).register(registry);
        Timer precise = Timer.builder("precise").register(registry);
        for (int ms = 1; ms <= 1000; ms++) {
            coarse.record(Duration.ofMillis(ms));
            precise.record(Duration.ofMillis(ms));
        }

        // when
        double coarseP99 = quantity(value("coarse p99")).to(Unit.MILLISECONDS).value();
        double preciseP99 = quantity(value("precise p99")).to(Unit.MILLISECONDS).value();

        // then: the exact p99 is 990 ms
        assertThat(coarseP99).isGreaterThan(1000);
        assertThat(preciseP99).isCloseTo(990, within(1.0));
    }

    @Test
    void anErrorRatioIsZeroWhileTheMeterHasNoErrorSeriesYetButUnknownWhenTheMeterDoesNotExist() {
        // given a healthy service: its timer has only outcome=SUCCESS series so far
        Counter ok = Counter.builder("http.server.requests.count").tag("outcome", "SUCCESS").register(registry);
        String errors = "http.server.requests.count{outcome=SERVER_ERROR} / http.server.requests.count [5m]";
        value(errors);
        clock.add(Duration.ofMinutes(1));
        ok.increment(100);

        // then
        assertThat(quantity(value(errors)).value()).isZero();

        // and when the first errors come, they are counted from that first round on
        clock.add(Duration.ofMinutes(1));
        Counter.builder("http.server.requests.count").tag("outcome", "SERVER_ERROR").register(registry).increment(5);
        ok.increment(95);
        assertThat(quantity(value(errors)).value()).isCloseTo(5.0 / 200, within(1e-12)); // 200 events in 5m
        assertThat(value("checkout.errors / http.server.requests.count [5m]"))
                .isInstanceOf(Measurement.NoData.class)
                .asString().contains("no meter named 'checkout.errors'");
    }

    @Test
    void meanMaxTotalGaugeAndRateReadTheRightStatistic() {
        // given
        DistributionSummary payload = DistributionSummary.builder("payload").baseUnit("bytes").register(registry);
        payload.record(100);
        payload.record(300);
        Timer t = Timer.builder("t").register(registry);
        t.record(100, TimeUnit.MILLISECONDS);
        t.record(300, TimeUnit.MILLISECONDS);
        AtomicInteger queue = registry.gauge("queue.size", new AtomicInteger(7));
        Counter requests = Counter.builder("requests").register(registry);
        value("requests rate");
        clock.add(Duration.ofMinutes(1));
        requests.increment(120);

        // then
        assertThat(quantity(value("t mean"))).isEqualTo(Quantity.seconds(0.2));
        assertThat(quantity(value("t max"))).isEqualTo(Quantity.seconds(0.3));
        assertThat(quantity(value("t total")).value()).isCloseTo(0.4, within(1e-12));
        assertThat(quantity(value("payload mean")).value()).isEqualTo(200);
        assertThat(quantity(value("queue.size"))).isEqualTo(Quantity.number(7));
        assertThat(quantity(value("requests rate"))).isEqualTo(Quantity.perSecond(2));
        assertThat(quantity(value("requests"))).isEqualTo(Quantity.number(120));
        assertThat(queue).hasValue(7);
    }

    @Test
    void unknownMetersAndStatisticsAndSyntaxErrorsSayWhatIsWrong() {
        // given
        Timer.builder("t").tag("uri", "/a").register(registry);
        Gauge.builder("g", () -> 1).register(registry);

        // then
        assertThat(message(value("nothing.here"))).contains("no meter named 'nothing.here'");
        assertThat(message(value("t{uri=/b} mean"))).contains("no meter 't' has tags", "t{uri=/a}");
        assertThat(message(value("t p42x"))).contains("column 3", "statistic 'p42x' is unknown", "p99");
        assertThat(message(value("t p999"))).contains("p99.9");
        assertThat(message(value("t{uri=/a"))).contains("expected ',' or '}'");
        assertThat(message(value("t{uri=/a}"))).contains("needs a statistic");
        assertThat(message(value("g p99"))).contains("gauge 'g' has no percentiles");
        assertThat(message(value("t{uri=/a} mean [5m]"))).contains("a window [..] applies to 'rate'");
        assertThatThrownBy(() -> MicrometerSource.validate("a / "))
                .hasMessageContaining("expected a meter name");
    }

    @Test
    void aLatencyRatioSloIsEvaluatedEndToEndFromExactBucketCounts() {
        // given
        SloSet slos = SloSet.named("checkout")
                .slo("fast", s -> s.latency("latency", "checkout.latency").fasterThan(Duration.ofMillis(100))
                        .target(percent(95)).over(Duration.ofDays(30)))
                .slo("errors", s -> s.ratio(good("checkout.ok"), total("checkout.all")).target(percent(99)))
                .build();
        registry.config().meterFilter(SloMeterFilter.of(slos));
        Timer latency = Timer.builder("checkout.latency").register(registry);
        for (int i = 0; i < 1000; i++) {
            latency.record(i < 970 ? 50 : 150, TimeUnit.MILLISECONDS);
        }
        registry.counter("checkout.ok").increment(980);
        registry.counter("checkout.all").increment(1000);

        // when
        EvaluationRound round = SloEvaluator.withDefaults().evaluate(slos, source, now());

        // then
        assertThat(round.result("fast").orElseThrow().observed()).contains(percent(97));
        assertThat(round.result("fast").orElseThrow().status()).isIn(Status.MET, Status.AT_RISK);
        assertThat(round.result("errors").orElseThrow().observed()).contains(percent(98));
        assertThat(round.result("errors").orElseThrow().status()).isEqualTo(Status.BREACHED);
    }

    @Test
    void aFilterForQueriesThatAreNotMicrometerSyntaxListsEveryProblem() {
        // given
        SloSet slos = SloSet.named("checkout")
                .slo("a", s -> s.metric("a", "histogram_quantile(0.99, rate(x[5m]))").below(Duration.ofSeconds(1)))
                .slo("b", s -> s.metric("b", "t p1000").below(Duration.ofSeconds(1)))
                .build();

        // then
        assertThatThrownBy(() -> SloMeterFilter.of(slos))
                .isInstanceOf(SloValidationException.class)
                .satisfies(e -> assertThat(((SloValidationException) e).problems()).hasSize(2))
                .hasMessageContaining("slo 'a' of 'checkout'")
                .hasMessageContaining("slo 'b' of 'checkout'");
    }

    @Test
    void theMicrometerProviderIsFoundByServiceLoader() {
        // when
        List<String> names = ServiceLoader.load(MetricSourceProvider.class).stream()
                .map(p -> p.get().name()).toList();
        MetricSourceProvider provider = ServiceLoader.load(MetricSourceProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("micrometer")).findFirst().orElseThrow();

        // then
        assertThat(names).contains("micrometer");
        assertThat(provider.create(ObservabilityConfig.of("micrometer", List.of()), Map.of()).name()).isEqualTo("micrometer");
    }
}
