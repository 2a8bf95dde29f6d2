package io.twine.reactor;

import io.twine.defer.Deferred;

/**
 * Run in a JVM of its own by {@link ReactExitTest}: {@code React.react} and
 * {@code React.reactCoroutine} end the JVM with the program's status.
 */
final class ReactExitMain {
    private ReactExitMain() {
    }

    public static void main(String[] args) {
        switch (args[0]) {
            case "react-ok" -> React.react(reactor -> Deferred.succeed("done"));
            case "react-exit" -> React.react(reactor -> Deferred.fail(new SystemExit(3)));
            case "coroutine-exit" -> React.reactCoroutine(reactor -> {
                throw new SystemExit(4);
            });
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println("react returned"); // never: react exits the JVM
    }
}
