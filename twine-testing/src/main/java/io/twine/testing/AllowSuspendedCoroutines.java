package io.twine.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lets a test end with coroutines still suspended (started during the test, still awaiting a
 * Deferred that has not fired), for tests that leave one waiting on purpose, for example to
 * check that it has not finished yet. Without it, {@link TwineExtension} fails such a test,
 * naming each coroutine, the Deferred it awaits and where it awaits it, because a coroutine that
 * never resumes usually means a Deferred the test forgot to fire or cancel. Either way the
 * coroutines are left as they are (not cancelled). On a class it applies to every test in it.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AllowSuspendedCoroutines {
}
