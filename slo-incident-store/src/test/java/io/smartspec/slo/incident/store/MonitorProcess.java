package io.smartspec.slo.incident.store;

import io.smartspec.slo.Priority;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.monitor.SloMonitor;
import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.source.MetricSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A monitor in a process of its own, for {@link TwoMonitorsIT}: the SLO {@code checkout/p99}
 * ({@code < 200 ms}) read every 100 ms from a file the test writes, recording incidents in the store
 * at {@code args[0]}, its state in {@code args[1]}. Runs until killed.
 */
public final class MonitorProcess {

    private MonitorProcess() {
    }

    public static void main(String[] args) throws Exception {
        IncidentStore store = IncidentStore.at(args[0]);
        Path state = Path.of(args[1]);
        Path value = Path.of(args[2]);
        Incidents incidents = Incidents.in(store).build();
        MetricSource source = new MetricSource() {
            @Override
            public String name() {
                return "file";
            }

            @Override
            public Measurement query(MetricQuery query) {
                try {
                    return Measurement.of(Quantity.millis(Double.parseDouble(Files.readString(value).trim())));
                } catch (Exception e) {
                    return Measurement.failed("cannot read " + value + ": " + e);
                }
            }
        };
        SloSet slos = SloSet.named("checkout").slo("p99", s -> s.metric("api_latency_p99", "latency")
                .below(Duration.ofMillis(200)).priority(Priority.P1)).build();
        SloMonitor monitor = SloMonitor.builder().slos(slos, source).interval(Duration.ofMillis(100))
                .stateDirectory(state).listener(incidents).onRound(incidents::onRound).build().start();
        System.out.println("started");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
        monitor.close();
    }
}
