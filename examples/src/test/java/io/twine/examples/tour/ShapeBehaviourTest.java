package io.twine.examples.tour;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What each shape does, checked on the Deferred version (which {@link BothVersionsAgreeTest} ties
 * to the synchronous one): the behaviour the tour's explanations promise, so that two versions
 * that agreed on something wrong would still be caught.
 */
class ShapeBehaviourTest {

    private static List<String> withDeferreds(TourSection section, String... failing) {
        return Comparison.of(section, Scenario.failing(failing)).withDeferreds();
    }

    @Nested
    class PodBayDoorsShape {
        /** The pod launches after the doors have opened. */
        @Test
        void podLaunchesAfterTheDoorsOpen() {
            assertThat(withDeferreds(new PodBayDoors())).containsExactly(
                    "podBayDoors.open(): the doors are open",
                    "pod.launch(): the pod is away",
                    "caller: done, no error");
        }

        /** Jammed doors: the pod never launches and the error reaches the caller. */
        @Test
        void jammedDoorsNeverLaunchThePod() {
            assertThat(withDeferreds(new PodBayDoors(), "open")).containsExactly(
                    "podBayDoors.open() raised IOException: I'm afraid I can't do that, Dave.",
                    "caller: error escaped: IOException: I'm afraid I can't do that, Dave.");
        }

        /** The launch waits for the clock step on which the doors open. */
        @Test
        void launchHappensOnlyWhenTheDoorsHaveOpened() {
            Comparison c = Comparison.of(new PodBayDoors(), Scenario.allSucceed());
            assertThat(c.deferredTimes()).containsExactly(1.0, 1.0, 1.0);
        }
    }

    @Nested
    class SortedNamesShape {
        /** Each step gets what the one before delivered: the names are printed sorted. */
        @Test
        void namesArePrintedSorted() {
            assertThat(withDeferreds(new SortedNames())).containsExactly(
                    "x.getNames() returned [linus, ada, grace]",
                    "sorted([linus, ada, grace]) returned [ada, grace, linus]",
                    "pprint([ada, grace, linus]) printed ada, grace, linus",
                    "caller: done, no error");
        }

        /** sorted is asynchronous too: printing waits for its clock step. */
        @Test
        void printingWaitsForTheAsynchronousSort() {
            Comparison c = Comparison.of(new SortedNames(), Scenario.allSucceed());
            assertThat(c.deferredTimes()).containsExactly(1.0, 2.0, 2.0, 2.0);
        }

        /** A failing sort skips the printing and reaches the caller. */
        @Test
        void failingSortSkipsPrinting() {
            assertThat(withDeferreds(new SortedNames(), "sorted")).containsExactly(
                    "x.getNames() returned [linus, ada, grace]",
                    "sorted([linus, ada, grace]) raised IllegalArgumentException: the names cannot be compared",
                    "caller: error escaped: IllegalArgumentException: the names cannot be compared");
        }
    }

    @Nested
    class SimpleFailureShape {
        /** On success the errback is skipped. */
        @Test
        void errbackIsSkippedOnSuccess() {
            assertThat(withDeferreds(new SimpleFailure())).containsExactly(
                    "x.getNames() returned [linus, ada, grace]",
                    "caller: done, no error");
        }

        /** The errback receives the original exception and handles it: the caller sees no error. */
        @Test
        void errbackReportsTheErrorAndHandlesIt() {
            assertThat(withDeferreds(new SimpleFailure(), "getNames")).containsExactly(
                    "x.getNames() raised IOException: the directory server did not answer",
                    "reportError(IOException: the directory server did not answer) logged it",
                    "caller: done, no error");
        }

        /** An errback that fails sends its own error on, as a throwing catch block does. */
        @Test
        void failingErrbackReplacesTheError() {
            assertThat(withDeferreds(new SimpleFailure(), "getNames", "reportError")).last()
                    .isEqualTo("caller: error escaped: IllegalStateException: the error log is full");
        }
    }

