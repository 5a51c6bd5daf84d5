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
import io.smartspec.slo.history.SloHistory;
import io.smartspec.slo.incident.store.IncidentQuery;
import io.smartspec.slo.incident.store.IncidentStore;
import io.smartspec.slo.incident.store.Incidents;
import io.smartspec.slo.remediation.Guardrails;
import io.smartspec.slo.remediation.Remediation;
import io.smartspec.slo.remediation.RemediationAction;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;

/**
 * The checkout demo: a real HTTP service with an embedded SLO monitor that heals itself. Load runs for
 * the whole duration (default 30s); a third of the way in a bad deploy adds 300 ms and fails 20% of the
 * requests. The monitor sees MET, then BREACHED; once the breach has held for 3 s, the remediation calls
 * the service's {@code POST /admin/rollback} (an HTTP action, with guardrails), and the monitor sees the
 * recovery. The breach and the recovery arrive at the incident receiver as webhook posts; the incident,
 * its deliveries and the remediation's run and outcome are recorded in an incident journal, every round
 * in a history, and the demo ends with the post-mortem draft of the incident the action healed.
 * {@code --no-heal} runs no action: the bad deploy is rolled back by a timer at 60% instead.
 *
 * <pre>
 * java -jar examples/target/checkout-demo.jar [--duration 30s] [--interval 2s] [--no-heal]
 * </pre>
 */
public final class CheckoutDemo {

    private CheckoutDemo() {
    }

