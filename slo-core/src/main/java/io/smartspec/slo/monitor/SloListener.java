package io.smartspec.slo.monitor;

import java.util.function.Consumer;

/**
 * Hears about breaches and recoveries. Listeners are called on the monitor's notification thread,
 * never the evaluation thread; one that throws or hangs does not stop the rounds or the other
 * listeners.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface SloListener extends AutoCloseable {

    void onEvent(SloEvent event);

    /** Releases resources (an outbox, an HTTP client); called when the monitor closes. */
    @Override
    default void close() {
    }

    /** A listener that only hears breaches. */
    static SloListener onBreach(Consumer<SloEvent> action) {
        return e -> {
            if (e.kind() == SloEvent.Kind.BREACH) {
                action.accept(e);
            }
        };
    }

    /** A listener that only hears recoveries. */
    static SloListener onRecovery(Consumer<SloEvent> action) {
        return e -> {
            if (e.kind() == SloEvent.Kind.RECOVERY) {
                action.accept(e);
            }
        };
    }
}
