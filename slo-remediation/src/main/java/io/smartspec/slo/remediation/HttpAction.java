package io.smartspec.slo.remediation;

import io.smartspec.slo.Secret;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Makes an HTTP call: a Kubernetes API scale or rollout restart, a feature-flag switch. Header values
 * and the body are {@link Secret}s (a bearer token), redacted from what is recorded; the URL is shown
 * without credentials or query values. A 2xx answer is success. Redirects are not followed.
 *
 * <pre>{@code
 * HttpAction.to("PATCH", URI.create("https://k8s.example/apis/apps/v1/namespaces/shop/deployments/checkout"))
 *         .header("Authorization", Secret.of("Bearer " + token, "env K8S_TOKEN"))
 *         .header("Content-Type", Secret.of("application/strategic-merge-patch+json"))
 *         .body("{\"spec\":{\"replicas\":6}}");
 * }</pre>
 *
 * @since 0.1.0
 */
public final class HttpAction implements RemediationAction {

    /** The methods accepted. */
    public static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();

    private final String method;
    private final URI url;
    private final Map<String, Secret> headers;
    private final Optional<Secret> body;

    private HttpAction(String method, URI url, Map<String, Secret> headers, Optional<Secret> body) {
        String m = Objects.requireNonNull(method, "method").trim().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(m)) {
            throw new IllegalArgumentException("method must be one of " + METHODS + ", but was " + method);
        }
        Objects.requireNonNull(url, "url");
        if (url.getScheme() == null || !url.getScheme().toLowerCase(Locale.ROOT).startsWith("http")
                || url.getHost() == null) {
            throw new IllegalArgumentException("url must be an http(s) URL, but was " + Secret.redactUrl(url.toString()));
        }
        this.method = m;
        this.url = url;
        this.headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        this.body = body;
    }

    public static HttpAction to(String method, URI url) {
        return new HttpAction(method, url, Map.of(), Optional.empty());
    }

    public HttpAction header(String name, Secret value) {
        Map<String, Secret> h = new LinkedHashMap<>(headers);
        h.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new HttpAction(method, url, h, body);
    }

    public HttpAction body(Secret body) {
        return new HttpAction(method, url, headers, Optional.of(body));
    }

    public HttpAction body(String body) {
        return body(Secret.of(body, "the body"));
    }

    @Override
    public ActionResult run(ActionRequest request) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(request.timeout())
                .method(method, body.map(s -> HttpRequest.BodyPublishers.ofString(s.reveal()))
                        .orElse(HttpRequest.BodyPublishers.noBody()));
        headers.forEach((k, v) -> b.header(k, v.reveal()));
        b.header("X-Slo-Key", request.event().dedupKey());
        HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return ActionResult.http(r.statusCode(), r.body());
    }

    @Override
    public String describe() {
        return "http " + method + " " + Secret.redactUrl(url.toString())
                + (headers.isEmpty() ? "" : " with headers " + String.join(", ", headers.keySet()));
    }

    @Override
    public List<Secret> secrets() {
        List<Secret> all = new ArrayList<>(headers.values());
        body.ifPresent(all::add);
        return all;
    }

    @Override
    public String toString() {
        return "HttpAction[" + describe() + "]";
    }
}
