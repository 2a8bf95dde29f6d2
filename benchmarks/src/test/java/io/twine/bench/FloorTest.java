package io.twine.bench;

import static io.twine.bench.Stages.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The floors are yardsticks, but they must still do the work they are compared on. */
class FloorTest {

    @Test
    void miniDeferredRunsCallbacksInOrderWhenFired() {
        List<Integer> seen = new ArrayList<>();
        MiniDeferred d = new MiniDeferred();
        d.addCallback(x -> { seen.add(1); return x; }).addCallback(x -> { seen.add(2); return x; });
        assertThat(seen).isEmpty();
        d.callback(0);
        assertThat(seen).containsExactly(1, 2);
    }

    @Test
    void miniDeferredRunsALateCallbackAtOnce() {
        MiniDeferred d = MiniDeferred.succeed(1);
        d.addCallback(M_INC);
        assertThat(d.result()).isEqualTo(2);
    }

    @Test
    void miniDeferredSkipsCallbacksAfterAFailureUntilAnErrbackRecovers() {
        MiniDeferred d = new MiniDeferred();
        d.addCallback(M_FAIL).addCallback(M_INC).addErrback(M_RECOVER).addCallback(M_INC);
        d.callback(0);
        assertThat(d.result()).isEqualTo(RECOVERED + 1);
    }

    @Test
    void miniDeferredRefusesASecondFiring() {
        MiniDeferred d = new MiniDeferred();
        d.callback(0);
        assertThatThrownBy(() -> d.callback(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void miniCasDeferredRunsCallbacksAddedByARunningCallbackAfterTheCurrentOne() {
        List<Integer> seen = new ArrayList<>();
        MiniCasDeferred d = new MiniCasDeferred();
        d.addCallback(x -> {
            seen.add(1);
            d.addCallback(y -> { seen.add(3); return y; });
            return x;
        }).addCallback(x -> { seen.add(2); return x; });
        d.callback(0);
        assertThat(seen).containsExactly(1, 2, 3);
    }

    @Test
    void miniCasDeferredRecoversOnTheErrorPath() {
        MiniCasDeferred d = new MiniCasDeferred();
        d.addCallback(M_FAIL).addCallback(M_INC).addErrback(M_RECOVER).addCallback(M_INC);
        d.callback(0);
        assertThat(d.result()).isEqualTo(RECOVERED + 1);
        assertThat(d.called()).isTrue();
    }

    @Test
    void miniCasDeferredRefusesASecondFiring() {
        MiniCasDeferred d = new MiniCasDeferred();
        d.callback(0);
        assertThatThrownBy(() -> d.callback(1)).isInstanceOf(IllegalStateException.class);
    }
}
