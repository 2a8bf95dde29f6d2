package io.twine.defer;

import java.util.List;
import java.util.Objects;

/**
 * Several failures at once: what {@link Defer#race} fails with when every input failed (Twisted's
 * {@code defer.FailureGroup}). {@link #failures()} lists them in input order; each original
 * exception is also attached as a {@linkplain #getSuppressed() suppressed} exception, so a
 * printed stack trace shows all of them.
 */
public final class FailureGroup extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The failures; not serialized (the suppressed exceptions carry the originals). */
    private final transient List<Failure> failures;

    /**
     * Creates the group.
     *
     * @param failures the failures, in input order; copied
     * @throws NullPointerException if the list or an element is {@code null}
     */
    public FailureGroup(List<Failure> failures) {
        super(summary(failures), null, true, true);
        this.failures = List.copyOf(failures);
        for (Failure f : this.failures) {
            addSuppressed(f.value());
        }
    }

    private static String summary(List<Failure> failures) {
        Objects.requireNonNull(failures, "FailureGroup needs a list of failures, got null");
        StringBuilder b = new StringBuilder().append(failures.size()).append(" failure");
        if (failures.size() != 1) {
            b.append('s');
        }
        String sep = ": ";
        for (Failure f : failures) {
            Objects.requireNonNull(f, "FailureGroup: a failure in the list is null");
            b.append(sep).append(f.type().getSimpleName()).append(": ").append(f.getErrorMessage());
            sep = "; ";
            if (b.length() > 500) {
                b.append("; ...");
                break;
            }
        }
        return b.toString();
    }

    /**
     * The failures, in the order of the inputs that produced them (Twisted's {@code failures}).
     *
     * @return an unmodifiable list
     */
    public List<Failure> failures() {
        return failures;
    }
}
