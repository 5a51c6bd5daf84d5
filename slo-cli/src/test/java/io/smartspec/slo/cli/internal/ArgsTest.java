package io.smartspec.slo.cli.internal;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArgsTest {

    private static final Set<String> VALUED = Set.of("spec", "config", "interval");
    private static final Set<String> FLAGS = Set.of("daemon", "run-once");

    @Test
    void readsValuesInBothFormsAndFlags() {
        Args args = Args.parse(List.of("--spec", "a.md", "--config=o.yaml", "--daemon"), VALUED, FLAGS);

        assertThat(args.value("spec")).contains("a.md");
        assertThat(args.value("config")).contains("o.yaml");
        assertThat(args.has("daemon")).isTrue();
        assertThat(args.has("run-once")).isFalse();
    }

    @Test
    void anUnknownOptionSuggestsTheNearestKnownOne() {
        assertThatThrownBy(() -> Args.parse(List.of("--intreval", "5"), VALUED, FLAGS))
                .isInstanceOf(Args.UsageException.class)
                .hasMessage("unknown option '--intreval'; did you mean '--interval'?");
    }

    @Test
    void aValuedOptionWithoutItsValueIsAUsageError() {
        assertThatThrownBy(() -> Args.parse(List.of("--spec", "--daemon"), VALUED, FLAGS))
                .hasMessage("option --spec needs a value");
    }

    @Test
    void aFlagWithAValueAndAStrayArgumentAreUsageErrors() {
        assertThatThrownBy(() -> Args.parse(List.of("--daemon=yes"), VALUED, FLAGS))
                .hasMessage("option --daemon takes no value");
        assertThatThrownBy(() -> Args.parse(List.of("spec.md"), VALUED, FLAGS))
                .hasMessage("unexpected argument 'spec.md'");
    }

    @Test
    void anOptionGivenTwiceIsAUsageError() {
        assertThatThrownBy(() -> Args.parse(List.of("--spec", "a", "--spec", "b"), VALUED, FLAGS))
                .hasMessage("option --spec given twice");
    }
}
