package io.smartspec.slo.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering that ARCHITECTURE.md describes, checked over the compiled main classes of every
 * published module. A rule that breaks names the offending class, member and line.
 */
class LayeringTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.smartspec.slo");
    }

    /**
     * Each stage is a slice together with its implementation ({@code io.smartspec.slo.X},
     * {@code io.smartspec.slo.X.internal} and core's {@code io.smartspec.slo.internal.X}): a facade may call its
     * own implementation, which uses the facade's types, but no two stages may depend on each other in a circle.
     */
    static ArchRule noCyclesBetweenStages() {
        return slices().assignedFrom(STAGES).should().beFreeOfCycles();
    }

    static final SliceAssignment STAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String stage = stageOf(javaClass.getPackageName());
            return stage == null ? SliceIdentifier.ignore() : SliceIdentifier.of(stage);
        }

        @Override
        public String getDescription() {
            return "stages of io.smartspec.slo (a package with its internal implementation)";
        }
    };

    static String stageOf(String packageName) {
        if (!packageName.startsWith("io.smartspec.slo")) {
            return null;
        }
        String rest = packageName.equals("io.smartspec.slo") ? "" : packageName.substring("io.smartspec.slo.".length());
        if (rest.isEmpty()) {
            return "model";
        }
        String[] parts = rest.split("\\.");
        if (parts[0].equals("internal")) {
            return parts.length > 1 ? parts[1] : "internal";
        }
        return parts[0];
    }

    /**
     * The pipeline: model <- config <- source, spec <- evaluation <- monitor <- incidents (<- remediation), reports,
     * post-mortems, providers <- test support and the command line; file formats (OpenSLO) read and write specs, and
     * use no stage after evaluation. A package may use the layers to its left, never those to its right.
     */
    static ArchRule pipelineLayers() {
        return Architectures.layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("Model").definedBy("io.smartspec.slo")
                .layer("Config").definedBy("io.smartspec.slo.config..", "io.smartspec.slo.internal.config..")
                .layer("Source").definedBy("io.smartspec.slo.source..")
                .layer("Spec").definedBy("io.smartspec.slo.spec..", "io.smartspec.slo.internal.spec..")
                .layer("Evaluation").definedBy("io.smartspec.slo.evaluation..")
                .layer("Micrometer").definedBy("io.smartspec.slo.micrometer..", "io.smartspec.slo.internal.micrometer..")
                .layer("Monitor").definedBy("io.smartspec.slo.monitor..", "io.smartspec.slo.internal.monitor..")
                .layer("Incident").definedBy("io.smartspec.slo.incident", "io.smartspec.slo.incident.internal..")
                .layer("IncidentStore").definedBy("io.smartspec.slo.incident.store..", "io.smartspec.slo.incident.api..")
                .layer("Remediation").definedBy("io.smartspec.slo.remediation..")
                .layer("History").definedBy("io.smartspec.slo.history..")
                .layer("Report").definedBy("io.smartspec.slo.report..")
                .layer("PostMortem").definedBy("io.smartspec.slo.postmortem..")
                .layer("Providers").definedBy("io.smartspec.slo.prometheus..", "io.smartspec.slo.datadog..")
                .layer("Formats").definedBy("io.smartspec.slo.openslo..")
                .layer("TestSupport").definedBy("io.smartspec.slo.junit..")
                .layer("Cli").definedBy("io.smartspec.slo.cli..")
                .layer("Spring").definedBy("io.smartspec.slo.spring..")
                .whereLayer("Model").mayNotAccessAnyLayer()
                .whereLayer("Config").mayOnlyAccessLayers("Model")
                .whereLayer("Source").mayOnlyAccessLayers("Model", "Config")
                .whereLayer("Spec").mayOnlyAccessLayers("Model", "Config", "Source")
                .whereLayer("Evaluation").mayOnlyAccessLayers("Model", "Config", "Source")
                .whereLayer("Micrometer").mayOnlyAccessLayers("Model", "Config", "Source")
                .whereLayer("Monitor").mayOnlyAccessLayers("Model", "Config", "Source", "Spec", "Evaluation")
                .whereLayer("Incident").mayOnlyAccessLayers("Model", "Config", "Source", "Spec", "Evaluation", "Monitor")
                .whereLayer("IncidentStore").mayOnlyAccessLayers("Model", "Config", "Source", "Spec", "Evaluation",
                        "Monitor", "Incident")
                .whereLayer("Remediation").mayOnlyAccessLayers("Model", "Config", "Source", "Spec", "Evaluation",
                        "Monitor", "Incident", "IncidentStore")
                .whereLayer("History").mayOnlyAccessLayers("Model", "Config", "Source", "Spec", "Evaluation", "Monitor")
                .whereLayer("Report").mayOnlyAccessLayers("Model", "Config", "Source", "Spec", "Evaluation", "Monitor",
                        "History")
                .whereLayer("PostMortem").mayOnlyAccessLayers("Model", "Config", "Source", "Spec", "Evaluation",
                        "Monitor", "Incident", "IncidentStore", "History")
                .whereLayer("Providers").mayOnlyAccessLayers("Model", "Config", "Source", "Spec", "Evaluation",
                        "Monitor", "History", "Report")
                .whereLayer("Formats").mayOnlyAccessLayers("Model", "Config", "Source", "Spec", "Evaluation")
                .whereLayer("TestSupport").mayOnlyAccessLayers("Model", "Config", "Source", "Spec", "Evaluation",
                        "Micrometer", "Monitor")
                .whereLayer("Cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("Spring").mayNotBeAccessedByAnyLayer();
    }

    /** Classes outside {@code owner} must not use {@code owner.internal} (or core's {@code io.smartspec.slo.internal}). */
    static ArchRule internalStaysInside(String owner) {
        String internal = owner.equals("io.smartspec.slo") ? owner + ".internal.." : owner + ".internal..";
        var outside = owner.equals("io.smartspec.slo")
                ? noClasses().that().resideInAnyPackage("io.smartspec.slo.incident..", "io.smartspec.slo.remediation..",
                        "io.smartspec.slo.history..", "io.smartspec.slo.report..", "io.smartspec.slo.postmortem..",
                        "io.smartspec.slo.prometheus..", "io.smartspec.slo.datadog..", "io.smartspec.slo.openslo..",
                        "io.smartspec.slo.junit..", "io.smartspec.slo.cli..", "io.smartspec.slo.spring..")
                : noClasses().that().resideOutsideOfPackage(owner + "..");
        return outside.should().dependOnClassesThat().resideInAPackage(internal)
                .as("no module reaches into " + internal);
    }

    @Test
    void stagesHaveNoCycles() {
        noCyclesBetweenStages().check(classes);
    }

    @Test
    void dependenciesRunOneWayAlongThePipeline() {
        pipelineLayers().check(classes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"io.smartspec.slo", "io.smartspec.slo.incident", "io.smartspec.slo.remediation",
            "io.smartspec.slo.history", "io.smartspec.slo.report", "io.smartspec.slo.postmortem",
            "io.smartspec.slo.prometheus", "io.smartspec.slo.datadog", "io.smartspec.slo.openslo",
            "io.smartspec.slo.junit", "io.smartspec.slo.cli", "io.smartspec.slo.spring.boot"})
    void noModuleReachesIntoAnothersInternalPackage(String owner) {
        internalStaysInside(owner).check(classes);
    }
}
