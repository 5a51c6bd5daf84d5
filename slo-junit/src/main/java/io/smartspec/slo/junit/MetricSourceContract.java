package io.smartspec.slo.junit;

import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.source.MetricSource;
import io.smartspec.slo.Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every {@link MetricSource} owes its users, as an abstract JUnit 5 test that each provider
 * subclasses in a few lines (after Micrometer's {@code MeterRegistryCompatibilityKit}). The subclass
 * gives the source and scripts its backend; the contract asks and checks:
 *
 * <ul>
 *   <li>a plain value is a {@link Measurement.Value} of that number;</li>
 *   <li>no data is {@link Measurement.NoData} with a reason; NaN and infinities are never a
 *       {@code Value}, always {@code NoData};</li>
 *   <li>a backend error is {@link Measurement.Failed} with a message, never an exception;</li>
 *   <li>event counts over a window (where supported) are the count;</li>
 *   <li>{@link MetricSource#supportsPastInstants()} never changes, and when it is {@code true} a
 *       query for a past instant gets the answer for that instant;</li>
 *   <li>{@link MetricSource#name()} is stable, short and lower case;</li>
 *   <li>no {@link #secrets() secret} appears in any reason, message or {@code toString()}, even
 *       when the backend echoes it;</li>
 *   <li>{@link MetricSource#close()} may be called twice.</li>
 * </ul>
 *
 * <pre>{@code
 * class PrometheusSourceContractTest extends MetricSourceContract {
 *     private final FakePrometheus prometheus = new FakePrometheus();       // started per test
 *
 *     protected MetricSource createSource() { return PrometheusSource.at(prometheus.url()).build(); }
 *     protected MetricQuery givenValue(double v) { prometheus.answer(vector(v)); return MetricQuery.value("m", "up", NOW); }
 *     protected MetricQuery givenNoData() { ... }
 *     protected MetricQuery givenError() { ... }
 * }
 * }</pre>
 *
 * <p>Each test creates at most one source (lazily, through {@link #source()}, so the subclass's own
 * {@code @BeforeEach} and field initialisers have run) and closes it afterwards. Each {@code given}
 * method scripts the backend for the next query and returns the query to ask.
 *
 * @since 0.1.0
 */
public abstract class MetricSourceContract {

    /** The instant of the contract's queries, unless a method says otherwise. */
    protected static final Instant NOW = Instant.parse("2026-11-22T10:15:30Z");

    /** The past instant of {@link #givenValueOnlyAt}: one day before {@link #NOW}. */
    protected static final Instant PAST = NOW.minus(Duration.ofDays(1));

    private MetricSource source;
    private final List<String> messages = new ArrayList<>();

    /** A new source over the backend, configured with every one of {@link #secrets()}. */
    protected abstract MetricSource createSource();

    /**
     * Makes the backend answer {@code value} for the returned query, as it would for that number:
     * the contract also passes {@code NaN} and both infinities, which a backend sends as it does
     * (Prometheus {@code "NaN"}/{@code "+Inf"}, a Micrometer gauge of that value, ...).
     */
    protected abstract MetricQuery givenValue(double value);

    /** Makes the backend have nothing for the returned query (no series, no meter, no points). */
    protected abstract MetricQuery givenNoData();

    /**
     * Makes the backend fail the returned query (an HTTP error, a bad query). Where the backend can
     * say anything, its error should echo the {@link #secrets()}, as a misconfigured proxy does.
     */
    protected abstract MetricQuery givenError();

    /**
     * Makes the backend count {@code count} events over {@code window} for the returned
     * {@link MetricQuery.Kind#EVENTS} query; empty (the default) where the source cannot count events.
     */
    protected Optional<MetricQuery> givenEvents(long count, Duration window) {
        return Optional.empty();
    }

    /**
     * Makes the backend answer {@code value} for the returned query asked at {@code past}, and nothing
     * (or something else) at any other instant. Called only when the source
     * {@link MetricSource#supportsPastInstants() supports past instants}; such sources must override it.
     */
    protected MetricQuery givenValueOnlyAt(double value, Instant past) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " says supportsPastInstants() "
                + "but does not override givenValueOnlyAt(value, past) to script the backend for it");
    }

    /** The credentials {@link #createSource()} configures; none of them may ever appear in a message. */
    protected List<Secret> secrets() {
        return List.of();
    }

    /** The source under test: created on first use, closed after the test. */
    protected final MetricSource source() {
        if (source == null) {
            source = createSource();
            assertThat(source).as("createSource()").isNotNull();
        }
        return source;
    }

    /** Asks the source, keeping what it said for the secrets check. */
    protected final Measurement ask(MetricQuery query) {
        Measurement[] answer = new Measurement[1];
        assertThatCode(() -> answer[0] = source().query(query))
                .as("%s.query(%s) must answer, not throw", source().name(), query)
                .doesNotThrowAnyException();
        Measurement m = answer[0];
        assertThat(m).as("%s.query(%s)", source().name(), query).isNotNull();
        if (m instanceof Measurement.NoData n) {
            messages.add(n.reason());
        } else if (m instanceof Measurement.Failed f) {
            messages.add(f.message());
        }
        return m;
    }

    @AfterEach
    final void closeSourceAndCheckItsMessagesForSecrets() {
        if (source == null) {
            return;
        }
        messages.add(String.valueOf(source));
        try {
            source.close();
        } finally {
            assertNoSecretIn(messages);
        }
    }

    private void assertNoSecretIn(List<String> texts) {
        for (Secret secret : secrets()) {
            for (String text : texts) {
                assertThat(text).as("a message of %s (must never show the secret from %s)", source.name(),
                        secret.origin()).doesNotContain(secret.reveal());
            }
        }
    }

    // ---------------------------------------------------------------- values

    @Test
    void aPlainValueIsAValueOfThatNumber() {
        // given
        MetricQuery query = givenValue(42.5);
        // when
        Measurement m = ask(query);
        // then
        assertThat(m).isInstanceOf(Measurement.Value.class);
        assertThat(((Measurement.Value) m).quantity().value()).isEqualTo(42.5);
    }

    @Test
    void zeroIsAValueNotNoData() {
        // given
        MetricQuery query = givenValue(0);
        // when
        Measurement m = ask(query);
        // then
        assertThat(m).isInstanceOf(Measurement.Value.class);
        assertThat(((Measurement.Value) m).quantity().value()).isZero();
    }

    @Test
    void aValueThatIsNotFiniteIsNoDataNeverAValue() {
        for (double notFinite : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            // given
            MetricQuery query = givenValue(notFinite);
            // when
            Measurement m = ask(query);
            // then
            assertThat(m).as("the answer to a backend value of %s", notFinite).isInstanceOf(Measurement.NoData.class);
            assertThat(((Measurement.NoData) m).reason()).isNotBlank();
        }
    }

    @Test
    void nothingInTheBackendIsNoDataWithAReason() {
        // given
        MetricQuery query = givenNoData();
        // when
        Measurement m = ask(query);
        // then
        assertThat(m).isInstanceOf(Measurement.NoData.class);
        assertThat(((Measurement.NoData) m).reason()).isNotBlank();
    }

    // ---------------------------------------------------------------- failures and secrets

    @Test
    void aBackendErrorIsFailedWithAMessageNotAnException() {
        // given
        MetricQuery query = givenError();
        // when
        Measurement m = ask(query);
        // then
        assertThat(m).isInstanceOf(Measurement.Failed.class);
        assertThat(((Measurement.Failed) m).message()).isNotBlank();
    }

    @Test
    void noSecretAppearsInAnyMessageOrInToString() {
        // given every answer that carries a text
        List<String> texts = new ArrayList<>();
        // when
        for (MetricQuery query : List.of(givenError(), givenNoData(), givenValue(Double.NaN))) {
            Measurement m = ask(query);
            if (m instanceof Measurement.Failed f) {
                texts.add(f.message());
            } else if (m instanceof Measurement.NoData n) {
                texts.add(n.reason());
            }
        }
        texts.add(source().toString());
        // then
        assertThat(texts).isNotEmpty();
        assertNoSecretIn(texts);
    }

    // ---------------------------------------------------------------- events and instants

    @Test
    void eventsOverAWindowAreTheirCount() {
        // given
        Optional<MetricQuery> query = givenEvents(1234, Duration.ofHours(1));
        assumeTrue(query.isPresent(), "the source does not count events over a window");
        assertThat(query.get().kind()).isEqualTo(MetricQuery.Kind.EVENTS);
        // when
        Measurement m = ask(query.get());
        // then
        assertThat(m).isInstanceOf(Measurement.Value.class);
        assertThat(((Measurement.Value) m).quantity().value()).isEqualTo(1234);
    }

    @Test
    void supportForPastInstantsNeverChanges() {
        // given
        boolean first = source().supportsPastInstants();
        // when
        boolean again = source().supportsPastInstants();
        MetricSource other = createSource();
        boolean ofAnother;
        try {
            ofAnother = other.supportsPastInstants();
        } finally {
            other.close();
        }
        // then
        assertThat(again).isEqualTo(first);
        assertThat(ofAnother).isEqualTo(first);
    }

    @Test
    void aSourceThatSupportsPastInstantsAnswersForTheInstantAsked() {
        assumeTrue(source().supportsPastInstants(), "the source answers for now only");
        // given
        MetricQuery query = givenValueOnlyAt(7.25, PAST);
        assertThat(query.at()).isEqualTo(PAST);
        // when
        Measurement m = ask(query);
        // then
        assertThat(m).isInstanceOf(Measurement.Value.class);
        assertThat(((Measurement.Value) m).quantity().value()).isEqualTo(7.25);
    }

    // ---------------------------------------------------------------- name and lifecycle

    @Test
    void theNameIsStableShortAndLowerCase() {
        // given
        String name = source().name();
        // when
        MetricSource other = createSource();
        String ofAnother;
        try {
            ofAnother = other.name();
        } finally {
            other.close();
        }
        // then
        assertThat(name).matches("[a-z][a-z0-9_.-]*");
        assertThat(source().name()).isEqualTo(name);
        assertThat(ofAnother).isEqualTo(name);
    }

    @Test
    void closingTwiceIsHarmless() {
        // given
        MetricSource other = createSource();
        // when / then
        assertThatCode(() -> {
            other.close();
            other.close();
        }).doesNotThrowAnyException();
    }
}
