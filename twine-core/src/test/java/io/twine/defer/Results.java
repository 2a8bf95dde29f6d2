package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;

/** Test helpers in the spirit of trial's successResultOf / failureResultOf / assertNoResult. */
public final class Results {
    private Results() {
    }

    /** The success result of a fired Deferred (fails the test if unfired or failed). */
    @SuppressWarnings("unchecked")
    public static <T> T successResultOf(Deferred<T> d) {
        assertThat(d.called()).as("Deferred has fired").isTrue();
        Object r = d.result();
        assertThat(r instanceof Failure).as("Deferred result is not a failure: %s", r).isFalse();
        return (T) r;
    }

    /** The failure of a fired Deferred, checked to be of {@code type}; then consumed. */
    public static Failure failureResultOf(Deferred<?> d, Class<? extends Throwable> type) {
        assertThat(d.called()).as("Deferred has fired").isTrue();
        Object r = d.result();
        assertThat(r).as("Deferred result is a failure").isInstanceOf(Failure.class);
        Failure f = (Failure) r;
        assertThat(f.check(type)).as("failure type " + f.type()).isNotNull();
        d.addErrback(ignored -> null);
        return f;
    }
}
