package io.smartspec.slo.internal.config;

import io.smartspec.slo.CronSchedule;
import io.smartspec.slo.MaintenanceWindow;
import io.smartspec.slo.Problem;
import io.smartspec.slo.config.ConfigSection;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code maintenance:} list of observability.yaml: each entry a {@code reason}, optionally
 * the {@code slos} it applies to, and either {@code from}/{@code to} (ISO-8601 with an offset, or a
 * local date-time in {@code zone}) or {@code cron}/{@code duration} (on the wall clock of {@code zone},
 * default UTC). Every problem is located at its key.
 */
public final class MaintenanceReader {

    public static final Set<String> KEYS = ConfigSection.keys("reason", "slos", "from", "to", "cron", "duration",
            "zone");

    private MaintenanceReader() {
    }

    public static List<MaintenanceWindow> read(ConfigSection top) {
        List<MaintenanceWindow> windows = new ArrayList<>();
        for (ConfigSection w : top.sections("maintenance", "a map with reason and from/to or cron/duration")) {
            int before = w.errorCount();
            w.rejectUnknownKeys(KEYS);
            Optional<String> reason = w.string("reason").map(String::strip).filter(r -> !r.isEmpty());
            if (reason.isEmpty()) {
                w.error(w.has("reason") ? "reason: is empty; say why, e.g. reason: weekly database upkeep"
                        : "reason: missing; say why, e.g. reason: weekly database upkeep");
            }
            Set<String> slos = new LinkedHashSet<>();
            for (String s : w.strings("slos")) {
                if (!s.isBlank()) {
                    slos.add(s.strip());
                }
            }
            Optional<ZoneId> zone = zone(w);
            boolean explicit = w.has("from") || w.has("to");
            boolean recurring = w.has("cron") || w.has("duration");
            if (explicit && recurring) {
                w.error(w.has("cron") ? "cron" : "duration", "given with from/to; a window is either from/to "
                        + "(once) or cron with duration (every week)");
                continue;
            }
            if (!explicit && !recurring) {
                w.error("no time; give from and to (e.g. from: 2026-03-01T22:00:00+01:00) or cron and duration "
                        + "(e.g. cron: \"0 2 * * SUN\", duration: 2h)");
                continue;
            }
            Optional<MaintenanceWindow> window;
            if (explicit) {
                Optional<Instant> from = instant(w, "from", zone);
                Optional<Instant> to = instant(w, "to", zone);
                if (from.isPresent() && to.isPresent() && !to.get().isAfter(from.get())) {
                    w.error("to", "'" + w.string("to").orElse("").strip() + "' is not after from ("
                            + w.string("from").orElse("").strip() + "); a window must end after it starts");
                }
                window = from.isPresent() && to.isPresent() && to.get().isAfter(from.get())
                        ? Optional.of(new MaintenanceWindow.Explicit(from.get(), to.get(), reason.orElse(""), slos,
                        w.line())) : Optional.empty();
            } else {
                Optional<CronSchedule> cron = Optional.empty();
                if (w.require("cron", "when it starts, e.g. cron: \"0 2 * * SUN\"")) {
                    String text = w.string("cron").orElse("");
                    try {
                        cron = Optional.of(CronSchedule.parse(text));
                    } catch (IllegalArgumentException e) {
                        w.error("cron", e.getMessage());
                    }
                }
                Optional<Duration> duration = Optional.empty();
                if (w.require("duration", "how long it lasts, e.g. duration: 2h")) {
                    duration = w.duration("duration");
                    if (duration.isPresent() && (duration.get().compareTo(Duration.ofDays(7)) > 0
                            || duration.get().toNanos() % 60_000_000_000L != 0)) {
                        w.error("duration", "'" + w.string("duration").orElse("").strip() + "' is not whole minutes "
                                + "from 1m to 168h (a week)");
                        duration = Optional.empty();
                    }
                }
                window = cron.isPresent() && duration.isPresent() && zone.isPresent()
                        ? Optional.of(new MaintenanceWindow.Recurring(cron.get(), duration.get(), zone.get(),
                        reason.orElse(""), slos, w.line())) : Optional.empty();
            }
            if (w.errorCount() == before && window.isPresent()) {
                windows.add(window.get());
            }
        }
        return windows;
    }

    private static Optional<ZoneId> zone(ConfigSection w) {
        Optional<String> text = w.string("zone").map(String::strip);
        if (text.isEmpty()) {
            return Optional.of(ZoneOffset.UTC);
        }
        try {
            return Optional.of(ZoneId.of(text.get()));
        } catch (DateTimeException e) {
            w.error("zone", "'" + text.get() + "' is not a time zone; expected a region such as Europe/Berlin or "
                    + "an offset such as +01:00" + Problem.didYouMean(text.get(), ZoneId.getAvailableZoneIds()));
            return Optional.empty();
        }
    }

    private static Optional<Instant> instant(ConfigSection w, String key, Optional<ZoneId> zone) {
        if (!w.require(key, "e.g. " + key + ": 2026-03-01T22:00:00+01:00")) {
            return Optional.empty();
        }
        String text = w.string(key).orElse("").strip();
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            // a local date-time, in the window's zone
        }
        try {
            LocalDateTime local = LocalDateTime.parse(text);
            return zone.map(z -> local.atZone(z).toInstant());
        } catch (DateTimeParseException e) {
            w.error(key, "'" + text + "' is not a date-time; expected ISO-8601 with an offset "
                    + "(2026-03-01T22:00:00+01:00, 2026-03-01T21:00:00Z) or without one, read in zone");
            return Optional.empty();
        }
    }

    /**
     * The SLO names of {@code maintenance[i].slos} that are not among {@code names} (the spec's), located;
     * read from the file's top section, so that they are found even when another key of an entry is bad.
     */
    public static List<Problem> unknownSlos(ConfigSection top, Set<String> names) {
        ConfigSection fresh = top.fresh();
        List<Problem> problems = new ArrayList<>();
        if (!fresh.has("maintenance")) {
            return problems;
        }
        List<ConfigSection> entries = fresh.sections("maintenance", "a map");
        for (ConfigSection w : entries) {
            for (String slo : w.strings("slos")) {
                String name = slo.strip();
                if (!name.isEmpty() && !names.contains(name)) {
                    problems.add(Problem.error(top.file(), w.line("slos"), w.prefix() + "slos: '" + name
                            + "' is not an SLO of the spec; expected one of " + String.join(", ",
                            new java.util.TreeSet<>(names)) + Problem.didYouMean(name, names)));
                }
            }
        }
        return problems;
    }

    /** Like {@link #unknownSlos(ConfigSection, Set)} for a file whose other keys may be bad; nothing if unreadable. */
    public static List<Problem> unknownSlos(java.nio.file.Path file, java.util.Map<String, String> env,
                                            Set<String> names) {
        try {
            String text = java.nio.file.Files.readString(file);
            ConfigSection top = ConfigSection.parse(file.toString(), text, env);
            return top.keys().isEmpty() ? List.of() : unknownSlos(top, names);
        } catch (java.io.IOException | RuntimeException e) {
            return List.of(); // the file's own problems say why
        }
    }
}
