package io.twine.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import io.twine.task.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The code the introduction shows does what the introduction says it does. */
class IntroductionExamplesTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final ManualClock clock = new ManualClock();

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** One line after another: the names are read, sorted, then printed. */
    @Test
    void stepByStepPrintsTheSortedNames() throws IOException {
        new JoyOfOrder(out).printSortedNames(() -> List.of("carol", "alice", "bob"));

        assertThat(printed()).isEqualTo("[alice, bob, carol]" + System.lineSeparator());
    }

    /** The loop adds every balance before printing the total. */
    @Test
    void totalAddsEveryBalance() {
        new JoyOfOrder(out).printTotal(List.of(() -> new BigDecimal("1.50"), () -> new BigDecimal("2.25")));

        assertThat(printed()).isEqualTo("Total balance $3.75" + System.lineSeparator());
    }

    /** Treating "returned" as "finished" launches the pod into closed doors. */
    @Test
    void recklessLaunchCrashesIntoTheClosedDoors() {
        PodBay bay = new PodBay(clock);

        bay.launchRecklessly();
        clock.advance(PodBay.OPENING_SECONDS);

        assertThat(bay.events()).containsExactly("crashed into the doors", "doors open");
    }

    /** With a placeholder the launch waits until the doors are open. */
    @Test
    void placeholderLaunchWaitsForTheDoors() {
        PodBay bay = new PodBay(clock);

        bay.launchWithPlaceholder();
        assertThat(bay.events()).isEmpty();
        clock.advance(PodBay.OPENING_SECONDS);

        assertThat(bay.events()).containsExactly("doors open", "launched");
    }

    /** With a Deferred the launch is a callback: nothing happens until the doors open. */
    @Test
    void deferredLaunchRunsAsACallbackOnceTheDoorsAreOpen() {
        PodBay bay = new PodBay(clock);

        Deferred<String> d = bay.launchWithDeferred();
        assertThat(d.called()).isFalse();
        assertThat(bay.events()).isEmpty();
        clock.advance(PodBay.OPENING_SECONDS);

        assertThat(bay.events()).containsExactly("doors open", "launched");
        assertThat(d.result()).isEqualTo("launched");
    }

    /** A callback added to a Deferred that has fired runs at once. */
    @Test
    void callbackOnAFiredDeferredRunsInsideAddCallback() {
        PodBay bay = new PodBay(clock);

        Deferred<String> d = bay.launchThroughOpenDoors();

        assertThat(d.result()).isEqualTo("launched");
        assertThat(bay.events()).containsExactly("doors open", "launched");
    }

    /** A placeholder's plan made after the value arrived runs at once; a second value is refused. */
    @Test
    void placeholderRunsLatePlansAtOnceAndRefusesASecondValue() {
        Placeholder<String> p = new Placeholder<>();
        p.done("open");
        AtomicReference<String> seen = new AtomicReference<>();

        p.whenDone(seen::set);

        assertThat(seen).hasValue("open");
        assertThatThrownBy(() -> p.done("again")).isInstanceOf(IllegalStateException.class);
    }

    private static FailureHandling.Names names(Exception error) {
        return new FailureHandling.Names() {
            @Override
            public List<String> getNames() throws IOException {
                if (error instanceof IOException io) {
                    throw io;
                }
                throw (RuntimeException) error;
            }

            @Override
            public Deferred<List<String>> getNamesLater() {
                return Deferred.fail(error);
            }
        };
    }

    /** The catch clause and the errback both turn an IOException into an empty list, and say so. */
    @Test
    void catchAndErrbackBothHandleAnIOException() {
        FailureHandling example = new FailureHandling(out);

        assertThat(example.namesOrNone(names(new IOException("disk gone")))).isEmpty();
        assertThat(example.namesOrNoneLater(names(new IOException("disk gone"))).result()).isEqualTo(List.of());
        assertThat(printed().lines()).containsExactly(
                "could not read the names: disk gone", "could not read the names: disk gone");
    }

    /** Neither handles another error: the same exception escapes the catch and fails the Deferred. */
    @Test
    void catchAndErrbackBothLetOtherErrorsThrough() {
        FailureHandling example = new FailureHandling(out);
        IllegalStateException bug = new IllegalStateException("bug");

        assertThatThrownBy(() -> example.namesOrNone(names(bug))).isSameAs(bug);
        Deferred<List<String>> d = example.namesOrNoneLater(names(bug));
        assertThat(d.result()).isInstanceOfSatisfying(Failure.class, f -> assertThat(f.value()).isSameAs(bug));
        d.addErrback(f -> null); // handled: no unhandled-error report
        assertThat(printed()).isEmpty();
    }

    private static final String USERS = "[\"alice\", \"bob\"]";

    /** A blocking fake server: answers at once, or fails with {@code error}. */
    private static Users.BlockingHttp blockingServer(IOException error) {
        return (method, path) -> {
            if (error != null) {
                throw error;
            }
            return USERS;
        };
    }

    /** An asynchronous fake server: answers one clock second later, or fails with {@code error} then. */
    private Users.Http server(IOException error) {
        return (method, path) -> {
            Deferred<String> d = new Deferred<>();
            clock.callLater(1.0, () -> {
                if (error != null) {
                    d.errback(error);
                } else {
                    d.callback(USERS);
                }
            });
            return d;
        };
    }

    /** Blocking and callback versions of getUsers both parse the answer; the Deferred one only later. */
    @Test
    void getUsersParsesTheAnswerInBothStyles() throws IOException {
        Users users = new Users(out);

        assertThat(users.getUsers(blockingServer(null))).containsExactly("alice", "bob");
        Deferred<List<String>> d = users.getUsers(server(null));
        assertThat(d.called()).isFalse();
        clock.advance(1.0);
        assertThat(d.result()).isEqualTo(List.of("alice", "bob"));
    }

    /** A connection error becomes an empty list, reported, in both styles. */
    @Test
    void getUsersFallsBackToNoUsersOnAConnectionError() throws IOException {
        Users users = new Users(out);

        assertThat(users.getUsers(blockingServer(new ConnectException("refused")))).isEmpty();
        Deferred<List<String>> d = users.getUsers(server(new ConnectException("refused")));
        clock.advance(1.0);

        assertThat(d.result()).isEqualTo(List.of());
        assertThat(printed().lines()).containsExactly(
                "makeRequest failed due to connection error: refused",
                "makeRequest failed due to connection error: refused");
    }

    /** Any other error escapes both versions unchanged. */
    @Test
    void getUsersLetsOtherErrorsThrough() {
        Users users = new Users(out);
        IOException timeout = new IOException("read timed out");

        assertThatThrownBy(() -> users.getUsers(blockingServer(timeout))).isSameAs(timeout);
        Deferred<List<String>> d = users.getUsers(server(timeout));
        clock.advance(1.0);

        assertThat(d.result()).isInstanceOfSatisfying(Failure.class, f -> assertThat(f.value()).isSameAs(timeout));
        d.addErrback(f -> null);
        assertThat(printed()).isEmpty();
    }

    /** The blocking twin of foo/bar adds the two answers, foo's coming from its own call. */
    @Test
    void blockingBarAddsItsAnswerToFoos() throws InterruptedException {
        BlockingFooBar example = new BlockingFooBar();
        example.answerOther(2);
        example.answerSome(40);

        assertThat(example.bar()).isEqualTo(42);
    }

    /** The await version resumes when the answer arrives and parses it; a connection error gives no users. */
    @Test
    void awaitVersionOfGetUsersBehavesLikeTheCallbackVersion() {
        UsersWithCoroutines users = new UsersWithCoroutines(out);

        Deferred<List<String>> ok = users.getUsers(server(null));
        Deferred<List<String>> down = users.getUsers(server(new ConnectException("refused")));
        assertThat(ok.called()).isFalse();
        clock.advance(1.0);

        assertThat(ok.result()).isEqualTo(List.of("alice", "bob"));
        assertThat(down.result()).isEqualTo(List.of());
        assertThat(printed().lines()).containsExactly("makeRequest failed due to connection error: refused");
    }

    /** The inlineCallbacks version does the same, on every call of the function it made. */
    @Test
    void inlineCallbacksVersionOfGetUsersBehavesTheSame() {
        UsersWithCoroutines users = new UsersWithCoroutines(out);

        Deferred<List<String>> ok = users.getUsers.apply(server(null));
        Deferred<List<String>> down = users.getUsers.apply(server(new ConnectException("refused")));
        clock.advance(1.0);

        assertThat(ok.result()).isEqualTo(List.of("alice", "bob"));
        assertThat(down.result()).isEqualTo(List.of());
        assertThat(printed().lines()).containsExactly("makeRequest failed due to connection error: refused");
    }

    /** Request-then-parse gives the same answer with a callback and with inlineCallbacks; errors escape both. */
    @Test
    void parseOnlyVersionsAgreeAndLetErrorsThrough() {
        UsersWithCoroutines users = new UsersWithCoroutines(out);
        IOException refused = new ConnectException("refused");

        Deferred<List<String>> viaCallback = users.getUsersParsed(server(null));
        Deferred<List<String>> viaCoroutine = users.getUsersParsed.apply(server(null));
        Deferred<List<String>> failing = users.getUsersParsed.apply(server(refused));
        clock.advance(1.0);

        assertThat(viaCallback.result()).isEqualTo(List.of("alice", "bob"));
        assertThat(viaCoroutine.result()).isEqualTo(List.of("alice", "bob"));
        assertThat(failing.result()).isInstanceOfSatisfying(Failure.class, f -> assertThat(f.value()).isSameAs(refused));
        failing.addErrback(f -> null);
    }
}
