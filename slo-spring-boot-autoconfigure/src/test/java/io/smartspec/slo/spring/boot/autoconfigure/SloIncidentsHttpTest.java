package io.smartspec.slo.spring.boot.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smartspec.slo.monitor.SloMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The incidents endpoint over real HTTP: paths, JSON bodies, 404 and 400 as a user's curl sees them. */
class SloIncidentsHttpTest {

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
    }

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void listAcknowledgeAndResolveOverHttp(@TempDir Path dir) throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.SERVLET)
                .properties("server.port=0", "server.address=127.0.0.1",
                        "smartspec.slo.spec=classpath:specs/checkout/spec.md", "smartspec.slo.breach-for=0s",
                        "smartspec.slo.interval=1h", "smartspec.slo.incidents.outbox-dir=" + dir.resolve("outbox"),
                        "smartspec.slo.incidents.store-dir=" + dir.resolve("incidents"),
                        "management.endpoints.web.exposure.include=health,slo,incidents")
                .run()) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            String base = "http://127.0.0.1:" + port + "/actuator/incidents";
            Timer timer = Timer.builder("checkout.requests").tag("outcome", "SUCCESS")
                    .register(context.getBean(MeterRegistry.class));
            for (int i = 0; i < 100; i++) {
                timer.record(Duration.ofMillis(400));
            }
            context.getBean(SloMonitor.class).runOnce();
            await().atMost(5, TimeUnit.SECONDS).until(() -> get(base + "?state=open").body().contains("checkout_latency_p99"));

            Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(get(base + "?state=open").body());
            assertThat(m.find()).isTrue();
            String id = m.group(1);
            assertThat(get(base + "/" + id).statusCode()).isEqualTo(200);
            assertThat(get(base + "/no-such-id").statusCode()).isEqualTo(404);
            assertThat(get(base + "?state=closed").statusCode()).isEqualTo(400);

            HttpResponse<String> acked = post(base + "/" + id + "/acknowledge", "{\"by\":\"ana\",\"reason\":\"looking\"}");
            assertThat(acked.statusCode()).isEqualTo(200);
            assertThat(acked.body()).contains("\"ACKNOWLEDGED\"").contains("ana");
            HttpResponse<String> again = post(base + "/" + id + "/acknowledge", "{\"by\":\"bo\"}");
            assertThat(again.statusCode()).isEqualTo(400);
            HttpResponse<String> resolved = post(base + "/" + id + "/resolve", "{\"by\":\"ana\",\"reason\":\"rolled back\"}");
            assertThat(resolved.statusCode()).isEqualTo(200);
            assertThat(get(base + "?state=resolved").body()).contains(id);
            assertThat(get(base + "?state=open").body()).doesNotContain(id);
            assertThat(post(base + "/no-such-id/resolve", "{\"by\":\"ana\"}").statusCode()).isEqualTo(404);
        }
    }

    private HttpResponse<String> get(String uri) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String uri, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
