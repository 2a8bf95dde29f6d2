package io.twine.testing;

import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A kind of object {@link TwineExtension} injects into test parameters: created fresh for each
 * scope (one per test, shared by its {@code @BeforeEach}, test and {@code @AfterEach} methods;
 * one per class for {@code @BeforeAll}/{@code @AfterAll}), and checked and released at the end of
 * that scope.
 *
 * <p>The resources: {@link ManualClockResource} and {@link ReactorResource}. Add another to
 * {@link TwineExtension}'s list of resources; nothing else in the extension changes.
 *
 * @param <T> the injected type (matched exactly against the parameter's declared type)
 */
interface TestResource<T> {
    /**
     * The parameter type this resource is injected for.
     *
     * @return the class, matched exactly
     */
    Class<T> type();

    /**
     * Makes a fresh instance.
     *
     * @param context the scope's context (for annotations and configuration)
     * @return the instance
     */
    T create(ExtensionContext context);

    /**
     * Lists what the scope left behind in {@code resource}, then releases it.
     *
     * @param resource the instance made by {@link #create}
     * @param context the scope's context
     * @return the leftovers, empty when clean (or when the test allows them)
     */
    List<Leftover> finish(T resource, ExtensionContext context);
}
