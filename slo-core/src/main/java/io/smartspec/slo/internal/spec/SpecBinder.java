package io.smartspec.slo.internal.spec;

import io.smartspec.slo.spec.LoadedSpec;
import io.smartspec.slo.config.MetricBinding;
import io.smartspec.slo.spec.NfrRow;
import io.smartspec.slo.spec.NfrTable;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.Indicator;
import io.smartspec.slo.Objective;
import io.smartspec.slo.Operator;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Problem;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.SloWindow;
import io.smartspec.slo.Windows;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.Unit;
import io.smartspec.slo.UnitConvention;
import io.smartspec.slo.source.MetricSourceProvider;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Binds the rows of an NFR table to the metrics of an observability configuration: one SLO per row,
 * named after its metric. A row that cannot become an SLO is an error for that SLO only.
 *
 * <ul>
 *   <li>a metric with a {@code query} becomes a threshold SLO, compared in the metric's {@code unit};</li>
 *   <li>a metric with {@code good_query} or {@code bad_query} and a {@code total_query} becomes an
 *       events-ratio SLO whose target is the row's percentage, over the row's window or 30 days. A
 *       row that bounds the metric from above ({@code api_error_rate < 0.1%}) reads the metric as the
 *       share of bad events: the SLO keeps the share of good events at or above 100% minus the bound
 *       ({@code >= 99.9%}).</li>
 * </ul>
 */
public final class SpecBinder {

    /** The name used for the configuration in problems when it was not read from a file. */
    static final String DEFAULT_CONFIG_FILE = "observability.yaml";

    private SpecBinder() {
    }

    public static LoadedSpec bind(NfrTable table, ObservabilityConfig config, String specId) {
        String specFile = table.file();
        String configFile = config.file().isEmpty() ? DEFAULT_CONFIG_FILE : config.file();
        List<Problem> problems = new ArrayList<>(table.warnings());
        List<Slo> slos = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (NfrRow row : table.rows()) {
            used.add(row.metric());
            Optional<MetricBinding> binding = config.metric(row.metric());
            if (binding.isEmpty()) {
                problems.add(Problem.error(specFile, row.line(), row.metric() + ": no metric named '" + row.metric()
                        + "' in " + configFile + "; add it under metrics: with a query (- name: " + row.metric()
                        + ", query: ...) or, for a ratio, a good_query or bad_query and a total_query"));
                continue;
            }
            if (binding.get() instanceof MetricBinding.Ratio ratio
                    && row.target().bound().dimension() != Unit.Dimension.RATIO) {
                problems.add(Problem.error(specFile, row.line(), row.metric() + ": target " + row.target()
                        + " is not a percentage, but " + where(configFile, binding.get()) + " reads the metric as a "
                        + "ratio of events (" + (ratio.events().events() == Indicator.Events.GOOD ? "good_query"
                        : "bad_query") + "/total_query); expected a target such as >= 99.9%, or a query: for a "
                        + "threshold"));
                continue;
            }
            unitWarning(row, binding.get(), config, configFile).ifPresent(problems::add);
            if (binding.get() instanceof MetricBinding.Threshold && row.window().isPresent() && row.budget().isEmpty()) {
                problems.add(Problem.warning(specFile, row.line(), row.metric() + ": Window '"
                        + row.window().get().describe() + "' has no effect on a threshold, whose current value is "
                        + "judged; add a Budget such as '99% of 1m slices' to count it over the window"));
            }
            try {
                slos.add(slo(row, binding.get()));
            } catch (SloValidationException e) {
                for (Problem p : e.problems()) {
                    problems.add(new Problem(p.severity(), specFile, row.line(), p.message()));
                }
            }
        }
        for (MetricBinding binding : config.metrics()) {
            if (!used.contains(binding.name())) {
                problems.add(Problem.warning(configFile, binding.line(), "metric '" + binding.name()
                        + "' is not the metric of any NFR row of " + specFile + "; it is not monitored"));
            }
        }
        problems.addAll(unknownMaintenanceSlos(config, configFile, used));
        return new LoadedSpec(specId, SloSet.of(specId, slos), config, problems);
    }

    /** A maintenance window that names an SLO the spec does not have: a typo would silently cover nothing. */
    private static List<Problem> unknownMaintenanceSlos(ObservabilityConfig config, String configFile,
                                                        Set<String> names) {
        return io.smartspec.slo.internal.config.MaintenanceReader.unknownSlos(config.settings(), names);
    }

