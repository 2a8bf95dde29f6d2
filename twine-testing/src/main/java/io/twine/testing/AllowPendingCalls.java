package io.twine.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lets a test end with delayed calls still pending on the {@link io.twine.task.ManualClock} or
 * {@link io.twine.reactor.Reactor} that {@link TwineExtension} injected, or with work still
 * unfinished on that reactor's thread pool, for tests that schedule work on purpose and check
 * only that it was scheduled. Without it, pending calls fail the test (Twisted trial's "pending
 * timed calls" check), because a call that never runs usually means a timeout or retry the test
 * forgot; so does unfinished pool work, which would otherwise go on running into later tests.
 * Either way the calls are cancelled and the pool work is given up (its threads interrupted, its
 * Deferreds cancelled, without their CancelledErrors counting as unhandled). On a class it
 * applies to every test in it.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AllowPendingCalls {
}
