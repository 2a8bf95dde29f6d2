package io.twine.examples.coroutines;

import static org.assertj.core.api.Assertions.assertThat;

import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import io.twine.task.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CoroutineExamplesTest {

    static List<String> output(Consumer<PrintStream> example) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            example.accept(out);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    static final List<String> GET_USERS_OUTPUT = List.of(
            "getUsers() returned; fired yet? false",
            "users: [alice, bob, carol]",
            "makeRequest failed due to connection error: connection refused: GET /users",
            "users: []");

    @Nested
    class GetUsers {
        @Test
        void awaitVersionPrintsTheUsersThenFallsBackToAnEmptyList() {
            assertThat(output(GetUsersWithAwait::run)).isEqualTo(GET_USERS_OUTPUT);
        }

        @Test
        void inlineCallbacksVersionPrintsExactlyTheSame() {
            assertThat(output(GetUsersWithInlineCallbacks::run)).isEqualTo(GET_USERS_OUTPUT);
        }

        @Test
        void awaitVersionFiresOnlyWhenTheClockDeliversTheResponse() {
            ManualClock clock = new ManualClock();
            GetUsersWithAwait example = new GetUsersWithAwait(FakeHttp.usersServer(clock), System.out);
            Deferred<List<String>> d = example.getUsers();
            clock.advance(0.4);
            assertThat(d.called()).isFalse();
            clock.advance(0.1);
            assertThat(d.result()).isEqualTo(List.of("alice", "bob", "carol"));
        }

        @Test
        void errorsOtherThanConnectionErrorsStillFailTheDeferred() {
            ManualClock clock = new ManualClock();
            FakeHttp noUsers = new FakeHttp(clock, 0.1, java.util.Map.of("GET /users", "not json"));
            Deferred<List<String>> d = new GetUsersWithInlineCallbacks(noUsers, System.out).getUsers();
            clock.advance(0.1);
            assertThat(((Failure) d.result()).value()).isInstanceOf(IllegalArgumentException.class);
            d.addErrback(f -> null);
        }
    }

    @Nested
    class FooBarExample {
        @Test
        void onlyTheOutermostCallIsWrappedAndTheResultsAdd() {
            assertThat(output(FooBar::run)).containsExactly(
                    "bar got 2 at t=0.5",
                    "foo got 40 at t=1.5",
                    "myDeferredReturningFunction fired with 42 at t=1.5");
        }
    }

    @Test
    void theBuildPassesTheAddExportsFlagSoTheExamplesUseContinuations() {
        assertThat(io.twine.defer.Coroutines.mechanism()).isEqualTo(io.twine.defer.CoroutineMechanism.CONTINUATION);
    }

    @Test
    void parseStringArrayReadsTheSimpleJsonTheFakeServerSends() {
        assertThat(FakeHttp.parseStringArray(" [\"a\", \"b\"] ")).containsExactly("a", "b");
        assertThat(FakeHttp.parseStringArray("[]")).isEmpty();
    }
}