    /**
     * A warning for a threshold metric whose unit rests on the provider's convention rather than on a
     * declared {@code unit:} (a plain number compared with {@code < 250ms} or {@code > 99.9%}).
     */
    private static Optional<Problem> unitWarning(NfrRow row, MetricBinding binding, ObservabilityConfig config,
                                                 String configFile) {
        Unit.Dimension dimension = row.target().bound().dimension();
        if (!(binding instanceof MetricBinding.Threshold threshold) || threshold.unit().isPresent()
                || dimension == Unit.Dimension.NUMBER) {
            return Optional.empty();
        }
        String provider = config.provider().trim();
        Optional<UnitConvention> convention = MetricSourceProvider.unitConventionOf(provider);
        if (convention.isPresent() && !convention.get().isConvention() && convention.get() != UnitConvention.DECLARED) {
            return Optional.empty(); // the values carry their unit
        }
        String declare = "; declare what the query returns, e.g. " + UnitConvention.unitExamples(dimension);
        String message = "metric '" + binding.name() + "' declares no unit for " + row.target() + ": ";
        if (convention.isEmpty()) {
            message += "provider '" + provider + "' is not on the class path to say what its plain numbers mean"
                    + declare;
        } else if (convention.get().plainNumberUnit(dimension).isPresent()) {
            message += "its plain numbers are read by " + provider + "'s convention as "
                    + reading(convention.get().plainNumberUnit(dimension).get()) + " ("
                    + convention.get().description() + ")" + declare;
        } else if (convention.get() == UnitConvention.SERIES_METADATA) {
            message += "its values are read in the unit " + provider + " keeps for the series, and are an error "
                    + "where the series has none" + declare;
        } else {
            message += "a plain number from " + provider + " will be an error" + declare;
        }
        return Optional.of(Problem.warning(configFile, binding.line(), message));
    }

    private static String reading(Unit unit) {
        return switch (unit) {
            case SECONDS -> "seconds";
            case FRACTION -> "a fraction 0..1";
            case PER_SECOND -> "per second";
            default -> unit.toString();
        };
    }

    private static String where(String configFile, MetricBinding b) {
        return b.line() > 0 ? configFile + ":" + b.line() : configFile;
    }

    private static Slo slo(NfrRow row, MetricBinding binding) {
        Slo.Builder b = Slo.named(row.metric())
                .description(row.title())
                .priority(row.priority().orElse(Priority.DEFAULT));
        if (!row.category().isEmpty()) {
            b.label("category", row.category());
        }
        if (!row.requirement().isEmpty()) {
            b.label("requirement", row.requirement());
        }
        row.runbook().ifPresent(b::runbook);
        Optional<NfrRow.Budget> budget = row.budget();
        if (binding instanceof MetricBinding.Ratio ratio) {
            b.ratio(ratio.events(), ratio.total())
                    .over(row.window().orElseGet(() -> SloWindow.rolling(Slo.DEFAULT_RATIO_WINDOW)));
            ratio.minEvents().ifPresent(b::minEvents);
            if (budget.isEmpty()) {
                b.target(ratioTarget(row.target()));
            } else if (budget.get().share().isPresent()) {
                // each slice must meet the Target; the Budget's share of the slices must
                b.target(budget.get().share().get()).timeslices(budget.get().slice(), ratioTarget(row.target()));
            } else {
                b.target(ratioTarget(row.target())).ratioTimeslices(budget.get().slice());
            }
        } else if (binding instanceof MetricBinding.Threshold threshold) {
            b.metric(row.metric(), threshold.query()).objective(row.target());
            threshold.unit().ifPresent(b::unit);
            row.window().ifPresent(b::over);
            if (budget.isPresent() && budget.get().share().isEmpty()) {
                throw new SloValidationException(List.of(Problem.error(row.metric() + ": Budget '" + budget.get()
                        + "' averages the ratios of events of a ratio metric, but " + row.metric() + " is a "
                        + "threshold; expected a share of slices that meet the Target, e.g. 99% of "
                        + Windows.format(budget.get().slice()) + " slices")));
            }
            budget.ifPresent(t -> b.timeslices(t.slice()).target(t.share().orElseThrow()));
        }
        return b.build();
    }

    /** The share of good events a ratio must keep: {@code >= 99.9%} as is, {@code < 0.1%} as 99.9%. */
    static Quantity ratioTarget(Objective target) {
        Quantity bound = target.bound();
        if (target.operator() == Operator.GREATER_THAN || target.operator() == Operator.GREATER_THAN_OR_EQUAL
                || bound.dimension() != Unit.Dimension.RATIO) {
            return bound;
        }
        double goodPercent = 100 - bound.to(Unit.PERCENT).value();
        return Quantity.percent(Math.round(goodPercent * 1e9) / 1e9);
    }
}
