package com.example;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.evaluation.Status;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CheckoutAppTest {

    @Test
    void theEmbeddedMonitorEvaluatesTheApplicationsMeters() {
        EvaluationRound round = CheckoutApp.serveAndMonitorOnce(new SimpleMeterRegistry());

        assertEquals(1, round.results().size(), round.toString());
        assertEquals(Status.MET, round.results().get(0).status(), round.toString());
    }
}
