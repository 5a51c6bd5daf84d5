package io.smartspec.slo;

import java.nio.file.Path;

/**
 * Loads a SmartSpec {@code spec.md} and binds its NFR table to an {@code observability.yaml}.
 * (Implementation in progress.)
 *
 * @since 0.1.0
 */
public final class SpecLoader {

    private SpecLoader() {
    }

    /**
     * Reads spec.md and observability.yaml and binds every NFR row to its metric's query.
     *
     * @throws SloValidationException for file-level problems (missing file, no NFR table, unreadable
     *                                targets, YAML errors), listing all of them at once
     */
    public static LoadedSpec load(Path specMd, Path observabilityYaml) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
