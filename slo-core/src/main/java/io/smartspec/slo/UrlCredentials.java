package io.smartspec.slo;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * A URL split from the {@code user:password@} it may carry: {@code http://am:s3cret@host:9093} is sent
 * to {@code http://host:9093} with {@code Authorization: Basic ...}, since Java's HTTP client ignores a
 * URL's user info. {@link #toString()} shows the URL as {@link Secret#redactUrl} does.
 *
 * <pre>{@code
 * UrlCredentials u = UrlCredentials.of("http://am:s3cret@127.0.0.1:9093");
 * u.url();                 // http://127.0.0.1:9093
 * u.basicAuthorization();  // Optional[Secret[****, from url]]: "Basic YW06czNjcmV0"
 * }</pre>
 *
 * @param url      the URL without user info (its query is kept: it may hold a token, so print it with
 *                 {@link Secret#redactUrl})
 * @param username the user of {@code user:password@}, percent-decoded
 * @param password the password, percent-decoded (empty when the URL gives only a user)
 * @since 0.1.0
 */
public record UrlCredentials(String url, Optional<String> username, Optional<Secret> password) {

    public UrlCredentials {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    /**
     * Splits a URL; text that is not a URL is returned as it is, without credentials.
     */
    public static UrlCredentials of(String url) {
        Objects.requireNonNull(url, "url");
        String text = url.trim();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return new UrlCredentials(text, Optional.empty(), Optional.empty());
        }
        String info = uri.getRawUserInfo();
        if (info == null || uri.getRawAuthority() == null) {
            return new UrlCredentials(text, Optional.empty(), Optional.empty());
        }
        int colon = info.indexOf(':');
        String user = decode(colon < 0 ? info : info.substring(0, colon));
        String password = colon < 0 ? "" : decode(info.substring(colon + 1));
        String authority = uri.getRawAuthority().substring(info.length() + 1);
        String without = uri.getScheme() + "://" + authority + (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
        return new UrlCredentials(without, Optional.of(user), Optional.of(Secret.of(password, "url")));
    }

    /** Whether the URL carried {@code user[:password]@}. */
    public boolean hasCredentials() {
        return username.isPresent();
    }

    /** The {@code Authorization} header's value, {@code Basic base64(user:password)}, when the URL had credentials. */
    public Optional<Secret> basicAuthorization() {
        return username.map(u -> Secret.of("Basic " + Base64.getEncoder().encodeToString(
                (u + ":" + password.map(Secret::reveal).orElse("")).getBytes(StandardCharsets.UTF_8)), "url"));
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** The URL as {@link Secret#redactUrl} shows it; never a credential. */
    @Override
    public String toString() {
        return "UrlCredentials[" + Secret.redactUrl(url) + (username.isPresent() ? ", with user info" : "") + "]";
    }
}
