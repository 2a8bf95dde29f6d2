package io.twine.reactor;

import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * Runs a program whose work is one Deferred: Twisted's {@code task.react}.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     React.react(reactor -> fetchEverything(reactor, args));
 * }
 * }</pre>
 *
 * <p>The main function runs on the loop thread as soon as the reactor runs. When the Deferred it
 * returns fires, the reactor stops (waiting for pool work as {@link Reactor#stop()} describes)
 * and the process exits with status
 * <ul>
 * <li>0 if the Deferred succeeded;</li>
 * <li>{@link SystemExit#code()} if it failed with a {@link SystemExit};</li>
 * <li>1 if it failed with anything else (the failure is logged at {@code ERROR} as "main
 *     function encountered error"), or if the main function threw or returned {@code null}.</li>
 * </ul>
 * If something else stops the reactor before the Deferred fires, the status is 0, as in Twisted.
 */
public final class React {
    private React() {
    }

    /**
     * The program's main function.
     */
    @FunctionalInterface
    public interface Main {
        /**
         * Starts the program's work.
         *
         * @param reactor the running reactor
         * @return a Deferred that fires when the program is done
         * @throws Exception to fail the program at once
         */
        Deferred<?> main(Reactor reactor) throws Exception;
    }

    /**
     * Runs {@code main} on a new default reactor and exits the JVM with the resulting status.
     *
     * @param main the main function
     */
    public static void react(Main main) {
        react(Reactor.create(), main, System::exit);
    }

    /**
     * Twisted's {@code react} with a coroutine function as {@code main}: {@code main} runs as a
     * coroutine (it may {@link io.twine.defer.Coroutines#await await}) on a new default reactor, and
     * the JVM exits with 0 when it returns, 1 when it throws (or the status of a
     * {@link SystemExit}). A separate name, not an overload of {@link #react(Main)}, because a
     * lambda would fit both.
     *
     * @param main the program, run as a coroutine on the loop thread
     */
    public static void reactCoroutine(io.twine.defer.CoroutineFunction<? super Reactor, ?> main) {
        reactCoroutine(Reactor.create(), main, System::exit);
    }

    /**
     * As {@link #reactCoroutine(io.twine.defer.CoroutineFunction)}, on the given reactor and
     * handing the exit status to {@code exit} (see {@link #react(Reactor, Main, IntConsumer)}).
     *
     * @param reactor a reactor that has not run yet
     * @param main the program, run as a coroutine on the loop thread
     * @param exit receives the exit status once the reactor has stopped
     */
    public static void reactCoroutine(Reactor reactor, io.twine.defer.CoroutineFunction<? super Reactor, ?> main,
                                      IntConsumer exit) {
        Objects.requireNonNull(main, "main");
        react(reactor, r -> Deferred.fromCoroutine(() -> main.apply(r)), exit);
    }

    /**
     * Runs {@code main} on {@code reactor} (on the calling thread, which becomes the loop thread)
     * and hands the exit status to {@code exit} once the reactor has stopped. Tests pass their own
     * {@code exit} to see the status instead of ending the JVM.
     *
     * @param reactor a reactor that has not run yet
     * @param main the main function
     * @param exit receives the exit status, on the calling thread, after the reactor stopped
     * @throws ReactorAlreadyRunning if the reactor is running
     * @throws ReactorNotRestartable if it has run before
     */
    public static void react(Reactor reactor, Main main, IntConsumer exit) {
        Objects.requireNonNull(reactor, "reactor");
        Objects.requireNonNull(main, "main");
        Objects.requireNonNull(exit, "exit");
        int[] status = {0}; // written and read on the loop thread (this thread)
        reactor.callWhenRunning(() -> {
            Deferred<?> finished = Deferred.maybeDeferred(() -> {
                Deferred<?> d = main.main(reactor);
                if (d == null) {
                    throw new IllegalStateException("react: the main function returned null instead of a Deferred");
                }
                return d;
            });
            finished.addBoth(result -> {
                status[0] = statusOf(result, reactor);
                reactor.tryStop();
                return null;
            });
        });
        reactor.run();
        exit.accept(status[0]);
    }

    private static int statusOf(Object result, Reactor reactor) {
        if (!(result instanceof Failure f)) {
            return 0;
        }
        if (f.value() instanceof SystemExit e) {
            return e.code();
        }
        reactor.reportError("main function encountered error", f.value());
        return 1;
    }
}
