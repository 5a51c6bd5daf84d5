package io.smartspec.slo.prometheus;
import org.junit.jupiter.api.Test;
class DumpTest {
    @Test
    void dump() throws Exception {
        java.nio.file.Files.writeString(java.nio.file.Path.of("target/checkout-rules.yaml"),
            PrometheusRules.forSpec(Checkout.slos()).generate());
    }
}
