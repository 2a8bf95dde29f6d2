package io.twine.testing;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Finds the extension's annotations for a scope: on the test method (for a test), then on the
 * test class, its superclasses ({@code @Inherited}) and, for {@code @Nested} classes, the classes
 * enclosing it; meta-annotations count too.
 */
final class Annotations {
    private Annotations() {
    }

    static <A extends Annotation> List<A> all(ExtensionContext context, Class<A> type) {
        List<A> found = new ArrayList<>();
        context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, type)).ifPresent(found::add);
        for (Class<?> c = context.getTestClass().orElse(null); c != null; c = c.getEnclosingClass()) {
            find(c, type).ifPresent(found::add);
        }
        return found;
    }

    /** The exception types the scope's {@link AllowUnhandledErrors} annotations allow. */
    static List<Class<? extends Throwable>> allowedErrors(ExtensionContext context) {
        List<Class<? extends Throwable>> allowed = new ArrayList<>();
        for (AllowUnhandledErrors a : all(context, AllowUnhandledErrors.class)) {
            allowed.addAll(List.of(a.value()));
        }
        return allowed;
    }

    static boolean allows(ExtensionContext context, Class<? extends Annotation> type) {
        return !all(context, type).isEmpty();
    }

    private static <A extends Annotation> Optional<A> find(AnnotatedElement e, Class<A> type) {
        return AnnotationSupport.findAnnotation(e, type);
    }
}