    static final String USAGE = "usage: java -jar checkout-demo.jar [--duration 30s] [--interval 2s] [--no-heal]";

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
        Path dir = Files.createTempDirectory("checkout-demo");
        RunSummary summary = run(options, dir, System.out);
        System.out.print(summary.render());
    }

    /** The demo's command line: {@code --duration} and {@code --interval}, each a window such as {@code 30s}; {@code --no-heal}. */
    record Options(Duration duration, Duration interval, boolean heal) {

        /** @throws IllegalArgumentException naming the bad option, its value and what is accepted */
        static Options parse(String... args) {
            Duration duration = Duration.ofSeconds(30);
            Duration interval = Duration.ofSeconds(2);
            boolean heal = true;
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (option.equals("--no-heal")) {
                    heal = false;
                    continue;
                }
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
            return new Options(duration, interval, heal);
        }
    }

    /** Runs the demo with self-healing and returns what the monitor saw. */
    public static RunSummary run(Duration duration, Duration interval, PrintStream out) throws IOException,
            InterruptedException {
        return run(new Options(duration, interval, true), Files.createTempDirectory("checkout-demo"), out);
    }

    /**
     * Runs the demo, keeping its outbox, incidents ({@code dir/incidents}, a journal) and history
     * ({@code dir/history}) in {@code dir}, and returns what the monitor saw.
     */
    static RunSummary run(Options options, Path dir, PrintStream out) throws IOException, InterruptedException {
        Duration duration = options.duration();
        MeterRegistry registry = new SimpleMeterRegistry();
        LoadedSpec spec = CheckoutSpec.load();
        registry.config().meterFilter(SloMeterFilter.of(spec.slos()));
        registry.config().meterFilter(shortPercentileWindow(CheckoutService.TIMER, Duration.ofSeconds(6)));
        Path outbox = Files.createDirectories(dir.resolve("outbox"));
        SloHistory history = SloHistory.in(dir.resolve("history"));
        RunSummary summary = new RunSummary();
        try (IncidentReceiver receiver = IncidentReceiver.start(out);
             CheckoutService service = CheckoutService.start(registry, 0, message -> out.println("checkout-service <- " + message));
             LoadGenerator load = LoadGenerator.start(service.uri(), 4, Duration.ofMillis(10));
             Incidents records = Incidents.in(IncidentStore.embedded(dir.resolve("incidents"))).closeStoreOnClose().build();
             IncidentForwarder incidents = IncidentForwarder.withOutbox(outbox)
                     .forwardTo(Receiver.webhook(receiver.uri().toString()))
                     .recordDeliveriesTo(records)
                     .build();
             Remediation remediation = remediation(options.heal(), service, records, incidents)) {
            out.println("checkout service on " + service.uri() + ", incidents to " + receiver.uri());
            out.println("SLOs of " + CheckoutSpec.SPEC + ":");
            spec.slos().forEach(slo -> out.println("  " + slo));
            if (options.heal()) {
                out.println("self-healing: " + ACTION + " (POST " + service.rollbackUri() + ") for "
                        + "checkout_latency_p99 and checkout_error_rate once a breach held " + GUARDRAILS.after().toSeconds()
                        + " s; cooldown " + GUARDRAILS.cooldown().toSeconds() + " s, verified within "
                        + GUARDRAILS.verifyWithin().toSeconds() + " s");
            }
            warmUp(registry);
            Instant start = Instant.now();
            SloMonitor.Builder monitorBuilder = SloMonitor.builder()
                    .slos(spec.slos(), MicrometerSource.of(registry))
                    .interval(options.interval())
                    .listener(LoggingListener.create())
                    // recorded, then forwarded: each delivery attempt finds its incident
                    .listener(event -> {
                        try {
                            records.onEvent(event);
                        } finally {
                            incidents.onEvent(event); // forwarded even when the journal fails
                        }
                    })
                    .onRound(records::onRound)
                    .onRound(history::append)
                    .onRound(summary::record)
                    .onRound(round -> out.println(statusLine(start, round)))
                    .meterRegistry(registry);
            if (remediation != null) {
                monitorBuilder.listener(remediation::onEvent).onRound(remediation::onRound);
            }
            try (SloMonitor monitor = monitorBuilder.build().start()) {
                sleepUntil(start, duration.dividedBy(3));
                out.println("--- bad deploy: +300 ms per request, 20% of requests fail");
                service.faults().inject(Duration.ofMillis(300), 0.20);
                if (!options.heal()) {
                    sleepUntil(start, duration.multipliedBy(6).dividedBy(10));
                    out.println("--- rolled back");
                    service.faults().clear();
                }
                sleepUntil(start, duration);
            }
            if (remediation != null) {
                remediation.awaitIdle(GUARDRAILS.timeout().plusSeconds(5));
            }
            summary.requests(load.sent(), load.failed());
            incidents.flush(Duration.ofSeconds(5));
            summary.incidentsReceived(receiver.received().size());
            summary.rollbacks(service.rollbacks());
            summary.incidents(dir.resolve("incidents"), records.list(IncidentQuery.all()), history);
        }
        return summary;
    }

    // tag::demo-remediation[]
    /** The action that heals the bad deploy, and its guardrails: sized for a 30-second demo, not production. */
    static final String ACTION = "rollback-checkout";
    static final Guardrails GUARDRAILS = Guardrails.ofDefaults()
            .after(Duration.ofSeconds(3))          // the second breached round (a round every 2 s)
            .cooldown(Duration.ofMinutes(1))       // at most one rollback per demo
            .timeout(Duration.ofSeconds(5))
            .verifyWithin(Duration.ofSeconds(15)); // not recovered by then: escalated to P0

    /** A rollback through the service's admin endpoint for both SLOs a bad deploy breaks; null with --no-heal. */
    private static Remediation remediation(boolean heal, CheckoutService service, Incidents records,
                                           IncidentForwarder escalation) {
        if (!heal) {
            return null;
        }
        return Remediation.builder()
                .action(ACTION, RemediationAction.http("POST", service.rollbackUri()), GUARDRAILS)
                .forSlo("checkout_latency_p99", ACTION)
                .forSlo("checkout_error_rate", ACTION)
                .recordTo(records)          // every run, skip and outcome in the incident's timeline
                .escalateTo(escalation)     // not healed in time: the breach sent again at P0
                .build();
    }
    // end::demo-remediation[]

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
