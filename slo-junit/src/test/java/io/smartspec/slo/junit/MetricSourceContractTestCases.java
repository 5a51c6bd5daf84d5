package io.smartspec.slo.junit;

import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.source.MetricSource;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Secret;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Fixtures run by {@link MetricSourceContractTest} through the JUnit Platform, not by surefire. */
final class MetricSourceContractTestCases {

    private MetricSourceContractTestCases() {
    }

    static final Secret KEY = Secret.of("careless-key-9d2e41", "env CARELESS_KEY");

    /**
     * A source that breaks the contract in every way but values: NaN is a value, the reason of no data
     * shows the key, errors are thrown, its name changes and a second close() throws.
     */
    static final class CarelessSource implements MetricSource {
        private static final AtomicInteger INSTANCES = new AtomicInteger();
        private final int instance = INSTANCES.incrementAndGet();
        private boolean closed;

        @Override
        public String name() {
            return "Careless " + instance;
        }

        @Override
        public Measurement query(MetricQuery query) {
            return switch (query.query()) {
                case "nothing" -> Measurement.noData("no series for key " + KEY.reveal());
                case "error" -> throw new IllegalStateException("the backend answered 500");
                default -> new Measurement.Value(Quantity.number(Double.parseDouble(query.query())));
            };
        }

        @Override
        public void close() {
            if (closed) {
                throw new IllegalStateException("already closed");
            }
            closed = true;
        }
    }

    static class Careless extends MetricSourceContract {
        @Override
        protected MetricSource createSource() {
            return new CarelessSource();
        }

        @Override
        protected MetricQuery givenValue(double value) {
            return MetricQuery.value("m", Double.toString(value), NOW);
        }

        @Override
        protected MetricQuery givenNoData() {
            return MetricQuery.value("m", "nothing", NOW);
        }

        @Override
        protected MetricQuery givenError() {
            return MetricQuery.value("m", "error", NOW);
        }

        @Override
        protected List<Secret> secrets() {
            return List.of(KEY);
        }
    }
}
