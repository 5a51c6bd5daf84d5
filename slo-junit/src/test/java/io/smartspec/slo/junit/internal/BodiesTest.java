package io.smartspec.slo.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class BodiesTest {

    static class Fixture {
        final List<String> calls = new ArrayList<>();

        void noArguments() {
            calls.add("called");
        }

        String withArguments(int times, String word) {
            for (int i = 0; i < times; i++) {
                calls.add(word);
            }
            return word;
        }

        void throwsChecked() throws IOException {
            throw new IOException("disk full");
        }
    }

    @Test
    void aPackagePrivateTestMethodBecomesADirectLambdaBoundToItsInstance() throws Throwable {
        // given
        Fixture fixture = new Fixture();
        Method method = Fixture.class.getDeclaredMethod("noArguments");

        // when
        MeasuredRunner.Body body = Bodies.of(method, fixture, new Object[0]);
        body.run();
        body.run();

        // then
        assertThat(fixture.calls).containsExactly("called", "called");
        assertThat(body.getClass().getName()).contains("$$Lambda");
    }

    @Test
    void resolvedArgumentsArePassedToEveryCallAndAResultIsIgnored() throws Throwable {
        // given
        Fixture fixture = new Fixture();
        Method method = Fixture.class.getDeclaredMethod("withArguments", int.class, String.class);

        // when
        MeasuredRunner.Body body = Bodies.of(method, fixture, new Object[] {2, "pay"});
        body.run();

        // then
        assertThat(fixture.calls).containsExactly("pay", "pay");
        assertThat(body.getClass().getName()).contains("$$Lambda");
    }

    @Test
    void whatTheMethodThrowsIsThrownUnwrapped() throws Throwable {
        // given
        MeasuredRunner.Body body = Bodies.of(Fixture.class.getDeclaredMethod("throwsChecked"), new Fixture(),
                new Object[0]);

        // then
        assertThatThrownBy(body::run).isInstanceOf(IOException.class).hasMessage("disk full");
    }
}
