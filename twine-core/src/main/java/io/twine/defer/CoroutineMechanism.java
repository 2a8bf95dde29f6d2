package io.twine.defer;

/**
 * How Twine suspends and resumes coroutines in this JVM; see {@link Coroutines#mechanism()}.
 * Both give the same semantics; they differ in cost and in what {@link ThreadLocal}s and
 * {@link Thread#currentThread()} show inside a coroutine body.
 */
public enum CoroutineMechanism {
    /**
     * The JDK's internal one-shot continuation ({@code jdk.internal.vm.Continuation}): the body
     * runs on the stack of whichever thread resumes it. Measured on JDK 25: about 0.2 µs per
     * await of an unfired Deferred (about twice a bare continuation resume + yield) and about 440
     * bytes per suspended coroutine (all of Twine's bookkeeping included; docs/benchmarks.md).
     * Used when the
     * application exports {@code java.base/jdk.internal.vm} to Twine
     * ({@code --add-exports java.base/jdk.internal.vm=io.twine.core} on the module path,
     * {@code =ALL-UNNAMED} on the class path, or an {@code Add-Exports: java.base/jdk.internal.vm}
     * manifest line for {@code java -jar}).
     */
    CONTINUATION,
    /**
     * The fallback: each coroutine body runs on its own virtual thread, handed control strictly in
     * turn with the thread that resumes it (which waits meanwhile), so that still only one thread
     * runs at a time. Measured on JDK 25: 0.3-2.4 µs per await when resumed from a virtual thread,
     * about 30 µs when resumed from a platform thread, about 1,100 bytes per suspended coroutine.
     * A coroutine abandoned while suspended (the Deferred it awaits is dropped without firing) is
     * not garbage-collected here, unlike with {@link #CONTINUATION}: the JDK keeps every virtual
     * thread reachable for thread dumps unless the JVM runs with {@code -Djdk.trackAllThreads=false}.
     */
    VIRTUAL_THREAD
}
