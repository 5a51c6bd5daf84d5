package io.smartspec.slo.config;

import io.smartspec.slo.Problem;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Declares and checks the keys of {@code incident_response:} receivers of some types. The module that
 * forwards incidents (slo-incident) registers one in
 * {@code META-INF/services/io.smartspec.slo.config.ReceiverProvider}; {@link ObservabilityConfig#load}
 * finds it with {@link ServiceLoader}, so a receiver's unknown key or bad value is a located problem
 * when the file is read.
 *
 * @since 0.1.0
 */
public interface ReceiverProvider {

    /** The {@code type:} values served, e.g. {@code alertmanager}, {@code pagerduty}. */
    Set<String> types();

    /** The keys a receiver of {@code type} takes, besides {@code type} and {@code priorities}. */
    Set<String> keys(String type);

    /**
     * Checks a receiver's keys and values.
     *
     * @return every problem, located at the key ({@link ConfigSection#error(String, String)})
     */
    List<Problem> check(ReceiverConfig receiver);

    /** The provider of {@code type} on the class path. */
    static Optional<ReceiverProvider> find(String type) {
        for (ReceiverProvider p : ServiceLoader.load(ReceiverProvider.class)) {
            if (p.types().contains(type)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Every receiver type on the class path, sorted. */
    static List<String> available() {
        return ServiceLoader.load(ReceiverProvider.class).stream().flatMap(p -> p.get().types().stream())
                .sorted().toList();
    }
}
