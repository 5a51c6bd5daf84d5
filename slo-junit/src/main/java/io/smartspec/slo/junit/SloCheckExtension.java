package io.smartspec.slo.junit;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.junit.internal.Bodies;
import io.smartspec.slo.junit.internal.CheckSettings;
import io.smartspec.slo.junit.internal.JsonReport;
import io.smartspec.slo.junit.internal.MeasuredRun;
import io.smartspec.slo.junit.internal.MeasuredRunner;
import io.smartspec.slo.junit.internal.MicrometerSources;
import io.smartspec.slo.junit.internal.SloMessages;
import io.smartspec.slo.junit.internal.SpecCheck;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

/**
 * The extension behind {@link SloCheck}. State lives in the {@link ExtensionContext.Store} of the
 * test (method-level checks) or of the annotated class (class-level checks).
 */
final class SloCheckExtension implements InvocationInterceptor, ParameterResolver, BeforeAllCallback,
        AfterAllCallback {

    private static final Namespace NAMESPACE = Namespace.create(SloCheckExtension.class);
    private static final String SETTINGS = "settings";
    private static final String REGISTRY = "registry";

    // ---------------------------------------------------------------- class level

    @Override
    public void beforeAll(ExtensionContext context) {
        Optional<SloCheck> own = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), SloCheck.class);
        own.ifPresent(a -> settings(a, context, context.getRequiredTestClass().getSimpleName()));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Optional<SloCheck> own = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), SloCheck.class);
        if (own.isEmpty()) {
            return;
        }
        CheckSettings settings = settings(own.get(), context, context.getRequiredTestClass().getSimpleName());
        if (!settings.isSpecDriven()) {
            return;
        }
        MeterRegistry registry = classRegistry(context);
        EvaluationRound round = evaluateSpec(settings, registry, context);
        List<SloResult> failing = failing(round, settings);
        report(context, context.getRequiredTestClass().getName(), "spec", null, round, !failing.isEmpty());
        if (!failing.isEmpty()) {
            throw new AssertionFailedError(header(round, failing, failing.get(0).specId()) + ":\n"
                    + SloMessages.lines(failing));
        }
    }

    private static MeterRegistry classRegistry(ExtensionContext context) {
        MeterRegistry stored = context.getStore(NAMESPACE).get(REGISTRY, MeterRegistry.class);
        if (stored != null) {
            return stored;
        }
        Object instance = context.getTestInstance().orElse(null);
        return registryField(context.getRequiredTestClass(), instance).orElse(Metrics.globalRegistry);
    }

    // ---------------------------------------------------------------- test methods

    /** Each invocation of a {@code @ParameterizedTest} or {@code @RepeatedTest} is checked like a test. */
    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
                                            ReflectiveInvocationContext<Method> invocationContext,
                                            ExtensionContext context) throws Throwable {
        interceptTestMethod(invocation, invocationContext, context);
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext context) throws Throwable {
        Method method = invocationContext.getExecutable();
        Optional<SloCheck> onMethod = AnnotationSupport.findAnnotation(method, SloCheck.class);
        Optional<SloCheck> applied = onMethod.isPresent() ? onMethod : classAnnotation(context).map(Map.Entry::getKey);
        if (applied.isEmpty()) {
            invocation.proceed();
            return;
        }
        CheckSettings settings = settings(applied.get(), context, method.getName());
        boolean specAfterMethod = onMethod.isPresent() && settings.isSpecDriven();
        if (!settings.isMeasured() && !specAfterMethod) {
            invocation.proceed(); // a spec-driven class: evaluated after all its tests
            return;
        }
        String test = testId(context, method);

        List<String> lines = new ArrayList<>();
        List<SloResult> allResults = new ArrayList<>();
        String header = null;
        MeasuredRun run = null;
        EvaluationRound measuredRound = null;
        if (settings.isMeasured()) {
            MeasuredRunner.Body body = Bodies.of(method, invocationContext.getTarget().orElse(null),
                    invocationContext.getArguments().toArray());
            invocation.skip();
            run = MeasuredRunner.run(body, settings.warmup(), settings.invocations(), settings.threads());
            measuredRound = settings.measured().orElseThrow().evaluate(run, Instant.now());
            allResults.addAll(measuredRound.results());
            List<SloResult> failing = failing(measuredRound, settings);
            if (!failing.isEmpty()) {
                header = header(measuredRound, failing, settings.name()) + " (" + SloMessages.runSummary(run) + ")";
                lines.add(SloMessages.lines(failing));
            }
            String errors = SloMessages.errors(run);
            if (!errors.isEmpty() && !failing.isEmpty()) {
                lines.add(errors);
            }
        } else {
            invocation.proceed();
        }
        EvaluationRound specRound = null;
        if (specAfterMethod) {
            MeterRegistry registry = methodRegistry(context, invocationContext);
            specRound = evaluateSpec(settings, registry, context);
            allResults.addAll(specRound.results());
            List<SloResult> failing = failing(specRound, settings);
            if (!failing.isEmpty()) {
                String h = header(specRound, failing, specRound.results().get(0).specId());
                header = header == null ? h : header + "; " + h;
                lines.add(SloMessages.lines(failing));
            }
        }
        EvaluationRound round = new EvaluationRound(Instant.now(), allResults,
                measuredRound != null ? measuredRound.duration() : specRound.duration());
        boolean failed = header != null;
        report(context, test, run != null ? (specAfterMethod ? "measured+spec" : "measured") : "spec", run, round,
                failed);
        if (failed) {
            throw failure(header + ":\n" + String.join("\n", lines), run);
        }
    }

    private static AssertionFailedError failure(String message, MeasuredRun run) {
        if (run == null || run.firstErrors().isEmpty()) {
            return new AssertionFailedError(message);
        }
        AssertionFailedError e = new AssertionFailedError(message, run.firstErrors().get(0));
        run.firstErrors().stream().skip(1).forEach(e::addSuppressed);
        return e;
    }

    private static String header(EvaluationRound round, List<SloResult> failing, String name) {
        return name + " missed " + failing.size() + " of " + round.results().size()
                + (round.results().size() == 1 ? " SLO" : " SLOs");
    }

    private static List<SloResult> failing(EvaluationRound round, CheckSettings settings) {
        return round.results().stream().filter(r -> SloMessages.fails(r, settings.failOnNoData())).toList();
    }

    private static String testId(ExtensionContext context, Method method) {
        String id = context.getRequiredTestClass().getName() + "." + method.getName();
        String unique = context.getUniqueId();
        int at = unique.lastIndexOf("[test-template-invocation:#");
        if (at >= 0) {
            id += "-" + unique.substring(at + "[test-template-invocation:#".length()).replace("]", "");
        }
        return id;
    }

    // ---------------------------------------------------------------- spec-driven form

    private static EvaluationRound evaluateSpec(CheckSettings settings, MeterRegistry registry, ExtensionContext context) {
        try {
            return SpecCheck.evaluate(settings, registry, Instant.now());
        } catch (SpecCheck.ConfigurationProblem e) {
            throw new ExtensionConfigurationException("@SloCheck on " + where(context) + ": " + e.getMessage(),
                    e.getCause());
        }
    }

    private static MeterRegistry methodRegistry(ExtensionContext context, ReflectiveInvocationContext<Method> ic) {
        for (Object arg : ic.getArguments()) {
            if (arg instanceof MeterRegistry r) {
                return r;
            }
        }
        Object target = ic.getTarget().orElse(null);
        Optional<MeterRegistry> field = registryField(context.getRequiredTestClass(), target);
        if (field.isPresent()) {
            return field.get();
        }
        MeterRegistry stored = context.getStore(NAMESPACE).get(REGISTRY, MeterRegistry.class);
        return stored != null ? stored : Metrics.globalRegistry;
    }

    private static Optional<MeterRegistry> registryField(Class<?> type, Object instance) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!MeterRegistry.class.isAssignableFrom(f.getType())) {
                    continue;
                }
                boolean isStatic = Modifier.isStatic(f.getModifiers());
                if (!isStatic && instance == null) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    Object value = f.get(isStatic ? null : instance);
                    if (value != null) {
                        return Optional.of((MeterRegistry) value);
                    }
                } catch (IllegalAccessException | RuntimeException e) {
                    // not readable: try the next one
                }
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- MeterRegistry parameters

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        if (type != MeterRegistry.class && type != SimpleMeterRegistry.class) {
            return false;
        }
        return registryOwner(extensionContext).isPresent();
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Map.Entry<SloCheck, ExtensionContext> owner = registryOwner(extensionContext).orElseThrow();
        return owner.getValue().getStore(NAMESPACE).getOrComputeIfAbsent(REGISTRY, k -> {
            try {
                CheckSettings settings = settings(owner.getKey(), owner.getValue(), "");
                return MicrometerSources.registryFor(settings.spec().orElseThrow(), settings.config().orElseThrow());
            } catch (ExtensionConfigurationException e) {
                return new SimpleMeterRegistry(); // the bad attribute is reported when the test runs
            }
        }, MeterRegistry.class);
    }

    /**
     * The context whose store holds the registry given to tests: the test's own context for a
     * spec-driven annotation on the method, else the class that carries a spec-driven annotation.
     */
    private static Optional<Map.Entry<SloCheck, ExtensionContext>> registryOwner(ExtensionContext context) {
        Optional<Method> method = context.getTestMethod();
        if (method.isPresent()) {
            Optional<SloCheck> own = AnnotationSupport.findAnnotation(method.get(), SloCheck.class);
            if (own.isPresent()) {
                return own.get().spec().isBlank() ? Optional.empty() : Optional.of(Map.entry(own.get(), context));
            }
        }
        return classAnnotation(context).filter(e -> !e.getKey().spec().isBlank());
    }

    /** The nearest class-level annotation, with the class context that carries it. */
    private static Optional<Map.Entry<SloCheck, ExtensionContext>> classAnnotation(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            ExtensionContext ctx = c.get();
            if (ctx.getTestClass().isEmpty() || ctx.getTestMethod().isPresent()) {
                continue;
            }
            Optional<SloCheck> a = AnnotationSupport.findAnnotation(ctx.getRequiredTestClass(), SloCheck.class);
            if (a.isPresent()) {
                return Optional.of(Map.entry(a.get(), ctx));
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- settings and reports

    private static CheckSettings settings(SloCheck a, ExtensionContext context, String defaultName) {
        Map<String, String> latencies = new LinkedHashMap<>();
        latencies.put("p50", a.p50());
        latencies.put("p90", a.p90());
        latencies.put("p95", a.p95());
        latencies.put("p99", a.p99());
        latencies.put("p999", a.p999());
        latencies.put("max", a.max());
        CheckSettings.Attributes attributes = new CheckSettings.Attributes(a.name(), a.invocations(), a.warmup(),
                a.threads(), latencies, a.errorRate(), a.spec(), a.config(), Arrays.asList(a.slos()),
                a.failOnNoData());
        CheckSettings.Result result = CheckSettings.parse(attributes, defaultName, Paths.get(""));
        if (!result.isValid()) {
            List<String> problems = result.problems();
            String message = "@SloCheck on " + where(context) + ": " + (problems.size() == 1 ? problems.get(0)
                    : problems.size() + " bad attributes:\n" + problems.stream().map(p -> "  " + p)
                    .collect(Collectors.joining("\n")));
            throw new ExtensionConfigurationException(message);
        }
        return result.settings();
    }

    private static String where(ExtensionContext context) {
        String type = context.getTestClass().map(Class::getSimpleName).orElse("?");
        return context.getTestMethod().map(m -> type + "." + m.getName() + "()").orElse(type);
    }

    private static void report(ExtensionContext context, String test, String form, MeasuredRun run,
                               EvaluationRound round, boolean failed) {
        Map<String, String> entries = new LinkedHashMap<>();
        if (run != null) {
            entries.put("slo.run", SloMessages.runSummary(run) + ", " + run.errors() + " errors");
            if (run.errors() > 0) {
                entries.put("slo.errors", SloMessages.errors(run));
            }
        }
        for (SloResult r : round.results()) {
            entries.put("slo." + r.specId() + "." + r.name(), r.toString().replace('\n', ' '));
        }
        String dir = context.getConfigurationParameter(SloCheck.REPORTS_DIR_PARAMETER)
                .orElse(SloCheck.DEFAULT_REPORTS_DIR);
        Path file = JsonReport.write(Paths.get(dir), test, JsonReport.render(test, form, run, round, failed));
        entries.put("slo.report", file.toString());
        context.publishReportEntry(entries);
    }
}
