package io.twine.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class as testing Deferred code: the same as
 * {@code @ExtendWith(TwineExtension.class)}, plus a switch for Deferred debug mode. See
 * {@link TwineExtension} for what the extension checks and injects.
 *
 * <pre>{@code
 * @TwineTest
 * class DownloaderTest {
 *     @Test
 *     void timesOut(ManualClock clock) { ... }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(TwineExtension.class)
public @interface TwineTest {
    /**
     * Runs each test with {@link io.twine.defer.Deferred#setDebugging Deferred debug mode} on,
     * so that an unhandled-error report says where the Deferred was created and first fired.
     * The previous setting is restored after the test. The configuration parameter
     * {@value TwineExtension#DEBUG_PARAMETER} turns it on for every test.
     *
     * @return whether to turn debug mode on
     */
    boolean debug() default false;
}
