package io.twine.jcstress;

import static io.twine.defer.Coroutines.await;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.twine.defer.CancelledError;
import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * A coroutine suspended on an unfired Deferred (no canceller): one thread fires that Deferred
 * while another cancels the coroutine's Deferred. The await state machine is lock-free, so this is
 * where a lost or doubled resume would show. Allowed: the firing wins (the body returns "x"), or
 * the cancel wins (the awaited Deferred fails with CancelledError, the body catches it and
 * returns "caught"; the late callback is ignored). Never unfired, never a Failure, never both.
 */
@JCStressTest
@Outcome(id = "x", expect = ACCEPTABLE, desc = "the firing resumed the body first")
@Outcome(id = "caught", expect = ACCEPTABLE, desc = "the cancel reached the awaited Deferred first")
@Outcome(expect = FORBIDDEN, desc = "lost resume (unfired), a stray failure, or a doubled outcome")
@State
public class CoroutineCancelVersusFire {
    private final Deferred<String> awaited = new Deferred<>();
    private final Deferred<String> coroutine = Deferred.fromCoroutine(() -> {
        try {
            return await(awaited);
        } catch (CancelledError e) {
            return "caught";
        }
    });

    @Actor
    public void fire() {
        awaited.callback("x");
    }

    @Actor
    public void cancel() {
        coroutine.cancel();
    }

    @Arbiter
    public void arbiter(L_Result r) {
        if (!coroutine.called()) {
            r.r1 = "unfired";
            return;
        }
        Object result = coroutine.result();
        r.r1 = result instanceof Failure f ? "failure " + f.type().getSimpleName() : String.valueOf(result);
    }
}
