package io.smartspec.slo.postmortem;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One figure of a post-mortem: what the incident record or the history says, or that they do not say
 * it, and why. A draft never invents a figure.
 *
 * @param <T> the figure's type
 * @since 0.1.0
 */
public sealed interface Figure<T> permits Figure.Recorded, Figure.NotRecorded {

    /** A figure read (or computed) from what was recorded. */
    record Recorded<T>(T value) implements Figure<T> {
        public Recorded {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A figure that was not recorded; {@code why} is a sentence a reader of the draft understands. */
    record NotRecorded<T>(String why) implements Figure<T> {
        public NotRecorded {
            Objects.requireNonNull(why, "why");
        }
    }

    static <T> Figure<T> of(T value) {
        return new Recorded<>(value);
    }

    static <T> Figure<T> notRecorded(String why) {
        return new NotRecorded<>(why);
    }

    /** The value, when recorded. */
    default Optional<T> recorded() {
        return this instanceof Recorded<T> r ? Optional.of(r.value()) : Optional.empty();
    }

    default <R> Figure<R> map(Function<T, R> f) {
        return this instanceof Recorded<T> r ? new Recorded<>(f.apply(r.value()))
                : new NotRecorded<>(((NotRecorded<T>) this).why());
    }

    /** The value as {@code show} writes it, or {@code not recorded: why}. */
    default String text(Function<T, String> show) {
        return this instanceof Recorded<T> r ? show.apply(r.value()) : "not recorded: " + ((NotRecorded<T>) this).why();
    }
}
