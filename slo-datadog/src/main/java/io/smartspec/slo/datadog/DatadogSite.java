package io.smartspec.slo.datadog;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Datadog sites and the API host each one answers on. {@code site: datadoghq.eu} in
 * {@code observability.yaml} picks {@code https://api.datadoghq.eu}; {@code url:} overrides the
 * host (proxies, tests).
 *
 * @since 0.1.0
 */
public enum DatadogSite {
    US1("datadoghq.com"),
    US3("us3.datadoghq.com"),
    US5("us5.datadoghq.com"),
    EU1("datadoghq.eu"),
    AP1("ap1.datadoghq.com"),
    AP2("ap2.datadoghq.com"),
    US1_FED("ddog-gov.com");

    /** The site used when neither {@code site} nor {@code url} is configured. */
    public static final DatadogSite DEFAULT = US1;

    private final String domain;

    DatadogSite(String domain) {
        this.domain = domain;
    }

    /** The site's domain as written in {@code site:}, e.g. {@code datadoghq.eu}. */
    public String domain() {
        return domain;
    }

    /** The API's base URI, e.g. {@code https://api.datadoghq.eu}. */
    public URI apiUri() {
        return URI.create("https://api." + domain);
    }

    /** The sites accepted in {@code site:}, for error messages. */
    public static String accepted() {
        return Arrays.stream(values()).map(DatadogSite::domain).collect(Collectors.joining(", "));
    }

    /**
     * The site of a domain as users write it: {@code datadoghq.eu}, {@code us5.datadoghq.com}, also
     * with {@code app.} or {@code api.} in front or {@code https://} (copied from the browser).
     */
    public static Optional<DatadogSite> of(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.trim().toLowerCase(Locale.ROOT);
        s = s.replaceFirst("^https?://", "").replaceFirst("/+$", "").replaceFirst("^(app|api)\\.", "");
        for (DatadogSite site : values()) {
            if (site.domain.equals(s)) {
                return Optional.of(site);
            }
        }
        return Optional.empty();
    }
}
