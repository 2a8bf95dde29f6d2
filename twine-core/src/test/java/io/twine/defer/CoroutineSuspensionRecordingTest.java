package io.twine.defer;

import static io.twine.defer.Coroutines.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SuspendedCoroutines}: the harness's window of coroutines still suspended. Surefire runs
 * this class with both coroutine mechanisms (its name matches {@code Coroutine*Test}).
 */
class CoroutineSuspensionRecordingTest {

    private SuspendedCoroutines window = SuspendedCoroutines.start();

    @AfterEach
    void closeWindow() {
        window.close();
    }

    /** A coroutine that awaits {@code d} once and returns its value. */
    private static Deferred<Object> awaiting(Deferred<?> d) {
        return Deferred.fromCoroutine(() -> await(d));
    }

    @Test
    void listsACoroutineSuspendedOnAnUnfiredDeferred() {
        Deferred<String> never = new Deferred<>();

        awaiting(never);

        List<SuspendedCoroutines.Suspension> s = window.suspended();
        assertThat(s).hasSize(1);
        assertThat(s.get(0).awaited()).isSameAs(never);
        assertThat(s.get(0).coroutine()).startsWith("coroutine " + CoroutineSuspensionRecordingTest.class.getName());
    }

    @Test
    void theSiteIsTheAwaitCallInTheBodyWithoutTwineFrames() {
        awaiting(new Deferred<>());

        StackTraceElement[] site = window.suspended().get(0).site().getStackTrace();
        assertThat(site).isNotEmpty();
        assertThat(site[0].getClassName()).isEqualTo(CoroutineSuspensionRecordingTest.class.getName());
        assertThat(site[0].getMethodName()).startsWith("lambda$awaiting");
        assertThat(Arrays.stream(site).map(StackTraceElement::getClassName))
                .doesNotContain(Coroutine.class.getName(), Coroutines.class.getName(),
                        SuspendedCoroutines.class.getName())
                .noneMatch(c -> c.startsWith("jdk.internal.vm.") || c.startsWith("java.lang.VirtualThread"));
    }

    @Test
    void describeNamesTheCoroutineWhatItAwaitsAndWhere() {
        Deferred<String> never = new Deferred<>();
        awaiting(never);

        String text = window.suspended().get(0).describe();

        assertThat(text).startsWith("coroutine " + CoroutineSuspensionRecordingTest.class.getName())
                .contains(" is suspended awaiting " + never + "\n")
                .containsPattern("\tat (\\S+/)?" + CoroutineSuspensionRecordingTest.class.getName().replace(".", "\\.")
                        + "\\.lambda\\$awaiting");
    }

    @Test
    void forgetsACoroutineWhenItsDeferredFires() {
        Deferred<String> d = new Deferred<>();
        Deferred<Object> c = awaiting(d);

        d.callback("done");

        assertThat(c.result()).isEqualTo("done");
        assertThat(window.suspended()).isEmpty();
    }

    @Test
    void forgetsACoroutineResumedOnAnotherThread() {
        Deferred<String> d = new Deferred<>();
        awaiting(d);

        CoroutineTest.onOtherThread(() -> d.callback("done"));

        assertThat(window.suspended()).isEmpty();
    }

    @Test
    void forgetsACancelledCoroutine() {
        Deferred<Object> c = awaiting(new Deferred<>());

        c.cancel();

        assertThat(CoroutineTest.error(c)).isInstanceOf(CancelledError.class);
        assertThat(window.suspended()).isEmpty();
    }

    @Test
    void listsOnlyTheAwaitTheCoroutineIsSuspendedAtNow() {
        Deferred<String> first = new Deferred<>();
        Deferred<String> second = new Deferred<>();
        Deferred.fromCoroutine(() -> await(first) + await(second));

        first.callback("a");

        assertThat(window.suspended()).singleElement().satisfies(s -> assertThat(s.awaited()).isSameAs(second));
    }

    @Test
    void doesNotListACoroutineThatAwaitsOnlyFiredDeferreds() {
        Deferred<Object> c = awaiting(Deferred.succeed("now"));

        assertThat(c.result()).isEqualTo("now");
        assertThat(window.suspended()).isEmpty();
    }

    @Test
    void listsSeveralInTheOrderTheySuspended() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        awaiting(a);
        awaiting(b);

        assertThat(window.suspended()).extracting(SuspendedCoroutines.Suspension::awaited).containsExactly(a, b);
    }

    @Test
    void doesNotListACoroutineSuspendedBeforeTheWindowOpened() {
        window.close();
        Deferred<String> d = new Deferred<>();
        awaiting(d);

        window = SuspendedCoroutines.start();

        assertThat(window.suspended()).isEmpty();
        d.callback("done"); // resuming one it never saw is harmless
        assertThat(window.suspended()).isEmpty();
    }

    @Test
    void aClosedWindowListsNothing() {
        awaiting(new Deferred<>());

        window.close();

        assertThat(window.isClosed()).isTrue();
        assertThat(window.suspended()).isEmpty();
        awaiting(new Deferred<>());
        assertThat(window.suspended()).isEmpty();
    }

    @Test
    void closeIsIdempotent() {
        window.close();
        window.close();

        assertThat(window.isClosed()).isTrue();
    }

    @Test
    void onlyTheNewestOpenWindowRecords() {
        Deferred<String> inner;
        try (SuspendedCoroutines newer = SuspendedCoroutines.start()) {
            inner = new Deferred<>();
            awaiting(inner);

            assertThat(newer.suspended()).extracting(SuspendedCoroutines.Suspension::awaited).containsExactly(inner);
            assertThat(window.suspended()).isEmpty();
        }
        Deferred<String> outer = new Deferred<>();
        awaiting(outer);

        assertThat(window.suspended()).extracting(SuspendedCoroutines.Suspension::awaited).containsExactly(outer);
    }

    /** Awaits, once, in its class initializer: a place where a coroutine cannot suspend. */
    static final class AwaitsInItsInitializer {
        static final Deferred<String> AWAITED = new Deferred<>();
        static final String VALUE;

        static {
            String v;
            try {
                v = await(AWAITED);
            } catch (Exception e) {
                v = "refused: " + e.getMessage();
            }
            VALUE = v;
        }

        private AwaitsInItsInitializer() {
        }
    }

    @Test
    void aRefusedSuspensionIsNotListed() {
        Deferred<Object> c = Deferred.fromCoroutine(() -> AwaitsInItsInitializer.VALUE);

        assertThat((String) c.result()).startsWith("refused: ").contains("class initializer");
        assertThat(window.suspended()).isEmpty();
    }
}
