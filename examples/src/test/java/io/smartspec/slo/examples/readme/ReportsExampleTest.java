package io.smartspec.slo.examples.readme;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartspec.slo.monitor.SloMonitor;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.micrometer.MicrometerSource;
import io.smartspec.slo.micrometer.SloMeterFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ReportsExampleTest {

    @TempDir
    Path dir;

    @Test
    void theMonitorOfTheReadmeRecordsItsRoundsAndTodaysReportIsOneWellFormedHtmlPageWithTheSlos() throws Exception {
        // given a loopback stand-in for the feedback aggregator
        HttpServer aggregator = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        aggregator.createContext("/", e -> {
            e.sendResponseHeaders(204, -1);
            e.close();
        });
        aggregator.start();
        SloSet slos = DslExample.checkoutSlos();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(SloMeterFilter.of(slos));
        Timer timer = Timer.builder("checkout.requests").tag("outcome", "SUCCESS").register(registry);
        URI feedback = URI.create("http://127.0.0.1:" + aggregator.getAddress().getPort() + "/reports");

        // when the monitor runs a few rounds
        try (SloMonitor monitor = ReportsExample.monitorWithReports(slos, MicrometerSource.of(registry),
                dir.resolve("history"), dir.resolve("reports"), feedback)) {
            for (int round = 0; round < 3; round++) {
                for (int i = 1; i <= 100; i++) {
                    timer.record(Duration.ofMillis(i));
                }
                monitor.runOnce();
            }
        } finally {
            aggregator.stop(0);
        }
        String html = ReportsExample.todaysHtmlReport(dir.resolve("history"), slos);

        // then
        DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        assertThat(html).contains("p99-latency", "availability", "fast-checkouts").contains("<svg");
    }
}
