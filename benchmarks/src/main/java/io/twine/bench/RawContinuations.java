package io.twine.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The JDK's internal one-shot continuation ({@code jdk.internal.vm.Continuation}), raw: the floor
 * that Twine's coroutine targets are set against (workloads 6 and 8). Reached through constant
 * method handles, so this module needs no compile-time access to {@code jdk.internal.vm} (C2
 * inlines constant handles into direct calls); the JVM must run with
 * {@code --add-exports=java.base/jdk.internal.vm=ALL-UNNAMED}.
 */
final class RawContinuations {
    private static final Object SCOPE;
    private static final MethodHandle NEW;
    private static final MethodHandle RUN;
    private static final MethodHandle YIELD;

    static {
        try {
            Class<?> scopeClass = Class.forName("jdk.internal.vm.ContinuationScope");
            Class<?> contClass = Class.forName("jdk.internal.vm.Continuation");
            // A full lookup: the package is exported to the unnamed module only (qualified export).
            MethodHandles.Lookup l = MethodHandles.lookup();
            SCOPE = l.findConstructor(scopeClass, MethodType.methodType(void.class, String.class)).invoke("bench-raw");
            NEW = l.findConstructor(contClass, MethodType.methodType(void.class, scopeClass, Runnable.class))
                    .asType(MethodType.methodType(Object.class, Object.class, Runnable.class));
            RUN = l.findVirtual(contClass, "run", MethodType.methodType(void.class))
                    .asType(MethodType.methodType(void.class, Object.class));
            YIELD = l.findStatic(contClass, "yield", MethodType.methodType(boolean.class, scopeClass))
                    .asType(MethodType.methodType(boolean.class, Object.class));
        } catch (Throwable e) {
            throw new ExceptionInInitializerError(new IllegalStateException(
                    "the raw continuation needs --add-exports=java.base/jdk.internal.vm=ALL-UNNAMED", e));
        }
    }

    private RawContinuations() {
    }

    /** A new continuation (not started) that runs {@code body}. */
    static Object create(Runnable body) {
        try {
            return (Object) NEW.invokeExact(SCOPE, body);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code continuation} until it yields or ends. */
    static void run(Object continuation) {
        try {
            RUN.invokeExact(continuation);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Yields the continuation running this code; fails if it cannot (pinned). */
    static void yieldNow() {
        boolean yielded;
        try {
            yielded = (boolean) YIELD.invokeExact(SCOPE);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        if (!yielded) {
            throw new IllegalStateException("the raw continuation could not yield (pinned)");
        }
    }
}
