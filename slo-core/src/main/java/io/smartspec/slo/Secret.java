package io.smartspec.slo;

import java.util.Objects;

/**
 * A secret value (API key, token, routing key, a webhook URL that embeds a token). Its
 * {@link #toString()} never shows the value; only {@link #reveal()} does, at the point of use.
 *
 * @since 0.1.0
 */
public final class Secret {

    private final String value;
    private final String origin;

    private Secret(String value, String origin) {
        this.value = Objects.requireNonNull(value, "value");
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    /** A secret read from {@code origin} (e.g. {@code env DATADOG_API_KEY}), for messages. */
    public static Secret of(String value, String origin) {
        return new Secret(value, origin);
    }

    public static Secret of(String value) {
        return new Secret(value, "literal");
    }

    /** The value itself. Call only where it is sent, never to print or log it. */
    public String reveal() {
        return value;
    }

    /** Where the secret came from ({@code env DATADOG_API_KEY}); safe to print. */
    public String origin() {
        return origin;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** Removes every occurrence of this secret from a text (for messages built from responses). */
    public String redact(String text) {
        if (text == null || value.length() < 4) {
            return text;
        }
        return text.replace(value, "****");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** {@code Secret[****, from env DATADOG_API_KEY]} — never the value. */
    @Override
    public String toString() {
        return "Secret[****, from " + origin + "]";
    }
}
