package io.smartspec.slo.openslo.internal;

import io.smartspec.slo.Problem;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.SloWindow;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.spec.LoadedSpec;
import io.smartspec.slo.spec.NfrTable;
import io.smartspec.slo.spec.SpecLoader;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the spec.md and observability.yaml an import wrote with the real loader ({@link NfrTable},
 * {@link ObservabilityConfig}, {@link SpecLoader#bind}) and checks that every row loads as the SLO OpenSLO asked
 * for — its window and its budgeting method. A row the spec format cannot (yet) express is an error at the
 * OpenSLO object, never a spec that silently means something else.
 */
public final class Verifier {

    /** Stand-ins for the credentials the written file reads from the environment; used for this check only. */
    private static final Map<String, String> CHECK_ENV = Map.of("DATADOG_API_KEY", "check", "DATADOG_APP_KEY", "check");

    private Verifier() {
    }

    public static void verify(Imported imported, String specMd, String yaml, List<Problem> problems) {
        LoadedSpec loaded;
        try {
            NfrTable table = NfrTable.parse("spec.md", specMd);
            ObservabilityConfig config = ObservabilityConfig.parse("observability.yaml", yaml, CHECK_ENV);
            loaded = SpecLoader.bind(table, config, imported.service());
        } catch (SloValidationException e) {
            Docs.Where w = imported.rows().get(0).expected().where();
            problems.add(Problem.error(w.file(), w.line(), "service '" + imported.service() + "': the spec written "
                    + "for it does not load: " + e.problems().get(0)));
            return;
        }
        for (Imported.Row row : imported.rows()) {
            Docs.Where w = row.expected().where();
            String who = w.subject() + ": ";
            Optional<Slo> slo = loaded.slos().slos().stream().filter(s -> s.name().equals(row.metric())).findFirst();
            SloWindow window = row.expected().window().orElse(SloWindow.rolling(Slo.DEFAULT_RATIO_WINDOW));
            String asked = row.expected().budgeting().describe() + " over " + window.describe();
            if (slo.isEmpty()) {
                String why = loaded.errors().stream().map(Problem::message).filter(m -> m.contains(row.metric()))
                        .findFirst().orElse("it is not read");
                problems.add(Problem.error(w.file(), w.line(), who + asked + " cannot be written in spec.md yet: "
                        + "its NFR row (Target '" + row.target() + "', Window '" + row.window() + "'"
                        + (row.budget().isEmpty() ? "" : ", Budget '" + row.budget() + "'") + ") does not load: " + why));
                continue;
            }
            if (!slo.get().budgeting().equals(row.expected().budgeting())
                    || !slo.get().windowOrDefault().equals(window)) {
                problems.add(Problem.error(w.file(), w.line(), who + asked + " cannot be written in spec.md yet: "
                        + "its NFR row (Target '" + row.target() + "', Window '" + row.window() + "'"
                        + (row.budget().isEmpty() ? "" : ", Budget '" + row.budget() + "'") + ") loads as "
                        + slo.get().budgeting().describe() + " over " + slo.get().windowOrDefault().describe()));
            }
        }
    }
}
