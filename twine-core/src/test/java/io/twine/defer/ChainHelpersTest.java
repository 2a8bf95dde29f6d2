package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Twisted's passthru and logError. */
class ChainHelpersTest {

    @Test
    void passthruReturnsItsArgument() {
        Object x = new Object();
        assertThat(Defer.passthru(x)).isSameAs(x);
        assertThat(Defer.<Object>passthru(null)).isNull();
    }

    @Test
    void passthruAsCallbackLeavesTheResultAsItIs() {
        Deferred<String> d = Deferred.succeed("x");
        d.addCallbacks(Defer::passthru, f -> "recovered");
        assertThat(d.result()).isEqualTo("x");
    }

    @Test
    void logErrorLogsTheTracebackAndKeepsTheChainFailingWithTheSameFailure() {
        // The unhandled-error reporter thread may log to the same logger meanwhile.
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Logger jul = Logger.getLogger("io.twine.defer");
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(h);
        try {
            Deferred<String> d = Deferred.fail(new IOException("disk on fire"));
            Failure original = (Failure) d.result();
            List<Object> seen = new ArrayList<>();
            d.addErrback(Defer::logError).addErrback(f -> {
                seen.add(f);
                return "handled";
            });
            assertThat(seen).containsExactly(original);
            assertThat(d.result()).isEqualTo("handled");
            assertThat(records).anySatisfy(r -> assertThat(r.getMessage())
                    .contains("logError").contains("java.io.IOException: disk on fire"));
        } finally {
            jul.removeHandler(h);
        }
    }
}
