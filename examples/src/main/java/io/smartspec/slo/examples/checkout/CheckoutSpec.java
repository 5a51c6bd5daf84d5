package io.smartspec.slo.examples.checkout;

import io.smartspec.slo.spec.LoadedSpec;
import io.smartspec.slo.spec.NfrTable;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.spec.SpecLoader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The checkout service's own {@code specs/checkout/spec.md} and {@code observability.yaml}, read from
 * the class path so the demo jar runs from any directory. (A service that ships its spec as files
 * would call {@code SpecLoader.load(Path, Path)}.)
 */
public final class CheckoutSpec {

    public static final String SPEC = "specs/checkout/spec.md";
    public static final String CONFIG = "specs/checkout/observability.yaml";

    private CheckoutSpec() {
    }

    public static LoadedSpec load() {
        return load(System.getenv());
    }

    public static LoadedSpec load(Map<String, String> env) {
        NfrTable nfrs = NfrTable.parse(SPEC, resource(SPEC));
        ObservabilityConfig config = ObservabilityConfig.parse(CONFIG, resource(CONFIG), env);
        return SpecLoader.bind(nfrs, config, "checkout");
    }

    private static String resource(String name) {
        try (InputStream in = CheckoutSpec.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
