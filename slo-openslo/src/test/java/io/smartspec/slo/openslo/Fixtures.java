package io.smartspec.slo.openslo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The test resources of this module. */
final class Fixtures {

    static final Path ROOT = resource("openslo");
    static final Path UPSTREAM = ROOT.resolve("upstream");
    static final Path OURS = ROOT.resolve("ours/checkout");

    private Fixtures() {
    }

    static Path resource(String name) {
        try {
            return Path.of(Fixtures.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** OpenSLO text under the file name {@code name}. */
    static OpenSloImport parse(String name, String yaml) {
        return OpenSloImport.parse(Map.of(name, yaml));
    }
}
