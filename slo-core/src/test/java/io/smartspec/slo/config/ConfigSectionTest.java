package io.smartspec.slo.config;

import io.smartspec.slo.Priority;
import io.smartspec.slo.Problem;
import io.smartspec.slo.Secret;
import io.smartspec.slo.SloValidationException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The typed getters every owner of a key reads observability.yaml through, and their located problems. */
class ConfigSectionTest {

    private static ConfigSection section(String yaml, Map<String, String> env) {
        return ConfigSection.parse("observability.yaml", yaml, env);
    }

    private static List<String> problems(ConfigSection s) {
        return s.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void eachValueIsParsedOnceIntoItsType() {
        // given
        ConfigSection s = section("""
                timeout: 2500ms
                breach_for: 0s
                window: 30d
                max_attempts: 6
                alert: TRUE
                url: http://127.0.0.1:9090/prom
                priorities: [P0, p1]
                tags: a, b
                """, Map.of());

        // then
        assertThat(s.duration("timeout")).contains(Duration.ofMillis(2500));
        assertThat(s.durationOrZero("breach_for")).contains(Duration.ZERO);
        assertThat(s.window("window")).contains(Duration.ofDays(30));
        assertThat(s.integer("max_attempts", 1, 20)).contains(6);
        assertThat(s.bool("alert")).contains(true);
        assertThat(s.url("url")).contains(URI.create("http://127.0.0.1:9090/prom"));
        assertThat(s.priorities("priorities")).containsExactlyInAnyOrder(Priority.P0, Priority.P1);
        assertThat(s.strings("tags")).containsExactly("a", "b");
        assertThat(s.problems()).isEmpty();
    }

    @Test
    void aBadValueIsAProblemWithItsLineItsValueAndWhatIsAccepted() {
        // given
        ConfigSection s = section("""
                max_attempts: 50
                timeout: 10
                alert: sometimes
                url: localhost:9090
                breach_for: -2m
                """, Map.of());

        // when
        s.integer("max_attempts", 1, 20);
        s.duration("timeout");
        s.bool("alert");
        s.url("url");
        s.durationOrZero("breach_for");

        // then
        assertThat(problems(s)).containsExactly(
                "observability.yaml:1: max_attempts: '50' is not a whole number from 1 to 20",
                "observability.yaml:2: timeout: '10' is not a positive duration; expected a number with a unit: "
                        + "ms, s, m or h (e.g. 10s, 500ms)",
                "observability.yaml:3: alert: 'sometimes' is not accepted; expected true or false",
                "observability.yaml:4: url: 'localhost:9090' is not an http(s) URL; e.g. http://127.0.0.1:9090",
                "observability.yaml:5: breach_for: '-2m' is not a duration; expected a number with a unit: ms, s, "
                        + "m or h (e.g. 10s, 500ms)");
        assertThatThrownBy(s::throwIfInvalid).isInstanceOf(SloValidationException.class)
                .hasMessageStartingWith("5 problems found:");
    }

    @Test
    void aSecretKnowsWhereItCameFromAndIsNeverShown() {
        // given
        ConfigSection s = section("""
                api_key: "{{env.DD_API_KEY}}"
                bearer_token: "Bearer-{{env.TOKEN}}"
                app_key: literal-app-key-98765
                headers:
                  X-Scope-OrgID: "{{env.TENANT}}"
                """, Map.of("DD_API_KEY", "s3cr3t-api-key", "TOKEN", "tok-123456", "TENANT", "tenant-1"));

        // then
        assertThat(s.secret("api_key")).hasValueSatisfying(k -> {
            assertThat(k.reveal()).isEqualTo("s3cr3t-api-key");
            assertThat(k.origin()).isEqualTo("env DD_API_KEY");
        });
        assertThat(s.secret("bearer_token").map(Secret::origin)).contains("observability.yaml:2 with env TOKEN");
        assertThat(s.secret("app_key").map(Secret::origin)).contains("observability.yaml:3");
        assertThat(s.secrets("headers").get("X-Scope-OrgID").reveal()).isEqualTo("tenant-1");
        assertThat(s.secret("api_key").orElseThrow().toString()).doesNotContain("s3cr3t");
    }

    @Test
    void aDefaultIsUsedWhenTheVariableIsUnsetOrEmpty() {
        // given
        String yaml = "url: \"{{env.PROM_URL:-http://127.0.0.1:9090}}\"\n";

        // then
        assertThat(section(yaml, Map.of()).string("url")).contains("http://127.0.0.1:9090");
        assertThat(section(yaml, Map.of("PROM_URL", "")).string("url")).contains("http://127.0.0.1:9090");
        assertThat(section(yaml, Map.of("PROM_URL", "http://127.0.0.1:19090")).string("url"))
                .contains("http://127.0.0.1:19090");
    }

    @Test
    void anUnsetVariableIsAProblemNamingTheVariableNeverALiteral() {
        // given
        ConfigSection s = section("api_key: \"{{env.NOPE_KEY}}\"\n", Map.of());

        // when
        boolean read = s.secret("api_key").isPresent();

        // then
        assertThat(read).isFalse();
        assertThat(problems(s)).containsExactly("observability.yaml:1: api_key: environment variable NOPE_KEY is not "
                + "set (referenced as {{env.NOPE_KEY}}); set it or write {{env.NOPE_KEY:-default}}");
    }

    @Test
    void anUnknownKeyIsAProblemWithTheNearestKnownOne() {
        // given
        ConfigSection s = section("max_atempts: 3\ncolour: blue\n", Map.of());

        // when
        s.rejectUnknownKeys(ConfigSection.keys("max_attempts", "timeout"));

        // then
        assertThat(problems(s)).containsExactly(
                "observability.yaml:1: unknown key 'max_atempts'; did you mean 'max_attempts'?",
                "observability.yaml:2: unknown key 'colour'; accepted: max_attempts, timeout");
    }

    @Test
    void aNestedSectionNamesItsProblemsWithItsPath() {
        // given
        ConfigSection s = section("basic_auth:\n  username: u\n  pasword: p\n", Map.of());

        // when
        ConfigSection auth = s.section("basic_auth").orElseThrow();
        auth.require("password", "basic auth needs both username and password");
        auth.rejectUnknownKeys(Set.of("username", "password"));

        // then: the nested section's problems are its parent's too
        assertThat(problems(s)).containsExactly(
                "observability.yaml:2: basic_auth: password: missing; basic auth needs both username and password",
                "observability.yaml:3: basic_auth: unknown key 'pasword'; did you mean 'password'?");
    }

    @Test
    void aFreshSectionStartsWithoutTheProblemsOfAnotherReader() {
        // given
        ConfigSection s = section("max_attempts: many\n", Map.of());
        s.integer("max_attempts", 1, 20);

        // when
        ConfigSection fresh = s.fresh();

        // then
        assertThat(s.problems()).hasSize(1);
        assertThat(fresh.problems()).isEmpty();
    }

    @Test
    void yamlTagsAreRejectedWithTheirLine() {
        // when
        ConfigSection s = section("provider: !prometheus x\nblob: !!binary aGVsbG8=\n", Map.of());

        // then
        assertThat(problems(s)).containsExactly(
                "observability.yaml:1: provider: the YAML tag '!prometheus' is not accepted; write the plain value "
                        + "(e.g. provider: prometheus), without a tag",
                "observability.yaml:2: blob: the YAML tag '!!binary' is not accepted; write the plain value "
                        + "(e.g. provider: prometheus), without a tag");
    }
}
