package io.smartspec.slo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The maintenance windows of one or more specs: those declared in observability.yaml, those added in
 * code ({@link #add}) and those announced at run time and read from a store on every question
 * ({@link #readFrom}; the monitor reads {@code slo maintenance start}'s file in its state directory so).
 * The evaluator leaves the events inside the windows out of the SLI and the budget; the monitor fires
 * no breach inside one. Thread-safe.
 *
 * <pre>{@code
 * MaintenanceCalendar calendar = MaintenanceCalendar.create()
 *         .add("checkout", MaintenanceWindow.between(start, start.plus(Duration.ofMinutes(30)), "deploy"));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class MaintenanceCalendar {

    /** A window of a spec. */
    public record Entry(String specId, MaintenanceWindow window) {
        public Entry {
            Objects.requireNonNull(specId, "specId");
            Objects.requireNonNull(window, "window");
        }
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final List<Supplier<List<Entry>>> stores = new CopyOnWriteArrayList<>();

    private MaintenanceCalendar() {
    }

    /** An empty calendar. */
    public static MaintenanceCalendar create() {
        return new MaintenanceCalendar();
    }

    /** Adds a window of {@code specId}; returns this calendar. */
    public MaintenanceCalendar add(String specId, MaintenanceWindow window) {
        entries.add(new Entry(specId, window));
        return this;
    }

    /** Adds every window of {@code specId}; returns this calendar. */
    public MaintenanceCalendar addAll(String specId, List<? extends MaintenanceWindow> windows) {
        windows.forEach(w -> add(specId, w));
        return this;
    }

    /**
     * Adds windows that are read again on every question (announced ones, kept in a file); the store
     * should be cheap to ask and never throw.
     */
    public MaintenanceCalendar readFrom(Supplier<List<Entry>> store) {
        stores.add(Objects.requireNonNull(store, "store"));
        return this;
    }

    /** Every window of {@code specId}, declared or announced. */
    public List<MaintenanceWindow> windows(String specId) {
        List<MaintenanceWindow> windows = new ArrayList<>();
        for (Entry e : all()) {
            if (e.specId().equals(specId)) {
                windows.add(e.window());
            }
        }
        return windows;
    }

    /** Whether the calendar holds no window at all. */
    public boolean isEmpty() {
        return all().isEmpty();
    }

    /** The window that holds the SLO at {@code t}, if one does (the first declared). */
    public Optional<MaintenanceWindow> activeAt(String specId, String slo, Instant t) {
        return windows(specId).stream().filter(w -> w.appliesTo(slo) && w.isActiveAt(t)).findFirst();
    }

    /** The time of {@code [from, to)} in the SLO's windows, merged, in order. */
    public List<MaintenanceWindow.Span> spans(String specId, String slo, Instant from, Instant to) {
        List<MaintenanceWindow.Span> spans = new ArrayList<>();
        for (MaintenanceWindow w : windows(specId)) {
            if (w.appliesTo(slo)) {
                spans.addAll(w.spans(from, to));
            }
        }
        return MaintenanceWindow.merge(spans);
    }

    private List<Entry> all() {
        if (stores.isEmpty()) {
            return entries;
        }
        List<Entry> all = new ArrayList<>(entries);
        for (Supplier<List<Entry>> s : stores) {
            all.addAll(s.get());
        }
        return all;
    }

    @Override
    public String toString() {
        return "MaintenanceCalendar" + all();
    }
}
