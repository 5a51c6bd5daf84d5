package io.smartspec.slo.history.internal;

import io.smartspec.slo.history.HistoryReading;
import io.smartspec.slo.history.HistorySample;
import io.smartspec.slo.history.SloInfo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The history's files for one directory. Per spec a directory; per UTC day one file:
 * <ul>
 *   <li>{@code 2026-03-01.jsonl} — the rounds of a day, appended one line per round;</li>
 *   <li>{@code 2026-03-01.jsonl.gz} — the same once the day is over;</li>
 *   <li>{@code 2026-03-01.summary.jsonl.gz} — per-interval summaries once the day is older than the
 *       retention of single rounds;</li>
 *   <li>{@code 2026-03-01.daily.jsonl.gz} — one summary for the day once it is older than the retention
 *       of interval summaries.</li>
 * </ul>
 * Summaries are cut into pieces where a breach starts or ends (the first breached round, the first
 * judged round within the SLO after it), so breach timings survive compaction exactly.
 * Rewrites go to a temporary file that is moved into place, so a crash leaves either the old or the
 * new file; a day found in two forms is read from the most detailed one, rounds seen twice count once.
 */
public final class HistoryFiles {

    private static final System.Logger LOG = System.getLogger("io.smartspec.slo.history.SloHistory");
    private static final Pattern FILE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})\\.(jsonl|jsonl\\.gz|summary\\.jsonl\\.gz|daily\\.jsonl\\.gz)");
    private static final Pattern SPEC_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]*");

    private final Path root;
    private final Duration keepRounds;
    private final Duration summaryInterval;
    private final Duration keepSummaries;
    /** Per open day file: the SLO descriptions already written to it by this process. */
    private final Map<Path, Map<String, SloInfo>> written = new HashMap<>();

    public HistoryFiles(Path root, Duration keepRounds, Duration summaryInterval, Duration keepSummaries) {
        this.root = root;
        this.keepRounds = keepRounds;
        this.summaryInterval = summaryInterval;
        this.keepSummaries = keepSummaries;
    }

    public Path root() {
        return root;
    }

    public static void checkSpecId(String specId) {
        if (specId == null || !SPEC_ID.matcher(specId).matches() || specId.contains("..")) {
            throw new IllegalArgumentException("spec id '" + specId + "' cannot name a history directory; expected "
                    + "letters, digits, '_', '.', ':' or '-', starting with a letter or digit");
        }
    }

    /** Appends one round of one spec; compacts the spec's older days when a new day starts. */
    public synchronized void append(String specId, Instant at, List<SloInfo> infos, List<HistorySample> samples) {
        checkSpecId(specId);
        Path dir = root.resolve(specId);
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        Path file = dir.resolve(day + ".jsonl");
        try {
            Files.createDirectories(dir);
            Map<String, SloInfo> seen = written.get(file);
            boolean firstTouch = seen == null;
            if (firstTouch) {
                seen = new HashMap<>();
                written.keySet().removeIf(p -> p.getParent().equals(dir));
                written.put(file, seen);
            }
            StringBuilder lines = new StringBuilder();
            Map<String, SloInfo> byName = new HashMap<>(seen);
            infos.forEach(i -> byName.put(i.name(), i));
            if (firstTouch && Files.exists(file) && !endsWithNewline(file)) {
                lines.append('\n'); // the last line was cut short by a crash: keep it apart
            }
            for (SloInfo info : infos) {
                if (!info.equals(seen.get(info.name()))) {
                    lines.append(HistoryCodec.info(info)).append('\n');
                    seen.put(info.name(), info);
                }
            }
            lines.append(HistoryCodec.round(at, samples, byName)).append('\n');
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                out.write(lines.toString().getBytes(StandardCharsets.UTF_8)); // one write: a crash loses this line at most
            }
            if (firstTouch) {
                compact(specId, at);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the SLO history " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) {
                return true;
            }
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            ch.read(b, size - 1);
            return b.get(0) == '\n';
        }
    }

    public List<String> specIds() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> SPEC_ID.matcher(n).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the SLO history " + root + ": " + e.getMessage(), e);
        }
    }

    /** Gzips finished days and summarises days older than the retention of single rounds. */
    public synchronized void compact(String specId, Instant now) {
        checkSpecId(specId);
        Path dir = root.resolve(specId);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate lastRaw = LocalDate.ofInstant(now.minus(keepRounds), ZoneOffset.UTC);
        LocalDate lastSummary = LocalDate.ofInstant(now.minus(keepSummaries), ZoneOffset.UTC);
        for (Map.Entry<LocalDate, DayFiles> e : days(dir).entrySet()) {
            LocalDate day = e.getKey();
            DayFiles f = e.getValue();
            try {
                if (day.isBefore(today) && f.plain != null) {
                    List<String> warnings = new ArrayList<>();
                    Parsed p = parse(f.rawSources(), warnings);
                    Path gz = dir.resolve(day + ".jsonl.gz");
                    writeGzip(gz, encodeRounds(p));
                    Files.deleteIfExists(f.plain);
                    f.gz = gz;
                    f.plain = null;
                }
                if (day.isBefore(lastRaw) && f.gz != null) {
                    if (f.summary == null && f.daily == null) { // else a crash came before the rounds were deleted
                        Parsed p = parse(List.of(f.gz), new ArrayList<>());
                        Path summary = dir.resolve(day + ".summary.jsonl.gz");
                        writeGzip(summary, encodeSummaries(p, summaryInterval, day));
                        f.summary = summary;
                    }
                    Files.deleteIfExists(f.gz);
                    f.gz = null;
                }
                if (day.isBefore(lastSummary) && f.gz == null && f.summary != null
                        && summaryInterval.compareTo(Duration.ofDays(1)) < 0) {
                    if (f.daily == null) { // else a crash came before the interval summaries were deleted
                        Parsed p = parse(List.of(f.summary), new ArrayList<>());
                        writeGzip(dir.resolve(day + ".daily.jsonl.gz"), encodeSummaries(p, Duration.ofDays(1), day));
                    }
                    Files.deleteIfExists(f.summary);
                }
            } catch (IOException ex) {
                LOG.log(System.Logger.Level.WARNING, "cannot compact the SLO history of " + day + " in " + dir + ": "
                        + ex.getMessage() + "; will retry at the next compaction");
            }
        }
    }

    /** Reads the samples of one spec in {@code [from, to)}; summaries count when their start is inside. */
    public HistoryReading read(String specId, Instant from, Instant to) {
        return read(specId, from, to, false);
    }

    /**
     * Reads like {@link #read(String, Instant, Instant)}; with {@code runs}, consecutive single rounds of
     * an SLO within one UTC hour that are all breached, all within or all unknown become one sample (from
     * the first round to the last), which keeps a month of one-minute rounds small in memory without
     * changing any count, extreme, breach start or end.
     */
    public HistoryReading read(String specId, Instant from, Instant to, boolean runs) {
        checkSpecId(specId);
        Path dir = root.resolve(specId);
        List<String> warnings = new ArrayList<>();
        LocalDate first = LocalDate.ofInstant(from, ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(to.minusNanos(1), ZoneOffset.UTC);
        Map<String, SloInfo> infos = new LinkedHashMap<>();
        Map<String, List<HistorySample>> samples = new LinkedHashMap<>();
        for (Map.Entry<LocalDate, DayFiles> e : days(dir).entrySet()) {
            if (e.getKey().isBefore(first) || e.getKey().isAfter(last)) {
                continue;
            }
            DayFiles f = e.getValue();
            List<Path> sources = f.gz != null || f.plain != null ? f.rawSources()
                    : List.of(f.summary != null ? f.summary : f.daily);
            Parsed p = parse(sources, warnings);
            infos.putAll(p.infos);
            List<HistorySample> all = new ArrayList<>(p.summaries);
            p.rounds.values().forEach(all::addAll);
            Map<String, List<HistorySample>> day = new LinkedHashMap<>();
            for (HistorySample s : all) {
                if (!s.from().isBefore(from) && s.from().isBefore(to)) {
                    day.computeIfAbsent(s.slo(), k -> new ArrayList<>()).add(s);
                }
            }
            // merged day by day, so a month of single rounds is never all in memory at once
            day.forEach((name, l) -> {
                l.sort(java.util.Comparator.comparing(HistorySample::from));
                samples.computeIfAbsent(name, k -> new ArrayList<>()).addAll(runs ? runs(l) : l);
            });
        }
        Map<String, SloInfo> ordered = new LinkedHashMap<>();
        samples.keySet().forEach(n -> {
            if (infos.containsKey(n)) {
                ordered.put(n, infos.get(n));
            } else {
                warnings.add("history of '" + specId + "': SLO '" + n + "' has rounds but no description line; "
                        + "left out of the report");
            }
        });
        samples.keySet().retainAll(ordered.keySet());
        for (String w : warnings) {
            LOG.log(System.Logger.Level.WARNING, w);
        }
        return new HistoryReading(specId, ordered, samples, warnings);
    }

    private static List<HistorySample> runs(List<HistorySample> in) {
        List<HistorySample> out = new ArrayList<>();
        HistorySample run = null;
        long runHour = 0;
        int runKind = -1;
        for (HistorySample s : in) {
            if (!s.isRound()) {
                if (run != null) {
                    out.add(run);
                    run = null;
                }
                out.add(s);
                continue;
            }
            long hour = Math.floorDiv(s.from().getEpochSecond(), 3600);
            int kind = s.breached() > 0 ? 2 : s.within() > 0 ? 1 : 0;
            if (run != null && hour == runHour && kind == runKind) {
                run = run.merge(s, run.from(), s.to());
            } else {
                if (run != null) {
                    out.add(run);
                }
                run = s;
                runHour = hour;
                runKind = kind;
            }
        }
        if (run != null) {
            out.add(run);
        }
        return out;
    }

    /** Whether the spec has any sample before {@code instant}. */
    public boolean hasDataBefore(String specId, Instant instant) {
        checkSpecId(specId);
        LocalDate day = LocalDate.ofInstant(instant, ZoneOffset.UTC);
        return days(root.resolve(specId)).keySet().stream().anyMatch(d -> !d.isAfter(day));
    }

    private static final class DayFiles {
        Path plain;
        Path gz;
        Path summary;
        Path daily;

        List<Path> rawSources() {
            List<Path> l = new ArrayList<>();
            if (gz != null) {
                l.add(gz);
            }
            if (plain != null) {
                l.add(plain);
            }
            return l;
        }
    }

    private static TreeMap<LocalDate, DayFiles> days(Path dir) {
        TreeMap<LocalDate, DayFiles> days = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return days;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> {
                Matcher m = FILE.matcher(p.getFileName().toString());
                if (!m.matches()) {
                    return;
                }
                LocalDate d;
                try {
                    d = LocalDate.parse(m.group(1));
                } catch (java.time.DateTimeException e) {
                    return;
                }
                DayFiles f = days.computeIfAbsent(d, k -> new DayFiles());
                switch (m.group(2)) {
                    case "jsonl" -> f.plain = p;
                    case "jsonl.gz" -> f.gz = p;
                    case "daily.jsonl.gz" -> f.daily = p;
                    default -> f.summary = p;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the SLO history " + dir + ": " + e.getMessage(), e);
        }
        return days;
    }

    private static final class Parsed {
        final Map<String, SloInfo> infos = new LinkedHashMap<>();
        /** Rounds by instant: a round found twice (a crash between rewrite and delete) counts once. */
        final TreeMap<Instant, List<HistorySample>> rounds = new TreeMap<>();
        final List<HistorySample> summaries = new ArrayList<>();
        final Set<Instant> summaryStarts = new HashSet<>();
    }

    private static Parsed parse(List<Path> files, List<String> warnings) {
        Parsed p = new Parsed();
        for (Path file : files) {
            try (InputStream raw = Files.newInputStream(file);
                 InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                 BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                int n = 0;
                while (true) {
                    try {
                        line = r.readLine();
                    } catch (IOException e) {
                        warnings.add(file + ":" + (n + 1) + ": rest of the file skipped: " + e.getMessage());
                        break;
                    }
                    if (line == null) {
                        break;
                    }
                    n++;
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        HistoryCodec.Line l = HistoryCodec.decode(line);
                        if (l.info() != null) {
                            p.infos.put(l.info().name(), l.info());
                        } else if (l.round()) {
                            p.rounds.putIfAbsent(l.start(), l.samples());
                        } else if (p.summaryStarts.add(l.start())) {
                            p.summaries.addAll(l.samples());
                        }
                    } catch (RuntimeException e) {
                        warnings.add(file + ":" + n + ": line skipped: " + e.getMessage());
                    }
                }
            } catch (IOException e) {
                warnings.add(file + ": skipped: " + e.getMessage());
            }
        }
        return p;
    }

    private static List<String> encodeRounds(Parsed p) {
        List<String> lines = new ArrayList<>();
        p.infos.values().forEach(i -> lines.add(HistoryCodec.info(i)));
        p.rounds.forEach((at, samples) -> lines.add(HistoryCodec.round(at, samples, p.infos)));
        return lines;
    }

    /**
     * Summaries per {@code interval} of a day's rounds and summaries, per SLO cut into pieces where its
     * breach state flips (a breached round after none; a judged round within the SLO after a breach) and
     * before the first judged round of a piece that has none yet, so a report finds every breach's
     * start and end where the single rounds put them. A version 1 summary that mixes breached and good
     * rounds stays a piece of its own.
     */
    private static List<String> encodeSummaries(Parsed p, Duration interval, LocalDate day) {
        List<String> lines = new ArrayList<>();
        p.infos.values().forEach(i -> lines.add(HistoryCodec.info(i)));
        long step = interval.toMillis();
        // per SLO, everything in time order: rounds and older summaries
        Map<String, List<HistorySample>> bySlo = new LinkedHashMap<>();
        p.summaries.stream().sorted(java.util.Comparator.comparing(HistorySample::from))
                .forEach(s -> bySlo.computeIfAbsent(s.slo(), k -> new ArrayList<>()).add(s));
        p.rounds.values().forEach(l -> l.forEach(s -> bySlo.computeIfAbsent(s.slo(), k -> new ArrayList<>()).add(s)));
        // interval start -> pieces of all SLOs
        TreeMap<Instant, List<HistorySample>> buckets = new TreeMap<>();
        for (List<HistorySample> samples : bySlo.values()) {
            samples.sort(java.util.Comparator.comparing(HistorySample::from));
            List<HistorySample> pieces = new ArrayList<>();
            HistorySample cur = null;
            Instant curStart = null;
            boolean inBreach = false;
            for (HistorySample s : samples) {
                Instant start = Instant.ofEpochMilli(Math.floorDiv(s.from().toEpochMilli(), step) * step);
                boolean mixed = s.breached() > 0 && s.within() > 0;
                boolean flip = s.breached() > 0 ? !inBreach : inBreach && s.judged() > 0;
                boolean cut = cur == null || !start.equals(curStart) || flip || mixed
                        || (cur.breached() > 0 && cur.within() > 0) || (cur.judged() == 0 && s.judged() > 0);
                if (cut) {
                    if (cur != null) {
                        pieces.add(cur);
                    }
                    boolean first = cur == null || !start.equals(curStart);
                    Instant from = !first || flip || s.judged() > 0 && s.from().isAfter(start) && inBreach ? s.from()
                            : start;
                    cur = new HistorySample(s.slo(), from, s.to(), s.met(), s.atRisk(), s.breached(), s.noData(),
                            s.error(), s.min(), s.max(), s.sum(), s.values(), s.last(), s.budgetRemaining());
                    curStart = start;
                } else {
                    cur = cur.merge(s, cur.from(), s.to());
                }
                if (s.breached() > 0) {
                    inBreach = !mixed;
                } else if (s.judged() > 0) {
                    inBreach = false;
                }
            }
            if (cur != null) {
                pieces.add(cur);
            }
            // each piece ends where the next one of its interval starts, the last at the interval's end
            for (int i = 0; i < pieces.size(); i++) {
                HistorySample s = pieces.get(i);
                Instant start = Instant.ofEpochMilli(Math.floorDiv(s.from().toEpochMilli(), step) * step);
                Instant end = i + 1 < pieces.size() && pieces.get(i + 1).from().isBefore(start.plus(interval))
                        ? pieces.get(i + 1).from() : start.plus(interval);
                buckets.computeIfAbsent(start, k -> new ArrayList<>()).add(new HistorySample(s.slo(), s.from(), end,
                        s.met(), s.atRisk(), s.breached(), s.noData(), s.error(), s.min(), s.max(), s.sum(),
                        s.values(), s.last(), s.budgetRemaining()));
            }
        }
        buckets.forEach((start, l) -> lines.add(HistoryCodec.summary2(start, start.plus(interval), l, p.infos)));
        return lines;
    }

    private static void writeGzip(Path target, List<String> lines) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp);
             GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024) {
                 {
                     def.setLevel(java.util.zip.Deflater.BEST_COMPRESSION); // written once, read often
                 }
             };
             Writer w = new java.io.OutputStreamWriter(gz, StandardCharsets.UTF_8)) {
            for (String line : lines) {
                w.write(line);
                w.write('\n');
            }
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
