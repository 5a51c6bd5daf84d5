package io.smartspec.slo.examples.readme;

import io.micrometer.core.instrument.MeterRegistry;
import io.smartspec.slo.Priority;
import io.smartspec.slo.incident.store.IncidentStore;
import io.smartspec.slo.incident.store.Incidents;
import io.smartspec.slo.micrometer.MicrometerSource;
import io.smartspec.slo.monitor.SloMonitor;
import io.smartspec.slo.remediation.ActionResult;
import io.smartspec.slo.remediation.Guardrails;
import io.smartspec.slo.remediation.Remediation;
import io.smartspec.slo.remediation.RemediationAction;
import io.smartspec.slo.spec.LoadedSpec;
import io.smartspec.slo.spec.SpecLoader;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** The README's "self-healing" snippet, compiled by the examples' build. */
public final class SelfHealingExample {

    private SelfHealingExample() {
    }

    /** Monitors the service's spec and heals its breaches, recording what it does in the incidents. */
    public static SloMonitor startSelfHealing(MeterRegistry registry, Path dir, URI rollback,
                                              Consumer<String> disableFlag) {
        LoadedSpec spec = SpecLoader.load(Path.of("specs/checkout/spec.md"), Path.of("specs/checkout/observability.yaml"));
        // tag::self-healing[]
        Incidents incidents = Incidents.in(IncidentStore.embedded(dir.resolve("incidents"))).build();
        Remediation remediation = Remediation.builder()     // or Remediation.fromConfig(spec.config()): its remediation:
                .action("rollback-checkout", RemediationAction.command(List.of("curl", "-fsS", "-X", "POST", rollback.toString())),
                        Guardrails.ofDefaults().after(Duration.ofMinutes(1)).cooldown(Duration.ofMinutes(15)))
                .action("disable-new-checkout", request -> {   // Java code
                    disableFlag.accept("new-checkout");
                    return ActionResult.ok("new-checkout disabled for " + request.event().dedupKey());
                }, Guardrails.ofDefaults().after(Duration.ZERO).timeout(Duration.ofSeconds(5)))
                .forSlo("checkout_error_rate", "rollback-checkout")
                .forPriority(Priority.P0, "disable-new-checkout")
                .recordTo(incidents)                             // every run, skip and outcome in the timeline
                .stateDirectory(dir.resolve("remediation"))      // cooldowns and rate limits survive restarts
                .build();
        SloMonitor monitor = SloMonitor.builder()
                .slos(spec.slos(), MicrometerSource.of(registry))
                .listener(incidents).onRound(incidents::onRound)
                .listener(remediation).onRound(remediation::onRound)
                .build()
                .start();
        // end::self-healing[]
        return monitor;
    }
}
