package io.twine.examples.coroutines;

import static io.twine.defer.Coroutines.await;

import io.twine.defer.Deferred;
import io.twine.task.ManualClock;
import java.io.PrintStream;

/**
 * The seed's two-level example: {@code bar} awaits a Deferred and then calls {@code foo}, which
 * awaits another; both are plain methods, and only the outermost call is wrapped in
 * {@link Deferred#fromCoroutine}. In Java {@code foo} is not even a coroutine object: it is an
 * ordinary method whose {@code await} suspends the coroutine that is running it, however deep the
 * call.
 */
public final class FooBar {
    private final ManualClock clock;
    private final PrintStream out;

    FooBar(ManualClock clock, PrintStream out) {
        this.clock = clock;
        this.out = out;
    }

    /** Some asynchronous operation: 40 after one second. */
    Deferred<Integer> someFunctionThatReturnsADeferred() {
        return later(1.0, 40);
    }

    /** Another: 2 after half a second. */
    Deferred<Integer> someOtherDeferredFunction() {
        return later(0.5, 2);
    }

    private Deferred<Integer> later(double seconds, int value) {
        Deferred<Integer> d = new Deferred<>();
        clock.callLater(seconds, () -> d.callback(value));
        return d;
    }

    int foo() throws Exception {
        int res = await(someFunctionThatReturnsADeferred());
        out.println("foo got " + res + " at t=" + clock.seconds());
        return res;
    }

    int bar() throws Exception {
        int baz = await(someOtherDeferredFunction());
        out.println("bar got " + baz + " at t=" + clock.seconds());
        int fooResult = foo(); // no fromCoroutine: foo runs inside bar's coroutine
        return baz + fooResult;
    }

    /**
     * The only place that wraps.
     *
     * @return a Deferred for bar's result
     */
    Deferred<Integer> myDeferredReturningFunction() {
        return Deferred.fromCoroutine(this::bar);
    }

    /**
     * Runs the example on a ManualClock.
     *
     * @param out where the example prints
     */
    public static void run(PrintStream out) {
        ManualClock clock = new ManualClock();
        FooBar example = new FooBar(clock, out);
        Deferred<Integer> d = example.myDeferredReturningFunction();
        d.addCallback(result -> {
            out.println("myDeferredReturningFunction fired with " + result + " at t=" + clock.seconds());
            return result;
        });
        clock.pump(0.5, 0.5, 0.5);
    }
}
