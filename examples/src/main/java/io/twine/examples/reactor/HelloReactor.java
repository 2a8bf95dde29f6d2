package io.twine.examples.reactor;

import io.twine.defer.Deferred;
import io.twine.reactor.React;
import io.twine.reactor.Reactor;
import java.io.PrintStream;

/**
 * The README's ten-line reactor program: a timer fires a Deferred, blocking work runs on a pool
 * thread, and every callback runs on the loop thread; {@link React#react} stops the reactor when
 * the work is done and exits with status 0.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     React.react(reactor -> {
 *         Deferred<String> tick = new Deferred<>();
 *         reactor.callLater(0.5, () -> tick.callback("tick after 0.5 s"));
 *         return tick
 *             .addCallbackDeferred(t -> reactor.deferToThread(() -> t + ", then blocking work on a pool thread"))
 *             .addCallback(msg -> { System.out.println(msg + ", printed on the loop thread"); return null; });
 *     });
 * }
 * }</pre>
 */
public final class HelloReactor {
    private HelloReactor() {
    }

    /**
     * The program's main function, printing to {@code out}.
     *
     * @param reactor the running reactor
     * @param out where to print
     * @return the Deferred that fires when the program is done
     */
    static Deferred<Object> program(Reactor reactor, PrintStream out) {
        Deferred<String> tick = new Deferred<>();
        reactor.callLater(0.5, () -> tick.callback("tick after 0.5 s"));
        return tick
                .addCallbackDeferred(t -> reactor.deferToThread(() -> t + ", then blocking work on a pool thread"))
                .addCallback(msg -> {
                    out.println(msg + ", printed on the " + (reactor.isInLoopThread() ? "loop" : "WRONG") + " thread");
                    return null;
                });
    }

    /**
     * Runs the program on a new reactor and prints the exit status instead of exiting.
     *
     * @param out where to print
     */
    public static void run(PrintStream out) {
        React.react(Reactor.create(), r -> program(r, out), status -> out.println("exit status " + status));
    }

    /**
     * Runs the program and exits the JVM with its status, as a real program does.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        React.react(reactor -> program(reactor, System.out));
    }
}