    @Nested
    class TryExceptElseShape {
        /** On success h runs and g does not. */
        @Test
        void successRunsHNotG() {
            assertThat(withDeferreds(new TryExceptElse())).containsExactly(
                    "f() returned \"y\"",
                    "h(\"y\") returned \"z from y\"",
                    "caller: done, no error");
        }

        /** On f's failure g runs and h does not. */
        @Test
        void failureOfFRunsGNotH() {
            assertThat(withDeferreds(new TryExceptElse(), "f")).containsExactly(
                    "f() raised IOException: f could not produce y",
                    "g(IOException: f could not produce y) returned \"fallback\"",
                    "caller: done, no error");
        }

        /** g does not handle h's error (the else clause is outside the try). */
        @Test
        void errorInHIsNotHandledByG() {
            assertThat(withDeferreds(new TryExceptElse(), "h")).containsExactly(
                    "f() returned \"y\"",
                    "h(\"y\") raised IllegalArgumentException: h could not use \"y\"",
                    "caller: error escaped: IllegalArgumentException: h could not use \"y\"");
        }
    }

    @Nested
    class HandleThenProceedShape {
        /** After g recovers, h runs with g's replacement value. */
        @Test
        void hRunsWithTheValueGRecoveredWith() {
            assertThat(withDeferreds(new HandleThenProceed(), "f")).containsExactly(
                    "f() raised IOException: f could not produce y",
                    "g(IOException: f could not produce y) returned \"fallback\"",
                    "h(\"fallback\") returned \"z from fallback\"",
                    "caller: done, no error");
        }

        /** When g fails too, h is skipped and g's error reaches the caller. */
        @Test
        void failingGSkipsH() {
            assertThat(withDeferreds(new HandleThenProceed(), "f", "g")).containsExactly(
                    "f() raised IOException: f could not produce y",
                    "g(IOException: f could not produce y) raised IllegalStateException: g could not handle the error",
                    "caller: error escaped: IllegalStateException: g could not handle the error");
        }

        /** g, being before h, does not see h's error. */
        @Test
        void errorInHEscapes() {
            assertThat(withDeferreds(new HandleThenProceed(), "h")).last()
                    .isEqualTo("caller: error escaped: IllegalArgumentException: h could not use \"y\"");
        }
    }

    @Nested
    class OneHandlerShape {
        /** An error in the second step is handled by the one errback. */
        @Test
        void errorInHIsHandledByG() {
            assertThat(withDeferreds(new OneHandler(), "h")).containsExactly(
                    "f() returned \"y\"",
                    "h(\"y\") raised IllegalArgumentException: h could not use \"y\"",
                    "g(IllegalArgumentException: h could not use \"y\") returned \"fallback\"",
                    "caller: done, no error");
        }

        /** An error in the first step skips h and is handled by g. */
        @Test
        void errorInFSkipsHAndIsHandledByG() {
            assertThat(withDeferreds(new OneHandler(), "f")).containsExactly(
                    "f() raised IOException: f could not produce y",
                    "g(IOException: f could not produce y) returned \"fallback\"",
                    "caller: done, no error");
        }
    }

    @Nested
    class FinallyShape {
        /** g runs after success and the value is kept. */
        @Test
        void cleanUpRunsAfterSuccess() {
            assertThat(withDeferreds(new Finally())).containsExactly(
                    "f() returned \"y\"",
                    "g() cleaned up",
                    "caller: done, no error");
        }

        /** g runs after a failure, and the failure still reaches the caller. */
        @Test
        void cleanUpRunsAfterFailureAndTheErrorStillEscapes() {
            assertThat(withDeferreds(new Finally(), "f")).containsExactly(
                    "f() raised IOException: f could not produce y",
                    "g() cleaned up",
                    "caller: error escaped: IOException: f could not produce y");
        }

        /** A failing clean-up replaces f's error, as an exception from a finally block does. */
        @Test
        void failingCleanUpReplacesTheError() {
            assertThat(withDeferreds(new Finally(), "f", "g")).last()
                    .isEqualTo("caller: error escaped: IllegalStateException: g could not clean up");
        }
    }
}
