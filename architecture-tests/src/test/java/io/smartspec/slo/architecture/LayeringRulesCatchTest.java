package io.smartspec.slo.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import io.smartspec.slo.evaluation.archfixture.WrongWayEvaluator;
import io.smartspec.slo.monitor.archfixture.FixtureMonitor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The layering rules fail on what they exist to catch: shown on two fixture classes that break them. */
class LayeringRulesCatchTest {

    private final JavaClasses cycle = new ClassFileImporter().importClasses(WrongWayEvaluator.class, FixtureMonitor.class);

    @Test
    void aCycleBetweenTwoStagesIsReportedWithBothSides() {
        EvaluationResult result = LayeringTest.noCyclesBetweenStages().evaluate(cycle);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString())
                .contains("Cycle detected: Slice evaluation")
                .contains("Slice monitor")
                .contains(WrongWayEvaluator.class.getName())
                .contains(FixtureMonitor.class.getName());
    }

    @Test
    void evaluationUsingTheMonitorIsAWrongWayDependency() {
        EvaluationResult result = LayeringTest.pipelineLayers().evaluate(cycle);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString())
                .contains("was violated")
                .contains(WrongWayEvaluator.class.getName() + ".rounds");
    }

    @Test
    void thePipelineLayersAcceptTheMonitorUsingEvaluation() {
        JavaClasses monitorOnly = new ClassFileImporter().importClasses(FixtureMonitor.class);

        assertThat(LayeringTest.pipelineLayers().evaluate(monitorOnly).hasViolation()).isFalse();
    }
}
