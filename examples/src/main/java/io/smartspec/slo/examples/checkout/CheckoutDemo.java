package io.smartspec.slo.examples.checkout;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.spec.LoadedSpec;
import io.smartspec.slo.monitor.LoggingListener;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.monitor.SloMonitor;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.Windows;
import io.smartspec.slo.incident.IncidentForwarder;
import io.smartspec.slo.incident.Receiver;
import io.smartspec.slo.micrometer.MicrometerSource;
import io.smartspec.slo.micrometer.SloMeterFilter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;

/**
 * The checkout demo: a real HTTP service with an embedded SLO monitor. Load runs for the whole
 * duration (default 30s); a third of the way in a bad deploy adds 300 ms and fails 20% of the
 * requests; at 60% it is rolled back. The monitor sees MET, then BREACHED, then the recovery; the
 * breach and the recovery arrive at the incident receiver as webhook posts.
 *
 * <pre>
 * java -jar examples/target/checkout-demo.jar [--duration 30s] [--interval 2s]
 * </pre>
 */
public final class CheckoutDemo {

    private CheckoutDemo() {
    }

    static final String USAGE = "usage: java -jar checkout-demo.jar [--duration 30s] [--interval 2s]";

    public static void main(String[] args) throws Exception {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$-7s %5$s%6$s%n");
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            // a usage error: one line and exit 2, no stack trace
            System.err.println("checkout-demo: " + e.getMessage() + "; " + USAGE);
            System.exit(2);
            return;
        }
        RunSummary summary = run(options.duration(), options.interval(), System.out);
        System.out.print(summary.render());
    }

    /** The demo's command line: {@code --duration} and {@code --interval}, each a window such as {@code 30s}. */
    record Options(Duration duration, Duration interval) {

        /** @throws IllegalArgumentException naming the bad option, its value and what is accepted */
        static Options parse(String... args) {
            Duration duration = Duration.ofSeconds(30);
            Duration interval = Duration.ofSeconds(2);
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (!option.equals("--duration") && !option.equals("--interval")) {
                    throw new IllegalArgumentException("unknown option '" + option + "'");
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(option + " needs a value (e.g. 30s)");
                }
                Duration value;
                try {
                    value = Windows.parse(args[++i]);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(option + ": " + e.getMessage());
                }
                if (option.equals("--duration")) {
                    duration = value;
                } else {
                    interval = value;
                }
            }
            return new Options(duration, interval);
        }
    }

    /** Runs the demo and returns what the monitor saw. */
    public static RunSummary run(Duration duration, Duration interval, PrintStream out) throws IOException,
            InterruptedException {
        MeterRegistry registry = new SimpleMeterRegistry();
        LoadedSpec spec = CheckoutSpec.load();
        registry.config().meterFilter(SloMeterFilter.of(spec.slos()));
        registry.config().meterFilter(shortPercentileWindow(CheckoutService.TIMER, Duration.ofSeconds(6)));
        Path outbox = Files.createTempDirectory("checkout-demo-outbox");
        RunSummary summary = new RunSummary();
        try (IncidentReceiver receiver = IncidentReceiver.start(out);
             CheckoutService service = CheckoutService.start(registry, 0);
             LoadGenerator load = LoadGenerator.start(service.uri(), 4, Duration.ofMillis(10));
             IncidentForwarder incidents = IncidentForwarder.withOutbox(outbox)
                     .forwardTo(Receiver.webhook(receiver.uri().toString()))
                     .build()) {
            out.println("checkout service on " + service.uri() + ", incidents to " + receiver.uri());
            out.println("SLOs of " + CheckoutSpec.SPEC + ":");
            spec.slos().forEach(slo -> out.println("  " + slo));
            warmUp(registry);
            Instant start = Instant.now();
            try (SloMonitor monitor = SloMonitor.builder()
                    .slos(spec.slos(), MicrometerSource.of(registry))
                    .interval(interval)
                    .listener(LoggingListener.create())
                    .listener(incidents)
                    .onRound(summary::record)
                    .onRound(round -> out.println(statusLine(start, round)))
                    .meterRegistry(registry)
                    .build()
                    .start()) {
                sleepUntil(start, duration.dividedBy(3));
                out.println("--- bad deploy: +300 ms per request, 20% of requests fail");
                service.faults().inject(Duration.ofMillis(300), 0.20);
                sleepUntil(start, duration.multipliedBy(6).dividedBy(10));
                out.println("--- rolled back");
                service.faults().clear();
                sleepUntil(start, duration);
            }
            summary.requests(load.sent(), load.failed());
            incidents.flush(Duration.ofSeconds(5));
            summary.incidentsReceived(receiver.received().size());
        }
        return summary;
    }

    /**
     * Sends a few hundred requests before the clock starts, so the JVM's first, slow requests (class
     * loading, JIT) do not count against the SLOs, then forgets them.
     */
    private static void warmUp(MeterRegistry registry) throws InterruptedException {
        Thread.sleep(3000);
        registry.getMeters().stream().filter(m -> m.getId().getName().equals(CheckoutService.TIMER))
                .forEach(registry::remove);
    }

    /** Percentiles over the last {@code window} only, so the demo's p99 recovers within seconds. */
    public static MeterFilter shortPercentileWindow(String timer, Duration window) {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals(timer)) {
                    return config;
                }
                return DistributionStatisticConfig.builder().expiry(window).bufferLength(2).build().merge(config);
            }
        };
    }

    static String statusLine(Instant start, EvaluationRound round) {
        long t = Duration.between(start, round.evaluatedAt()).toSeconds();
        return String.format("t+%02ds  %s", t, round.results().stream()
                .map(CheckoutDemo::cell).collect(Collectors.joining("  |  ")));
    }

    private static String cell(SloResult r) {
        String value = r.observed().map(Quantity::toString).orElse("-");
        return r.name() + " " + r.status() + " " + value;
    }

    private static void sleepUntil(Instant start, Duration offset) throws InterruptedException {
        long millis = Duration.between(Instant.now(), start.plus(offset)).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
