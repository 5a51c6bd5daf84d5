package io.smartspec.slo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The SLOs of one service or spec, under a name (the spec id). Immutable.
 *
 * <pre>{@code
 * SloSet slos = SloSet.named("checkout")
 *     .slo("p99-latency", s -> s.metric("api_latency_p99").below(Duration.ofMillis(200)).priority(P1))
 *     .slo("availability", s -> s.ratio(good("..."), total("...")).target(percent(99.9)).over(days(30)))
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public record SloSet(String name, List<Slo> slos) implements Iterable<Slo> {

    public SloSet {
        Objects.requireNonNull(name, "name");
        slos = List.copyOf(slos);
    }

    public static SloSet of(String name, List<Slo> slos) {
        return new SloSet(name, slos);
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    public Optional<Slo> find(String sloName) {
        return slos.stream().filter(s -> s.name().equals(sloName)).findFirst();
    }

    public int size() {
        return slos.size();
    }

    @Override
    public Iterator<Slo> iterator() {
        return slos.iterator();
    }

    /** Builds an {@link SloSet}; every problem of every SLO is reported at once by {@link #build()}. */
    public static final class Builder {
        private final String name;
        private final List<Slo.Builder> builders = new ArrayList<>();
        private final List<Slo> built = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        /** Adds an SLO defined by {@code definition}, e.g. {@code s -> s.metric("x").below(millis(200))}. */
        public Builder slo(String sloName, UnaryOperator<Slo.Builder> definition) {
            Slo.Builder b = Slo.named(sloName);
            definition.apply(b);
            builders.add(b);
            return this;
        }

        /** Adds an SLO built elsewhere. */
        public Builder slo(Slo slo) {
            built.add(slo);
            builders.add(null);
            return this;
        }

        /** @throws SloValidationException listing every problem of every SLO, and duplicate names */
        public SloSet build() {
            List<Problem> problems = new ArrayList<>();
            List<Slo> slos = new ArrayList<>();
            Iterator<Slo> prebuilt = built.iterator();
            for (Slo.Builder b : builders) {
                Slo slo = b == null ? prebuilt.next() : b.build(problems);
                if (slo != null) {
                    slos.add(slo);
                }
            }
            Set<String> seen = new HashSet<>();
            for (Slo slo : slos) {
                if (!seen.add(slo.name())) {
                    problems.add(Problem.error("slo '" + slo.name() + "': name: defined more than once in '"
                            + name + "'"));
                }
            }
            if (name == null || name.isBlank()) {
                problems.add(Problem.error("slo set: name: must not be empty"));
            }
            if (!problems.isEmpty()) {
                throw new SloValidationException(problems);
            }
            return new SloSet(name, slos);
        }
    }
}
