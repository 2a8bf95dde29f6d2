package io.twine.defer;

import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Asynchronous code that reads like synchronous code: Twisted's {@code async def} / {@code await}
 * with {@code Deferred.fromCoroutine}, and its {@code @inlineCallbacks}. Use it with
 * {@code import static io.twine.defer.Coroutines.await;}:
 *
 * {@snippet lang="java" :
 * Deferred<List<User>> getUsers() {
 *     return Deferred.fromCoroutine(() -> {
 *         try {
 *             return parse(await(makeRequest("GET", "/users")));
 *         } catch (ConnectException e) {
 *             log.log(WARNING, "makeRequest failed due to connection error", e);
 *             return List.of();
 *         }
 *     });
 * }
 * }
 *
 * <h2>Semantics (Twisted's, exactly)</h2>
 * <ul>
 * <li>{@link #fromCoroutine} runs the body at once, on the calling thread, until its first
 *     {@code await} of a Deferred that has not fired, then returns a Deferred for the body's
 *     outcome: its return value, or the exception it threw.</li>
 * <li>{@link #await} of a fired Deferred returns at once, with no suspension and no thread switch;
 *     its result is left in place (not consumed). A failure is thrown as its original exception:
 *     same object, same type, checked exceptions included, never wrapped.</li>
 * <li>{@code await} of an unfired Deferred suspends the body. When the Deferred fires, the body
 *     resumes synchronously <em>on the thread that fired it</em>, inside that Deferred's callback
 *     chain, and that thread goes on only when the body awaits again or finishes. One thread runs
 *     at a time, as with Python generators: coroutines add no concurrency. The awaited result is
 *     consumed (the Deferred's later callbacks see {@code null}) and a failure counts as handled.</li>
 * <li>{@code await} works at any depth of ordinary method calls made by the body: there are no
 *     "coloured" methods, only methods that must run inside some coroutine. Only the outermost call
 *     needs {@link #fromCoroutine} (the seed's {@code foo}/{@code bar} example).</li>
 * <li>Cancelling the Deferred returned by {@code fromCoroutine} cancels the Deferred the body is
 *     awaiting (or, if the body is running, the next one it awaits); the body sees the outcome,
 *     usually {@link CancelledError}, at its {@code await}, and may catch it and go on (the returned
 *     Deferred then succeeds) or let it escape (it then fails with it).</li>
 * <li>A chain of any length of coroutines awaiting each other unwinds in constant stack (Twisted
 *     overflows near 200).</li>
 * <li>{@link ContextVar}s set before a coroutine starts are visible inside it after every resume, on
 *     whatever thread; values it sets are its own.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * A body runs on the thread that started it until its first suspension, and after each suspension
 * on the thread that fired the awaited Deferred. Nothing may rely on {@link ThreadLocal}s or on
 * {@link Thread#currentThread()} inside a body (see {@link ContextVar} for what they show); use
 * {@link ContextVar}. Holding a {@code synchronized} monitor across an await is allowed on JDK 24+
 * but moves the monitor with the coroutine: avoid it.
 *
 * <h2>Mechanism, and the flag that makes it fast</h2>
 * Java has no generators, so Twine suspends a body in one of two ways ({@link #mechanism()}):
 * <ul>
 * <li>{@link CoroutineMechanism#CONTINUATION}: the JDK's internal one-shot continuation, about
 *     0.2 µs per await of an unfired Deferred and about 440 bytes per suspended coroutine. A library
 *     cannot enable it by itself: the application passes
 *     {@code --add-exports java.base/jdk.internal.vm=io.twine.core} (Twine on the module path),
 *     {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} (class path), or puts
 *     {@code Add-Exports: java.base/jdk.internal.vm} in the manifest of the jar it starts with
 *     {@code java -jar}.</li>
 * <li>{@link CoroutineMechanism#VIRTUAL_THREAD}, used otherwise: the body runs on a virtual thread
 *     of its own, strictly in turn with the resuming thread. Same semantics; tens of microseconds
 *     per await when a platform thread (an event loop, {@code main}) resumes the coroutine, which is
 *     logged once through {@link System.Logger} (logger {@code io.twine.defer.Coroutines}) with the
 *     flag that fixes it. The system property {@code twine.coroutine.mechanism=virtual-thread}
 *     forces it.</li>
 * </ul>
 * An await inside a class initializer or under a native frame cannot suspend with either
 * mechanism: it throws {@link IllegalStateException} and changes nothing.
 *
 * <h2>Twisted mapping</h2>
 * {@code Deferred.fromCoroutine(coro)} / {@code ensureDeferred} → {@link #fromCoroutine} (also
 * {@link Deferred#fromCoroutine}); {@code await d} / {@code yield d} → {@link #await(Deferred)};
 * awaiting an asyncio future → {@link #await(CompletionStage)}; {@code @inlineCallbacks} →
 * {@link #inlineCallbacks(CoroutineBody)} and its overloads; {@code returnValue(x)} →
 * {@code return x}. Twisted's {@code x = yield 5} (a non-Deferred sent straight back) has no
 * counterpart: just use {@code 5}. Deliberate differences: a body that returns a Deferred fails
 * with {@link IllegalArgumentException} (a Deferred cannot be a result in Twine; write
 * {@code return await(d)}), and awaiting the coroutine's own Deferred fails with
 * {@link IllegalStateException} instead of hanging.
 */
public final class Coroutines {
    private static final Object NOT_READY = new Object();

    private Coroutines() {
    }

    /**
     * Runs {@code body} as a coroutine (Twisted's {@code Deferred.fromCoroutine}): at once, on this
     * thread, until its first {@link #await} of an unfired Deferred; then returns.
     *
     * @param body the coroutine's code
     * @param <T> the result type
     * @return a Deferred that fires with the body's return value or fails with what it threw; if
     *         the body finished without suspending, it has already fired. Cancelling it cancels
     *         what the body awaits (see the class documentation).
     */
    public static <T> Deferred<T> fromCoroutine(CoroutineBody<? extends T> body) {
        Objects.requireNonNull(body, "fromCoroutine needs a coroutine body, got null");
        return Coroutine.start(body, CoroutineFibers.factory());
    }

    /**
     * Twisted's {@code maybeDeferred} for a function that may {@link #await}: runs {@code f} now as a
     * coroutine and gives its outcome as a Deferred whatever it was. A returned Deferred is followed
     * (its result becomes the outcome), a thrown exception or returned {@link Failure} fails it, any
     * other value succeeds with it. (Twisted's {@code maybeDeferred(f)} starts {@code f}'s coroutine
     * when {@code f} returns one; a Java lambda cannot be told apart from an ordinary function, so
     * this is its own method.)
     *
     * @param f the function, started on the calling thread
     * @param <T> the outcome's type
     * @return a Deferred for the outcome
     */
    @SuppressWarnings("unchecked")
    public static <T> Deferred<T> maybeDeferred(CoroutineBody<?> f) {
        java.util.Objects.requireNonNull(f, "maybeDeferred needs a function, got null");
        return fromCoroutine(() -> {
            Object value = f.run();
            if (value instanceof Deferred<?> d) {
                return (T) await(d);
            }
            if (value instanceof Failure failure) {
                throw failure;
            }
            return (T) value;
        });
    }

    /**
     * Waits for {@code deferred} inside a coroutine (Twisted's {@code await d}) and returns its
     * result. If it has fired, returns at once without consuming the result; otherwise suspends
     * the coroutine, and the thread that later fires {@code deferred} resumes it right there,
     * inside its callback chain.
     *
     * @param deferred what to wait for
     * @param <T> its result type
     * @return its result
     * @throws Exception the original exception of the Deferred's failure (any type, unwrapped;
     *         {@link CancelledError} if it was cancelled)
     * @throws IllegalStateException if called outside a coroutine, if the coroutine cannot be
     *         suspended here (class initializer, native frame), or if it awaits its own Deferred
     */
    @SuppressWarnings("unchecked")
    public static <T> T await(Deferred<? extends T> deferred) throws Exception {
        Objects.requireNonNull(deferred, "await needs a Deferred, got null");
        Coroutine<?> c = Coroutine.current();
        if (c == null) {
            throw notInCoroutine();
        }
        Object r = deferred.resultForAwait(NOT_READY);
        if (r == NOT_READY) {
            r = c.suspendOn(deferred);
        }
        if (r instanceof Failure f) {
            throw f.raiseException();
        }
        return (T) r;
    }

    /**
     * Waits for a {@link CompletionStage} (for example a {@link java.util.concurrent.CompletableFuture})
     * inside a coroutine, as {@link #await(Deferred)} does. A stage that is already complete gives
     * its result at once; otherwise the coroutine resumes on the thread that completes the stage.
     * Cancelling the coroutine cancels the stage ({@code toCompletableFuture().cancel(false)}); a
     * cancelled stage is seen as {@link CancelledError} (its cause is the stage's
     * {@link java.util.concurrent.CancellationException}).
     *
     * @param stage what to wait for
     * @param <T> its result type
     * @return its result
     * @throws Exception the stage's exception, unwrapped from {@link CompletionException} and
     *         {@link ExecutionException}
     * @throws IllegalStateException as for {@link #await(Deferred)}
     */
    public static <T> T await(CompletionStage<? extends T> stage) throws Exception {
        Objects.requireNonNull(stage, "await needs a CompletionStage, got null");
        if (Coroutine.current() == null) {
            throw notInCoroutine();
        }
        return await(fromStage(stage));
    }

    /**
     * Whether the current thread is running a coroutine body, i.e. whether {@link #await} may be
     * called here.
     *
     * @return {@code true} inside a coroutine
     */
    public static boolean inCoroutine() {
        return Coroutine.current() != null;
    }

    /**
     * The mechanism this JVM's coroutines use, chosen once at first use (see the class
     * documentation).
     *
     * @return the mechanism
     */
    public static CoroutineMechanism mechanism() {
        return CoroutineFibers.factory().mechanism();
    }

    /**
     * Twisted's {@code @inlineCallbacks} for a function of no arguments: each call of the returned
     * supplier runs {@code fn} as a new coroutine ({@link #fromCoroutine}) and returns its
     * Deferred. {@code returnValue(x)} is {@code return x}; {@code yield d} is {@code await(d)}.
     * The overloads for one and two arguments work the same way:
     * {@snippet lang="java" :
     * Function<Http, Deferred<List<String>>> getUsers = inlineCallbacks((Http http) -> {
     *     String responseBody = await(http.makeRequest("GET", "/users"));
     *     return parseJson(responseBody);
     * });
     * Deferred<List<String>> users = getUsers.apply(http); // each call starts a coroutine
     * }
     *
     * @param fn the body
     * @param <R> the result type
     * @return a function that starts a coroutine per call
     */
    public static <R> Supplier<Deferred<R>> inlineCallbacks(CoroutineBody<? extends R> fn) {
        Objects.requireNonNull(fn, "inlineCallbacks needs a function, got null");
        return () -> fromCoroutine(fn);
    }

    /**
     * Twisted's {@code @inlineCallbacks} for a function of one argument (see
     * {@link #inlineCallbacks(CoroutineBody)}).
     *
     * @param fn the body
     * @param <A> the argument type
     * @param <R> the result type
     * @return a function that starts a coroutine per call
     */
    public static <A, R> Function<A, Deferred<R>> inlineCallbacks(CoroutineFunction<? super A, ? extends R> fn) {
        Objects.requireNonNull(fn, "inlineCallbacks needs a function, got null");
        return a -> fromCoroutine(() -> fn.apply(a));
    }

    /**
     * Twisted's {@code @inlineCallbacks} for a function of two arguments (see
     * {@link #inlineCallbacks(CoroutineBody)}).
     *
     * @param fn the body
     * @param <A> the first argument type
     * @param <B> the second argument type
     * @param <R> the result type
     * @return a function that starts a coroutine per call
     */
    public static <A, B, R> BiFunction<A, B, Deferred<R>> inlineCallbacks(
            CoroutineBiFunction<? super A, ? super B, ? extends R> fn) {
        Objects.requireNonNull(fn, "inlineCallbacks needs a function, got null");
        return (a, b) -> fromCoroutine(() -> fn.apply(a, b));
    }

    private static IllegalStateException notInCoroutine() {
        return new IllegalStateException("await() was called outside a coroutine. Start one with "
                + "Deferred.fromCoroutine(() -> { ... await(d) ... }), or call a function made by "
                + "Coroutines.inlineCallbacks(...), and await inside it (at any call depth)");
    }

    /** A Deferred that fires when {@code stage} completes; cancelling it cancels the stage. */
    private static <T> Deferred<T> fromStage(CompletionStage<? extends T> stage) {
        Deferred<T> d = new Deferred<>(self -> {
            try {
                stage.toCompletableFuture().cancel(false);
            } catch (UnsupportedOperationException cannotCancel) {
                // A stage without a future view cannot be cancelled; the Deferred fails with CancelledError.
            }
        });
        stage.whenComplete((value, error) -> {
            try {
                if (error != null) {
                    Throwable e = unwrap(error);
                    if (e instanceof java.util.concurrent.CancellationException && !(e instanceof CancelledError)) {
                        // A cancelled stage looks like any cancelled Deferred: CancelledError at the await.
                        e = new CancelledError("the awaited CompletionStage was cancelled").initCause(e);
                    }
                    d.errback(e);
                } else if (value instanceof Deferred<?>) {
                    d.errback(new IllegalArgumentException("the CompletionStage completed with a Deferred, which "
                            + "cannot be a result"));
                } else {
                    d.callback(value);
                }
            } catch (AlreadyCalledError cancelledMeanwhile) {
                // The Deferred was cancelled and has its outcome; the stage's late result is dropped.
            }
        });
        return d;
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
