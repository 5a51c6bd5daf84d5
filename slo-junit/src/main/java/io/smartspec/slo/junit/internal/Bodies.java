package io.smartspec.slo.junit.internal;

import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Turns a test method, its instance and its resolved arguments into a {@link MeasuredRunner.Body}
 * that calls it as directly as hand-written code would: a lambda made by {@link LambdaMetafactory}
 * (which the JIT inlines like any call), or, where that is not possible, a method handle.
 */
public final class Bodies {

    private Bodies() {
    }

    /** A body that calls {@code method} on {@code target} (null for static methods) with {@code args}. */
    public static MeasuredRunner.Body of(Method method, Object target, Object[] args) throws IllegalAccessException {
        try {
            return lambda(method, target, args);
        } catch (Throwable e) {
            // e.g. "Invalid caller": the test class is in another module or class loader than slo-junit
            return handle(method, target, args);
        }
    }

    private static MeasuredRunner.Body lambda(Method method, Object target, Object[] args) throws Throwable {
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(method.getDeclaringClass(), MethodHandles.lookup());
        MethodHandle impl = lookup.unreflect(method);
        boolean isStatic = Modifier.isStatic(method.getModifiers());
        Class<?>[] captured = new Class<?>[(isStatic ? 0 : 1) + args.length];
        Object[] values = new Object[captured.length];
        int i = 0;
        if (!isStatic) {
            captured[i] = method.getDeclaringClass();
            values[i++] = target;
        }
        for (int p = 0; p < args.length; p++) {
            captured[i] = method.getParameterTypes()[p];
            values[i++] = args[p];
        }
        MethodType voidRun = MethodType.methodType(void.class);
        CallSite site = LambdaMetafactory.metafactory(lookup, "run",
                MethodType.methodType(MeasuredRunner.Body.class, captured), voidRun, impl, voidRun);
        return (MeasuredRunner.Body) site.getTarget().invokeWithArguments(values);
    }

    private static MeasuredRunner.Body handle(Method method, Object target, Object[] args) throws IllegalAccessException {
        method.setAccessible(true);
        MethodHandle h = MethodHandles.lookup().unreflect(method);
        if (!Modifier.isStatic(method.getModifiers())) {
            h = h.bindTo(target);
        }
        if (args.length > 0) {
            h = MethodHandles.insertArguments(h, 0, args);
        }
        MethodHandle body = h.asType(MethodType.methodType(void.class));
        return () -> {
            body.invokeExact(); // a statement: the call site's type is ()void, as the handle's
        };
    }
}
