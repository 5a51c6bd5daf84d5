package io.smartspec.slo;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A secret value (API key, token, routing key, a webhook URL that embeds a token). Its
 * {@link #toString()} never shows the value; only {@link #reveal()} does, at the point of use.
 *
 * @since 0.1.0
 */
public final class Secret {

    private static final Pattern SCHEME = Pattern.compile("^\\s*[A-Za-z][A-Za-z0-9+.-]*://");

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

    /**
     * A URL fit to print: {@code user:password@} becomes {@code ****@} and every query parameter's value
     * {@code ****} ({@code https://****@host/api?token=****}). Works on text that is not a valid URL too,
     * for messages that quote a bad one: everything before the last {@code @} ahead of the query is hidden
     * (a password may hold {@code /} or {@code @}).
     *
     * @since 0.1.0
     */
    public static String redactUrl(String url) {
        if (url == null) {
            return null;
        }
        Matcher scheme = SCHEME.matcher(url);
        int start = scheme.find() ? scheme.end() : 0;
        int end = url.length();
        for (char c : new char[] {'?', '#'}) {
            int i = url.indexOf(c, start);
            end = i < 0 ? end : Math.min(end, i);
        }
        int at = url.lastIndexOf('@', end - 1);
        String s = at < start ? url : url.substring(0, start) + "****" + url.substring(at);
        int q = s.indexOf('?');
        if (q < 0) {
            return s;
        }
        int hash = s.indexOf('#', q);
        String query = hash < 0 ? s.substring(q + 1) : s.substring(q + 1, hash);
        StringBuilder out = new StringBuilder(s.substring(0, q + 1));
        String[] params = query.split("&", -1);
        for (int i = 0; i < params.length; i++) {
            String p = params[i];
            int eq = p.indexOf('=');
            out.append(i == 0 ? "" : "&").append(p.isEmpty() ? "" : eq < 0 ? "****" : p.substring(0, eq + 1) + "****");
        }
        return out.append(hash < 0 ? "" : s.substring(hash)).toString();
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
