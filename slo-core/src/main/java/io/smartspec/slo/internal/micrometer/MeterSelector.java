package io.smartspec.slo.internal.micrometer;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A meter name with tag conditions: {@code http.server.requests{uri=/checkout,outcome!=SUCCESS}}.
 *
 * @param name the meter's name (Micrometer's dotted name, before any naming convention)
 * @param tags the conditions on tags, all of which must hold
 */
public record MeterSelector(String name, List<TagCondition> tags) {

    public MeterSelector {
        Objects.requireNonNull(name, "name");
        tags = List.copyOf(tags);
    }

    /** {@code key=value} (the tag must have that value) or {@code key!=value} (it must not). */
    public record TagCondition(String key, String value, boolean negated) {
        public TagCondition {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }

        boolean matches(Meter.Id id) {
            String actual = id.getTag(key);
            return negated ? !value.equals(actual) : value.equals(actual);
        }

        @Override
        public String toString() {
            return key + (negated ? "!=" : "=") + value;
        }
    }

    public boolean matches(Meter.Id id) {
        if (!id.getName().equals(name)) {
            return false;
        }
        for (TagCondition t : tags) {
            if (!t.matches(id)) {
                return false;
            }
        }
        return true;
    }

    /** A readable form of a meter id for messages: {@code timer 'http.server.requests{uri=/a}'}. */
    public static String describe(Meter.Id id) {
        List<Tag> tags = id.getTags();
        return tags.isEmpty() ? id.getName() : id.getName() + tags.stream().map(t -> t.getKey() + "=" + t.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    @Override
    public String toString() {
        return tags.isEmpty() ? name : name + tags.stream().map(TagCondition::toString)
                .collect(Collectors.joining(",", "{", "}"));
    }
}
