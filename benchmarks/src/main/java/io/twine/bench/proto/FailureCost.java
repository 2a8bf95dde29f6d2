package io.twine.bench.proto;

import io.twine.defer.Failure;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.*;

/**
 * What one {@link Failure} costs on the error path (workload 3 creates one per chain), against
 * the same wrapper with its message computed lazily and with/without the global serial number.
 * twine-core's Failure builds "class: message" eagerly for its super constructor and takes a
 * number from one shared AtomicLong. Run: {@code ./twine bench short 'proto.FailureCost'}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class FailureCost {

    Throwable error = new IllegalStateException("stage 3 fails", null) { };

    @Benchmark
    public Object twineFailure() {
        return new Failure(error);
    }

    @Benchmark
    public Object lazyMessageWithCounter() {
        return new LazyFailure(error, true);
    }

    @Benchmark
    public Object lazyMessageNoCounter() {
        return new LazyFailure(error, false);
    }

    /** Failure's shape with the headline built only when someone asks for the message. */
    static final class LazyFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private static final AtomicLong COUNTER = new AtomicLong();
        private final Throwable value;
        private final long count;

        LazyFailure(Throwable value, boolean counted) {
            super(null, value, false, false);
            this.value = value;
            this.count = counted ? COUNTER.incrementAndGet() : 0;
        }

        @Override
        public String getMessage() {
            String m = value.getMessage();
            return m == null ? value.getClass().getName() : value.getClass().getName() + ": " + m;
        }

        long count() {
            return count;
        }
    }
}
