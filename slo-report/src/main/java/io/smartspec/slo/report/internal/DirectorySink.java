package io.smartspec.slo.report.internal;

import io.smartspec.slo.report.ReportFormat;
import io.smartspec.slo.report.ReportSink;
import io.smartspec.slo.report.SloReport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;

/** Writes reports to files, each through a temporary file moved into place. */
public final class DirectorySink implements ReportSink {

    private final Path directory;
    private final Set<ReportFormat> formats;

    public DirectorySink(Path directory, Set<ReportFormat> formats) {
        this.directory = directory;
        this.formats = Set.copyOf(formats);
    }

    @Override
    public void deliver(SloReport report) throws IOException {
        Path dir = directory.resolve(report.specId());
        Files.createDirectories(dir);
        for (ReportFormat f : ReportFormat.values()) {
            if (formats.contains(f)) {
                Path target = dir.resolve(ReportSink.fileName(report, f));
                Path tmp = dir.resolve(target.getFileName() + ".tmp");
                Files.writeString(tmp, f.render(report), StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Override
    public String name() {
        return "directory " + directory.toAbsolutePath().normalize();
    }

    @Override
    public String toString() {
        return name();
    }
}
