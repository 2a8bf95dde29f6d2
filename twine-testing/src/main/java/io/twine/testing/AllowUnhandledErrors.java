package io.twine.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lets a test leave Deferred errors of the given types unhandled without {@link TwineExtension}
 * failing it: for tests about error reporting itself, or code that deliberately drops errors. The
 * allowed errors are taken (never logged, never reported to a later test); errors of other types
 * still fail the test. On a class it applies to every test in it (and in its {@code @Nested}
 * classes); on a method, to that test. Twisted trial's counterpart is calling
 * {@code flushLoggedErrors(Type)} in the test.
 *
 * <p>It also covers exceptions that escaped a callback of the injected
 * {@link io.twine.reactor.Reactor} (a timed call, a {@code callFromThread} or {@code callInThread}
 * function that threw), which the reactor logs and goes on from; those are still logged.
 *
 * <p>To check that a particular error <em>was</em> left unhandled, inject the test's
 * {@link io.twine.defer.UnhandledErrorRecording} as a parameter and {@code flush()} it instead.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AllowUnhandledErrors {
    /**
     * The exception types allowed to go unhandled (subclasses included).
     *
     * @return the types; by default any error
     */
    Class<? extends Throwable>[] value() default Throwable.class;
}
