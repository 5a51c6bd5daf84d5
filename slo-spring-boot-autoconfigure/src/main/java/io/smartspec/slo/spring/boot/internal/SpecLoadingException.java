package io.smartspec.slo.spring.boot.internal;

import io.smartspec.slo.Problem;
import io.smartspec.slo.SloValidationException;

import java.util.List;

/** The spec or the {@code smartspec.slo.*} settings of an application have problems; startup fails. */
public final class SpecLoadingException extends SloValidationException {

    private static final long serialVersionUID = 1L;

    private final String location;

    public SpecLoadingException(String location, List<Problem> problems) {
        super(problems);
        this.location = location;
    }

    /** The spec as configured, {@code classpath:spec.md}. */
    public String location() {
        return location;
    }
}
