package io.smartspec.slo.config;

import io.smartspec.slo.Problem;

import java.util.List;
import java.util.ServiceLoader;

/**
 * Declares and checks a top-level section of {@code observability.yaml} that a module owns, e.g.
 * slo-remediation's {@code remediation:}. The module registers one in
 * {@code META-INF/services/io.smartspec.slo.config.SectionProvider}; {@link ObservabilityConfig#load}
 * finds it with {@link ServiceLoader} and has it check its section, so a bad key or value there is a
 * located problem when the file is read ({@code slo validate}), and the key is not an unknown key.
 * Without the module on the class path the key is unknown.
 *
 * @since 0.1.0
 */
public interface SectionProvider {

    /** The top-level key owned, e.g. {@code remediation}. */
    String key();

    /**
     * Checks the section (the value of {@link #key()}, read with {@link ConfigSection}'s getters, which
     * collect located problems) and returns every problem found.
     *
     * @param top the file's top level; the provider reads {@code top.section(key())}
     */
    List<Problem> check(ConfigSection top);

    /** Every section provider on the class path. */
    static List<SectionProvider> available() {
        return ServiceLoader.load(SectionProvider.class).stream().map(ServiceLoader.Provider::get).toList();
    }
}
