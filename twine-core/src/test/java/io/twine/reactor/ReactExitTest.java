package io.twine.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import io.twine.defer.ChildJvm;
import org.junit.jupiter.api.Test;

/** The System.exit forms of React: each runs in a JVM of its own, which they end. */
class ReactExitTest {

    @Test
    void reactExitsWithZeroWhenTheMainDeferredSucceeds() throws Exception {
        assertThat(ChildJvm.runWithArgs(ReactExitMain.class, 0, "react-ok")).doesNotContain("react returned");
    }

    @Test
    void reactExitsWithTheStatusOfASystemExitFailure() throws Exception {
        assertThat(ChildJvm.runWithArgs(ReactExitMain.class, 3, "react-exit")).doesNotContain("react returned");
    }

    @Test
    void reactCoroutineExitsWithTheStatusOfASystemExitThrownByTheBody() throws Exception {
        assertThat(ChildJvm.runWithArgs(ReactExitMain.class, 4, "coroutine-exit")).doesNotContain("react returned");
    }
}
