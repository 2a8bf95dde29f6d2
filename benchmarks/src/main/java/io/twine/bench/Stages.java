package io.twine.bench;

import io.twine.defer.Callback;
import io.twine.defer.Errback;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The stage functions every workload uses, one constant per library's function type, so that
 * no benchmark allocates a lambda per operation and all libraries run the same arithmetic.
 * Results stay within the {@link Integer} cache (-128..127), so no stage allocates a box: the
 * bytes per operation that JMH's gc profiler reports are the libraries' own.
 */
final class Stages {

    /** Stages per chain in workloads 1-3. */
    static final int STAGES = 10;
    /** Stage (1-based) that throws in workload 3. */
    static final int FAILING_STAGE = 3;
    /** Stage (1-based) that recovers in workload 3. */
    static final int RECOVERING_STAGE = 7;
    /** What the recovering stage returns. */
    static final int RECOVERED = 100;
    /** The result of workload 3: recovered, then three more increments. */
    static final int ERROR_PATH_RESULT = RECOVERED + STAGES - RECOVERING_STAGE;

    /**
     * The exception stage 3 throws: preallocated and stackless, so the workload measures the
     * libraries' error paths rather than {@code fillInStackTrace}. (A library that wraps it in an
     * exception of its own, as CompletableFuture does with CompletionException, pays for that.)
     */
    static final RuntimeException BOOM = new Boom();

    static final class Boom extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Boom() {
            super("stage 3 fails", null, false, false);
        }
    }

    // Twine
    static final Callback<Integer, Integer> TW_INC = x -> x + 1;
    static final Callback<Integer, Integer> TW_FAIL = x -> {
        throw BOOM;
    };
    static final Errback<Integer> TW_RECOVER = f -> RECOVERED;

    // CompletableFuture, Vert.x and Reactor take java.util.function types
    static final Function<Integer, Integer> INC = x -> x + 1;
    static final Function<Integer, Integer> FAIL = x -> {
        throw BOOM;
    };
    static final Function<Throwable, Integer> RECOVER = e -> RECOVERED;

    // Guava takes its own Function (a subtype of java.util.function.Function)
    static final com.google.common.base.Function<Integer, Integer> G_INC = x -> x + 1;
    static final com.google.common.base.Function<Integer, Integer> G_FAIL = x -> {
        throw BOOM;
    };
    static final com.google.common.base.Function<RuntimeException, Integer> G_RECOVER = e -> RECOVERED;

    // The floors work on Object
    static final Function<Object, Object> M_INC = x -> (Integer) x + 1;
    static final Function<Object, Object> M_FAIL = x -> {
        throw BOOM;
    };
    static final Function<Throwable, Object> M_RECOVER = e -> RECOVERED;

    private Stages() {
    }

    /** Receives a Reactor subscription's value, so the benchmark can return it. */
    static final class Holder implements Consumer<Object> {
        Object value;

        @Override
        public void accept(Object v) {
            value = v;
        }
    }
}
