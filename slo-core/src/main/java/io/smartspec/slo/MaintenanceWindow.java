package io.smartspec.slo;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A time when an SLO's events do not count: a planned maintenance. Events inside a window are left
 * out of the SLI and the error budget, and no breach fires inside one. Exactly one of an
 * {@link Explicit} interval ({@code from}/{@code to}) or a {@link Recurring} one (a weekly
 * {@link CronSchedule} on a zone's wall clock, for a duration).
 *
 * <pre>{@code
 * MaintenanceWindow w = MaintenanceWindow.between(Instant.parse("2026-03-01T22:00:00Z"),
 *         Instant.parse("2026-03-02T01:00:00Z"), "database migration");
 * MaintenanceWindow weekly = MaintenanceWindow.every(CronSchedule.parse("0 2 * * SUN"), Duration.ofHours(2),
 *         ZoneId.of("Europe/Berlin"), "weekly upkeep").forSlos(Set.of("checkout_availability"));
 * }</pre>
 *
 * @since 0.1.0
 */
public sealed interface MaintenanceWindow permits MaintenanceWindow.Explicit, MaintenanceWindow.Recurring {

    /** Why: shown in results, suppressed breaches and reports. */
    String reason();

    /** The SLOs it applies to, by name; empty: every SLO of the spec. */
    Set<String> slos();

    /** The line of observability.yaml it was declared on, 0 when made in code or announced. */
    int line();

    /** Whether it is in force at {@code t}. */
    boolean isActiveAt(Instant t);

    /** The intervals of {@code [from, to)} it covers, clipped to it, in order. */
    List<Span> spans(Instant from, Instant to);

    /** Whether it applies to the SLO named {@code slo}. */
    default boolean appliesTo(String slo) {
        return slos().isEmpty() || slos().contains(slo);
    }

    /** One interval of real time, {@code [from, to)}. */
    record Span(Instant from, Instant to) {
        public Span {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (!to.isAfter(from)) {
                throw new IllegalArgumentException("a span must end after it starts, but was " + from + ".." + to);
            }
        }

        public Duration length() {
            return Duration.between(from, to);
        }
    }

    static Explicit between(Instant from, Instant to, String reason) {
        return new Explicit(from, to, reason, Set.of(), 0);
    }

    static Recurring every(CronSchedule starts, Duration duration, ZoneId zone, String reason) {
        return new Recurring(starts, duration, zone, reason, Set.of(), 0);
    }

    /** An interval of real time, {@code [from, to)}. */
    record Explicit(Instant from, Instant to, String reason, Set<String> slos, int line) implements MaintenanceWindow {
        public Explicit {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(reason, "reason");
            slos = Set.copyOf(slos);
            if (!to.isAfter(from)) {
                throw new IllegalArgumentException("a maintenance window must end after it starts, but was " + from
                        + ".." + to);
            }
        }

        public Explicit forSlos(Set<String> names) {
            return new Explicit(from, to, reason, names, line);
        }

        @Override
        public boolean isActiveAt(Instant t) {
            return !t.isBefore(from) && t.isBefore(to);
        }

        @Override
        public List<Span> spans(Instant a, Instant b) {
            Instant s = from.isAfter(a) ? from : a;
            Instant e = to.isBefore(b) ? to : b;
            return e.isAfter(s) ? List.of(new Span(s, e)) : List.of();
        }

        @Override
        public String toString() {
            return from + ".." + to + " (" + reason + ")" + (slos.isEmpty() ? "" : " for " + slos);
        }
    }

    /**
     * A weekly window: it opens at each start of {@code starts} on the wall clock of {@code zone} and
     * stays open while the wall clock reads less than the start plus {@code duration}. Across a change
     * of the clocks it follows the wall clock, as cron does: {@code 0 2 * * SUN} for 2h is 02:00-04:00
     * local time, which lasts one real hour on the night the clocks spring forward over 02:00 and three
     * on the night they fall back. The generated Prometheus rules compute the same.
     */
    record Recurring(CronSchedule starts, Duration duration, ZoneId zone, String reason, Set<String> slos, int line)
            implements MaintenanceWindow {

        /** Monday 1970-01-05T00:00 as seconds of the epoch: the weeks of the wall clock start there. */
        public static final long FIRST_MONDAY = 4 * 86_400L;

        public Recurring {
            Objects.requireNonNull(starts, "starts");
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(zone, "zone");
            Objects.requireNonNull(reason, "reason");
            slos = Set.copyOf(slos);
            if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofDays(7)) > 0
                    || duration.toNanos() % 60_000_000_000L != 0) {
                throw new IllegalArgumentException("the duration of a weekly window must be whole minutes from 1m to "
                        + "7d, but was " + duration);
            }
        }

        public Recurring forSlos(Set<String> names) {
            return new Recurring(starts, duration, zone, reason, names, line);
        }

        /** The wall clock at {@code t} as seconds of the epoch (as if the zone were UTC). */
        private long wallClock(long epochSecond) {
            return epochSecond + zone.getRules().getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds();
        }

        @Override
        public boolean isActiveAt(Instant t) {
            long local = wallClock(t.getEpochSecond());
            for (int s : starts.weeklyStarts()) {
                if (Math.floorMod(local - FIRST_MONDAY - s, CronSchedule.SECONDS_PER_WEEK) < duration.getSeconds()) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public List<Span> spans(Instant a, Instant b) {
            if (!b.isAfter(a)) {
                return List.of();
            }
            // split [a, b) where the zone's offset changes; in each piece, the wall clock is t + offset
            ZoneRules rules = zone.getRules();
            List<Instant> cuts = new ArrayList<>(List.of(a));
            ZoneOffsetTransition next = rules.nextTransition(a);
            while (next != null && next.getInstant().isBefore(b)) {
                cuts.add(next.getInstant());
                next = rules.nextTransition(next.getInstant());
            }
            cuts.add(b);
            List<Span> spans = new ArrayList<>();
            long week = CronSchedule.SECONDS_PER_WEEK;
            for (int i = 0; i + 1 < cuts.size(); i++) {
                long from = cuts.get(i).getEpochSecond();
                long to = cuts.get(i + 1).getEpochSecond();
                long offset = rules.getOffset(cuts.get(i)).getTotalSeconds();
                long firstWeek = Math.floorDiv(from + offset - FIRST_MONDAY - duration.getSeconds(), week);
                long lastWeek = Math.floorDiv(to + offset - FIRST_MONDAY, week);
                for (long k = firstWeek; k <= lastWeek; k++) {
                    for (int s : starts.weeklyStarts()) {
                        long localStart = FIRST_MONDAY + k * week + s;
                        long start = Math.max(localStart - offset, from);
                        long end = Math.min(localStart + duration.getSeconds() - offset, to);
                        if (end > start) {
                            spans.add(new Span(Instant.ofEpochSecond(start), Instant.ofEpochSecond(end)));
                        }
                    }
                }
            }
            return merge(spans);
        }

        @Override
        public String toString() {
            return "'" + starts + "' for " + Windows.format(duration) + " in " + zone + " (" + reason + ")"
                    + (slos.isEmpty() ? "" : " for " + slos);
        }
    }

    /** Sorts spans and joins those that overlap or touch. */
    static List<Span> merge(List<Span> spans) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparing(Span::from));
        List<Span> merged = new ArrayList<>();
        for (Span s : sorted) {
            if (!merged.isEmpty() && !s.from().isAfter(merged.get(merged.size() - 1).to())) {
                Span last = merged.remove(merged.size() - 1);
                merged.add(new Span(last.from(), s.to().isAfter(last.to()) ? s.to() : last.to()));
            } else {
                merged.add(s);
            }
        }
        return merged;
    }
}
