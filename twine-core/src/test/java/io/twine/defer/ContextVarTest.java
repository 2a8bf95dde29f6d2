package io.twine.defer;

import static io.twine.defer.CoroutineTest.continuationMode;
import static io.twine.defer.CoroutineTest.onOtherThread;
import static io.twine.defer.CoroutineTest.outcome;
import static io.twine.defer.Coroutines.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * ContextVar on its own and across coroutine suspensions (Twisted's contextvars behaviour). Run in
 * both coroutine modes, like {@link CoroutineTest}.
 */
class ContextVarTest {

    @Nested
    class Basics {
        @Test
        void getWithoutValueOrDefaultThrowsNoSuchElementExceptionNamingTheVariable() {
            ContextVar<String> v = new ContextVar<>("user");
            assertThatThrownBy(v::get).isInstanceOf(NoSuchElementException.class).hasMessageContaining("'user'");
        }

        @Test
        void getGivesTheDefaultUntilAValueIsSet() {
            ContextVar<String> v = new ContextVar<>("user", "anonymous");
            assertThat(v.get()).isEqualTo("anonymous");
            v.set("alice");
            assertThat(v.get()).isEqualTo("alice");
        }

        @Test
        void getWithFallbackIgnoresTheDefault() {
            ContextVar<String> v = new ContextVar<>("user", "anonymous");
            assertThat(v.get("fallback")).isEqualTo("fallback");
        }

        @Test
        void resetRestoresThePreviousValueOrAbsence() {
            ContextVar<String> v = new ContextVar<>("user");
            ContextVar.Token<String> first = v.set("a");
            ContextVar.Token<String> second = v.set("b");
            assertThat(second.hadOldValue()).isTrue();
            v.reset(second);
            assertThat(v.get()).isEqualTo("a");
            v.reset(first);
            assertThat(v.get(null)).isNull();
            assertThat(first.hadOldValue()).isFalse();
        }

        @Test
        void tokenCanBeUsedOnlyOnce() {
            ContextVar<String> v = new ContextVar<>("user");
            ContextVar.Token<String> t = v.set("a");
            v.reset(t);
            assertThatThrownBy(() -> v.reset(t)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already been used");
        }

        @Test
        void resetRefusesATokenOfAnotherVariable() {
            ContextVar<String> a = new ContextVar<>("a");
            ContextVar<String> b = new ContextVar<>("b");
            ContextVar.Token<String> t = a.set("x");
            assertThatThrownBy(() -> b.reset(t)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'a'");
        }

        @Test
        void resetRefusesATokenMadeInAnotherContext() {
            ContextVar<String> v = new ContextVar<>("user");
            AtomicReference<ContextVar.Token<String>> t = new AtomicReference<>();
            onOtherThread(() -> t.set(v.set("elsewhere")));
            assertThatThrownBy(() -> v.reset(t.get())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("different context");
        }

        @Test
        void eachThreadHasItsOwnContextOutsideCoroutines() {
            ContextVar<String> v = new ContextVar<>("user");
            v.set("main");
            AtomicReference<String> seen = new AtomicReference<>();
            onOtherThread(() -> seen.set(v.get("nothing")));
            assertThat(seen.get()).isEqualTo("nothing");
        }
    }

    @Nested
    class InCoroutines {
        @Test
        void valueSetBeforeTheCoroutineStartsIsVisibleAfterEveryResumeOnAnyThread() {
            ContextVar<String> v = new ContextVar<>("request-id");
            v.set("r-1");
            Deferred<Integer> first = new Deferred<>();
            Deferred<Integer> second = new Deferred<>();
            Deferred<List<String>> c = Deferred.fromCoroutine(() -> {
                List<String> seen = new ArrayList<>();
                seen.add(v.get());
                await(first);
                seen.add(v.get());
                await(second);
                seen.add(v.get());
                return seen;
            });
            onOtherThread(() -> first.callback(1));
            onOtherThread(() -> second.callback(2));
            assertThat(outcome(c)).isEqualTo(List.of("r-1", "r-1", "r-1"));
        }

        @Test
        void valuesTheCoroutineSetsAreItsOwn() {
            ContextVar<String> v = new ContextVar<>("user", "none");
            Deferred<Integer> pending = new Deferred<>();
            Deferred<String> c = Deferred.fromCoroutine(() -> {
                v.set("inside");
                await(pending);
                return v.get();
            });
            assertThat(v.get()).isEqualTo("none");
            AtomicReference<String> firerSaw = new AtomicReference<>();
            onOtherThread(() -> {
                pending.callback(1);
                firerSaw.set(v.get());
            });
            assertThat(outcome(c)).isEqualTo("inside");
            assertThat(firerSaw.get()).isEqualTo("none");
            assertThat(v.get()).isEqualTo("none");
        }

        @Test
        void laterChangesByTheCallerAreInvisibleToTheCoroutine() {
            ContextVar<String> v = new ContextVar<>("user");
            v.set("before");
            Deferred<Integer> pending = new Deferred<>();
            Deferred<String> c = Deferred.fromCoroutine(() -> {
                await(pending);
                return v.get();
            });
            v.set("after");
            pending.callback(1);
            assertThat(outcome(c)).isEqualTo("before");
        }

        @Test
        void resetWithATokenWorksAcrossAwaits() {
            ContextVar<String> v = new ContextVar<>("user", "default");
            Deferred<Integer> pending = new Deferred<>();
            Deferred<String> c = Deferred.fromCoroutine(() -> {
                ContextVar.Token<String> t = v.set("temporary");
                await(pending);
                v.reset(t);
                return v.get();
            });
            onOtherThread(() -> pending.callback(1));
            assertThat(outcome(c)).isEqualTo("default");
        }

        @Test
        void nestedCoroutineStartsWithACopyOfTheContextItWasStartedFrom() {
            ContextVar<String> v = new ContextVar<>("user", "none");
            Deferred<Integer> pending = new Deferred<>();
            Deferred<String> c = Deferred.fromCoroutine(() -> {
                v.set("outer");
                Deferred<String> inner = Deferred.fromCoroutine(() -> {
                    String got = v.get();
                    v.set("inner");
                    await(pending);
                    return got + "/" + v.get();
                });
                String innerResult = await(inner);
                return innerResult + "/" + v.get();
            });
            pending.callback(1);
            assertThat(outcome(c)).isEqualTo("outer/inner/outer");
        }

        @Test
        void plainCallbacksSeeTheContextOfTheThreadThatRunsThem() {
            ContextVar<String> v = new ContextVar<>("user", "none");
            v.set("adder");
            Deferred<String> d = new Deferred<>();
            AtomicReference<String> seen = new AtomicReference<>();
            d.addCallback(x -> {
                seen.set(v.get());
                return x;
            });
            onOtherThread(() -> d.callback("x"));
            assertThat(seen.get()).isEqualTo("none");
        }

        @Test
        void threadLocalsInsideACoroutineAreThoseOfTheThreadRunningTheBody() {
            ThreadLocal<String> local = new ThreadLocal<>();
            local.set("starter");
            Deferred<Integer> pending = new Deferred<>();
            Deferred<List<String>> c = Deferred.fromCoroutine(() -> {
                List<String> seen = new ArrayList<>();
                seen.add(String.valueOf(local.get()));
                await(pending);
                seen.add(String.valueOf(local.get()));
                return seen;
            });
            onOtherThread(() -> {
                local.set("firer");
                pending.callback(1);
            });
            if (continuationMode()) {
                // The body runs on the starter, then on the thread that fired.
                assertThat(outcome(c)).isEqualTo(List.of("starter", "firer"));
            } else {
                // The body runs on its own virtual thread throughout.
                assertThat(outcome(c)).isEqualTo(List.of("null", "null"));
            }
            local.remove();
        }
    }
}
