package io.smartspec.slo.junit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.source.MetricSource;
import io.smartspec.slo.micrometer.MicrometerSource;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** The shared contract, for {@link MicrometerSource} over a {@link SimpleMeterRegistry}. */
class MicrometerSourceContractTest extends MetricSourceContract {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicInteger meters = new AtomicInteger();

    @Override
    protected MetricSource createSource() {
        // every event the meters hold lies within the contract's windows, which start before this
        return MicrometerSource.builder(registry).countingSince(NOW.minus(Duration.ofMinutes(1))).build();
    }

    @Override
    protected MetricQuery givenValue(double value) {
        String name = "contract.gauge." + meters.incrementAndGet();
        Gauge.builder(name, () -> value).register(registry);
        return MetricQuery.value("m", name, NOW);
    }

    @Override
    protected MetricQuery givenNoData() {
        return MetricQuery.value("m", "contract.never.registered", NOW);
    }

    @Override
    protected MetricQuery givenError() {
        // a query the source cannot read: the tag condition is never closed
        return MetricQuery.value("m", "http.server.requests{uri=/checkout", NOW);
    }

    @Override
    protected Optional<MetricQuery> givenEvents(long count, Duration window) {
        String name = "contract.events." + meters.incrementAndGet();
        registry.counter(name).increment(count);
        return Optional.of(MetricQuery.events("m", name, window, NOW));
    }
}
