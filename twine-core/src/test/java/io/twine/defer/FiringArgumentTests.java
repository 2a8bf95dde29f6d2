package io.twine.defer;

import static io.twine.defer.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;

/** What callback/errback refuse, and that a refused call leaves the Deferred as it was. */
class FiringArgumentTests {

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void callbackWithADeferredIsRefusedClearly() {
        // E9: Twisted stores the Deferred as a value; Twine refuses it (see the Deferred javadoc).
        Deferred d = new Deferred<>();
        Deferred<Integer> other = new Deferred<>();
        assertThatIllegalArgumentException().isThrownBy(() -> d.callback(other))
                .withMessageContaining("callback(aDeferred) is refused")
                .withMessageContaining("chainDeferred");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void refusedCallbackLeavesTheDeferredUnfiredAndUsable() {
        Deferred d = new Deferred<>();
        try {
            d.callback(Deferred.succeed(1));
        } catch (IllegalArgumentException expected) {
            // refused
        }
        assertThat(d.called()).isFalse();
        d.callback(5);
        assertThat(successResultOf(d)).isEqualTo(5);
    }

    @Test
    void errbackWithNullIsRefusedAndLeavesTheDeferredUnfired() {
        // E5: Java has no "current exception" for Twisted's argument-less errback().
        Deferred<Integer> d = new Deferred<>();
        assertThatNullPointerException().isThrownBy(() -> d.errback(null)).withMessageContaining("errback");
        assertThat(d.called()).isFalse();
        d.callback(1);
        assertThat(successResultOf(d)).isEqualTo(1);
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void callbackReturningADeferredIsNotTheSameAsFiringWithOne() {
        // The refusal only concerns firing: returning a Deferred from a callback chains.
        Deferred d = new Deferred<>();
        d.addCallback(x -> Deferred.succeed("inner"));
        d.callback(null);
        assertThat(successResultOf(d)).isEqualTo("inner");
    }
}
