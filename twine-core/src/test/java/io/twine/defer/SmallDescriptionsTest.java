package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The descriptions that name things in reports: a lock file's, a future delivery's. */
class SmallDescriptionsTest {
    @TempDir
    Path dir;

    @Test
    void aFilesystemLockSaysWhetherItIsHeld() throws Exception {
        Path file = dir.resolve("lock");
        FilesystemLock lock = new FilesystemLock(file);
        assertThat(lock).hasToString("FilesystemLock[" + file + "]");
        assertThat(lock.lock()).isTrue();
        assertThat(lock).hasToString("FilesystemLock[" + file + ", locked]");
        lock.unlock();
    }

    /** A delivery handed to the executor names its Deferred, so a reactor's slow-call report can name the culprit. */
    @Test
    void aFutureDeliveryNamesItsDeferred() {
        List<Runnable> handed = new ArrayList<>();
        CompletableFuture<String> f = new CompletableFuture<>();
        Deferred<String> d = Deferred.fromFuture(f, handed::add);
        f.complete("done");
        assertThat(handed).singleElement().satisfies(r -> assertThat(r.toString())
                .isEqualTo("Deferred.fromFuture delivery to " + d));
        assertThat(d.called()).isFalse();
        handed.get(0).run();
        assertThat(d.result()).isEqualTo("done");
    }
}
