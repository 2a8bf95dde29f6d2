package io.twine.testing;

import io.twine.defer.UnhandledErrorRecording;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit Jupiter extension for code that uses Deferreds: what Twisted trial does for its tests.
 * Use it with {@link TwineTest @TwineTest} or {@code @ExtendWith(TwineExtension.class)}.
 *
 * <h2>Unhandled errors fail the test</h2>
 * A test in which a Deferred's error went unhandled fails, with an {@link AssertionError} that
 * shows each lost error's traceback (the first as its cause, the others suppressed) and, in debug
 * mode ({@code @TwineTest(debug = true)} or the configuration parameter
 * {@value #DEBUG_PARAMETER}), where the Deferred was created and first fired. The check is
 * deterministic: "unhandled" means the Deferred's last pass during the test ended on a
 * {@code Failure} that nothing consumed by the end of the test (after {@code @AfterEach} methods),
 * whether or not the Deferred is still reachable, so no garbage collection is needed. Reports the
 * garbage collector makes while the test runs (for Deferreds lost earlier, possibly outside any
 * Twine test) fail the test too, as in trial. Every error found is taken: it is reported once,
 * here, and never logged later or blamed on another test. A test that means to leave errors
 * unhandled says so with {@link AllowUnhandledErrors}, or asks for its
 * {@link UnhandledErrorRecording} as a parameter and {@code flush()}es it to assert on them.
 * Errors left by {@code @BeforeAll}/{@code @AfterAll} methods fail the class.
 *
 * <h2>Injected parameters</h2>
 * <ul>
 * <li>{@link io.twine.task.ManualClock}: a fresh clock at time 0 for each test, shared by its
 *     {@code @BeforeEach}, test and {@code @AfterEach} methods (and constructor); a separate one
 *     for {@code @BeforeAll}/{@code @AfterAll}. Delayed calls still pending when the test ends fail
 *     it (unless {@link AllowPendingCalls}) and are cancelled.</li>
 * <li>{@link io.twine.reactor.Reactor}: a fresh reactor for each test (shared like the clock),
 *     already running on its own daemon loop thread when the test gets it. When the test ends
 *     (after {@code @AfterEach}), delayed calls still pending on it and thread-pool work
 *     ({@code deferToThread}, {@code callInThread}) still unfinished fail the test (unless
 *     {@link AllowPendingCalls}); the calls are cancelled, the work given up (threads
 *     interrupted, Deferreds cancelled) and the reactor stopped. Every wait involved is bounded by
 *     {@value #REACTOR_TIMEOUT_PARAMETER} (5 seconds by default); a reactor whose loop does not
 *     stop in time (a callback blocking it) fails the test with the loop thread's stack, and so
 *     does an exception that escaped one of its callbacks (logged by the reactor, which goes on;
 *     {@link AllowUnhandledErrors} allows its type). Wait for
 *     its Deferreds from the test with {@link DeferredAssertions#resultOf(io.twine.defer.Deferred,
 *     java.time.Duration) resultOf}, {@link DeferredAssertions#failureOf failureOf} or
 *     {@link DeferredAssertions#await await}.</li>
 * <li>{@link UnhandledErrorRecording}: the test's own window of unhandled errors (Twisted's
 *     {@code flushLoggedErrors}). Do not close it; the extension does.</li>
 * </ul>
 * Parameters are matched on their exact declared type.
 *
 * <h2>Suspended coroutines fail the test</h2>
 * A coroutine ({@link io.twine.defer.Deferred#fromCoroutine}) that suspended during the test and is
 * still awaiting an unfired Deferred at its end (after {@code @AfterEach} and after the injected
 * clock and reactor were released) fails the test, naming the coroutine's body class, the Deferred
 * it awaits and the stack of its {@code await}; {@link AllowSuspendedCoroutines} permits it. The
 * coroutines are left suspended, not cancelled. Coroutines suspended in
 * {@code @BeforeAll}/{@code @AfterAll} methods fail the class.
 *
 * <h2>Threads and parallel execution</h2>
 * The checks run on JUnit's thread after the test. Errors are noticed on whatever thread the
 * Deferred ran. Debug mode and the error recording are global to the JVM, so with JUnit's
 * parallel execution an error lost by one test may be reported by another running at the same
 * time; run Deferred tests sequentially (JUnit's default) to attribute errors exactly.
 */
public final class TwineExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    /**
     * The JUnit configuration parameter that turns Deferred debug mode on for every test run with
     * this extension ({@code junit-platform.properties} or a {@code -D} system property).
     */
    public static final String DEBUG_PARAMETER = "twine.testing.debug";

    /**
     * The JUnit configuration parameter that bounds each wait for an injected Reactor at the end
     * of a test (for its pool work to finish, for its loop to take the end-of-test check and stop):
     * a number of seconds ({@code 0.5}) or an ISO-8601 duration ({@code PT0.5S}); 5 seconds if
     * unset.
     */
    public static final String REACTOR_TIMEOUT_PARAMETER = "twine.testing.reactor.timeout";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TwineExtension.class);

    /** End-of-test checks, finished in this order after the resources. */
    private static final List<Janitor> JANITORS = List.of(new UnhandledErrorJanitor(), new SuspendedCoroutineJanitor());

    /** Injectable resources. */
    private static final List<TestResource<?>> RESOURCES = List.of(new ManualClockResource(), new ReactorResource());

    /** Created by JUnit (through {@code @ExtendWith}); holds no state of its own. */
    public TwineExtension() {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        scope(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        scope(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        finish(context, "test");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        finish(context, "test class (its @BeforeAll/@AfterAll methods, or between its tests)");
    }

    /**
     * Constructor parameters are resolved in the test's own context (not the class's), so that a
     * test instance created per test gets that test's clock.
     */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == UnhandledErrorRecording.class || resourceFor(type).isPresent();
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        Scope scope = scope(extensionContext);
        if (type == UnhandledErrorRecording.class) {
            return scope.recording();
        }
        return scope.resource(resourceFor(type).orElseThrow());
    }

    private static Optional<TestResource<?>> resourceFor(Class<?> type) {
        return RESOURCES.stream().filter(r -> r.type() == type).findFirst();
    }

    /** This context's own scope (never a parent's), started on first use. */
    private static Scope scope(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(key(context),
                k -> new Scope(context, JANITORS, debug(context)), Scope.class);
    }

    private static void finish(ExtensionContext context, String what) {
        Scope scope = context.getStore(NAMESPACE).remove(key(context), Scope.class);
        if (scope == null) {
            return;
        }
        List<Leftover> leftovers = scope.finish();
        if (!leftovers.isEmpty()) {
            throw report(leftovers, what);
        }
    }

    /** The store key: unique to the context, so that a test never finds its class's scope. */
    private static String key(ExtensionContext context) {
        return "scope:" + context.getUniqueId();
    }

    private static boolean debug(ExtensionContext context) {
        if (context.getConfigurationParameter(DEBUG_PARAMETER, Boolean::parseBoolean).orElse(false)) {
            return true;
        }
        for (Class<?> c = context.getTestClass().orElse(null); c != null; c = c.getEnclosingClass()) {
            Optional<TwineTest> t = AnnotationSupport.findAnnotation(c, TwineTest.class);
            if (t.isPresent()) {
                return t.get().debug();
            }
        }
        return false;
    }

    private static AssertionError report(List<Leftover> leftovers, String what) {
        StringBuilder sb = new StringBuilder("Twine: the ").append(what).append(" left ")
                .append(leftovers.size() == 1 ? "this" : "these " + leftovers.size() + " problems").append(" behind:\n");
        int n = 1;
        for (Leftover l : leftovers) {
            sb.append('\n');
            if (leftovers.size() > 1) {
                sb.append(n++).append(". ");
            }
            sb.append(l.message());
            if (!l.message().endsWith("\n")) {
                sb.append('\n');
            }
        }
        AssertionError error = null;
        for (Leftover l : leftovers) {
            if (l.cause() == null) {
                continue;
            }
            if (error == null) {
                error = new AssertionError(sb.toString(), l.cause());
            } else {
                error.addSuppressed(l.cause());
            }
        }
        return error != null ? error : new AssertionError(sb.toString());
    }
}
