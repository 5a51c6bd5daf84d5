package io.smartspec.slo.openslo.internal;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The OpenSLO v1 objects as read (and checked) from their files, before references are resolved. */
public final class Docs {

    private Docs() {
    }

    /** Where something was written: file, line and the field's path, for messages. */
    public record Where(String file, int line, String subject, String path) {
        @Override
        public String toString() {
            return file + ":" + line;
        }
    }

    /** {@code metadata}. */
    public record Meta(String name, Optional<String> displayName, Map<String, List<String>> labels,
                       Map<String, String> annotations) {
    }

    /** A {@code duration-shorthand}: {@code 30d}, {@code 1M}. */
    public record Shorthand(long value, char unit, String text) {
        /** The fixed length of m, h, d and w; empty for M, Q and Y, whose length varies. */
        public Optional<Duration> fixed() {
            return switch (unit) {
                case 'm' -> Optional.of(Duration.ofMinutes(value));
                case 'h' -> Optional.of(Duration.ofHours(value));
                case 'd' -> Optional.of(Duration.ofDays(value));
                case 'w' -> Optional.of(Duration.ofDays(7 * value));
                default -> Optional.empty();
            };
        }
    }

    /** A reference by name to an object of another kind. */
    public record Ref(String kind, String name, Where where) {
    }

    public record Service(Meta meta, Optional<String> description, Where where) {
    }

    public record DataSource(Meta meta, Optional<String> description, String type,
                             Map<String, YamlNode> connectionDetails, Where where) {
    }

    /** {@code metricSource}: a type and/or a DataSource reference, and the source's own keys. */
    public record MetricSource(Optional<String> ref, Optional<String> type, Map<String, YamlNode> spec,
                               Where where, int typeLine) {
    }

    /** {@code ratioMetric}: good or bad with total, or raw with its rawType. */
    public record Ratio(Optional<Boolean> counter, Optional<MetricSource> good, Optional<MetricSource> bad,
                        Optional<MetricSource> total, Optional<MetricSource> raw, Optional<String> rawType) {
    }

    public record Sli(Meta meta, Optional<String> description, Optional<MetricSource> threshold,
                      Optional<Ratio> ratio, Where where) {
    }

    public record Calendar(LocalDateTime startTime, ZoneId timeZone) {
    }

    public record TimeWindow(Shorthand duration, boolean rolling, Optional<Calendar> calendar, Where where) {
    }

    public record Objective(Optional<String> displayName, Optional<String> op, Optional<Double> value,
                            double target, Optional<Double> timeSliceTarget, Optional<Shorthand> timeSliceWindow,
                            boolean composite, Where where) {
    }

    public record AlertCondition(Meta meta, Optional<String> description, String severity, String kind,
                                 String op, double threshold, Shorthand lookbackWindow, Optional<Shorthand> alertAfter,
                                 Where where) {
    }

    public record NotificationTarget(Meta meta, Optional<String> description, String target, Where where) {
    }

    /** A condition or target of a policy: inline, or a reference. */
    public record Either<T>(Optional<T> inline, Optional<Ref> ref) {
    }

    public record AlertPolicy(Meta meta, Optional<String> description, boolean whenNoData, boolean whenResolved,
                              boolean whenBreaching, List<Either<AlertCondition>> conditions,
                              List<Either<NotificationTarget>> targets, Where where) {
    }

    public record Slo(Meta meta, Optional<String> description, String service, Either<Sli> indicator,
                      String budgetingMethod, Optional<TimeWindow> timeWindow, List<Objective> objectives,
                      List<Either<AlertPolicy>> alertPolicies, Where where) {
    }

    /** Every object of the files, by kind, in file order. */
    public record All(List<Service> services, List<DataSource> dataSources, List<Sli> slis, List<Slo> slos,
                      List<AlertPolicy> alertPolicies, List<AlertCondition> alertConditions,
                      List<NotificationTarget> targets) {
    }
}
