package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;

import io.twine.defer.PendingSnapshot.Node;
import io.twine.defer.PendingSnapshot.State;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * How the pending graph is drawn (DOT) and written (text) for the kinds of node and edge that
 * {@link DiagnosticsPendingTests} does not draw: waiters, untracked Deferreds, dead ends, waiting
 * callbacks, paused and running Deferreds, and waiters whose description fails.
 */
class PendingGraphRenderingTest extends PendingTrackingFixture {

    /** The DOT statement of the node called {@code name}. */
    private static String dotLine(String dot, String name) {
        String id = PendingDot.id(name);
        return dot.lines().filter(l -> l.startsWith("  " + id + " [")).findFirst()
                .orElseThrow(() -> new AssertionError("no node " + id + " in\n" + dot));
    }

    @Nested
    class Dot {
        @Test
        void aDeadEndIsFilledOrange() {
            Deferred<String> d = new Deferred<>();
            String name = node(Deferreds.snapshot(), d).name();
            assertThat(dotLine(Deferreds.toDot(), name)).endsWith(", fillcolor=orange, style=\"rounded,filled\"];");
        }

        @Test
        void aWaiterIsAnEllipseWithAnAwaitsArrow() {
            Deferred<String> awaited = new Deferred<>();
            WaitRegistration w = Deferreds.awaiting("coroutine fetchUser", null, awaited);
            PendingSnapshot s = Deferreds.snapshot();
            String d = node(s, awaited).name();
            String waiter = "W" + w.id;
            String dot = s.toDot();
            assertThat(dotLine(dot, waiter)).contains("coroutine fetchUser\\nsuspended for 0 ms").contains(", shape=ellipse, style=\"\"");
            assertThat(dot).contains("  " + PendingDot.id(waiter) + " -> " + PendingDot.id(d) + " [label=\"awaits\"];");
            w.resumed();
        }

        @Test
        void anUntrackedDeferredIsDashed() {
            Deferreds.disable(Deferreds.Diagnostic.PENDING);
            Deferred<String> inner = new Deferred<>();
            Deferreds.enable(Deferreds.Diagnostic.PENDING);
            Deferred<String> outer = new Deferred<>();
            outer.addCallbackDeferred(x -> inner);
            outer.callback("go");
            PendingSnapshot s = Deferreds.snapshot();
            Node n = node(s, inner);
            assertThat(n.name()).startsWith("?0x");
            assertThat(PendingDot.id(n.name())).isEqualTo("u" + n.name().substring(1));
            assertThat(dotLine(s.toDot(), n.name())).contains("style=\"rounded,filled,dashed\"");
            assertThat(s.toText()).contains(n.name() + " Deferred: not fired (untracked: created while tracking was off)");
        }

        @Test
        void waitingCallbacksAreCountedInTheLabel() {
            Deferred<String> one = new Deferred<>();
            one.addCallback(x -> x);
            Deferred<String> two = new Deferred<>();
            two.addCallback(x -> x).addErrback(f -> "recovered");
            PendingSnapshot s = Deferreds.snapshot();
            String dot = s.toDot();
            assertThat(dotLine(dot, node(s, one).name())).contains("\\n1 callback waiting");
            assertThat(dotLine(dot, node(s, two).name())).contains("\\n2 callbacks waiting");
        }

        @Test
        void deferredsToDotIsTheSnapshotsDot() {
            Deferred<String> d = new Deferred<>();
            String name = node(Deferreds.snapshot(), d).name();
            assertThat(Deferreds.toDot()).startsWith("digraph twine_pending {\n").contains(dotLine(Deferreds.toDot(), name));
        }

        @Test
        void quotingEscapesQuotesBackslashesAndLineBreaks() {
            assertThat(PendingDot.quote("a \"b\" c\\d\r\ne")).isEqualTo("\"a \\\"b\\\" c\\\\d\\ne\"");
        }

        @Test
        void identifiersFollowTheNodeKind() {
            assertThat(PendingDot.id("#12")).isEqualTo("d12");
            assertThat(PendingDot.id("?0x1f")).isEqualTo("u0x1f");
            assertThat(PendingDot.id("W3")).isEqualTo("w3");
        }
    }

    @Nested
    class Text {
        @Test
        void aPausedDeferredAwaitedByAWaiterHoldsNothingUp() {
            Deferred<String> d = new Deferred<>();
            d.pause();
            d.callback("x");
            WaitRegistration w = Deferreds.awaiting("coroutine paused", null, d);
            PendingSnapshot s = Deferreds.snapshot();
            assertThat(node(s, d).state()).isEqualTo(State.PAUSED);
            String text = s.toText();
            assertThat(text).contains(node(s, d).name() + " Deferred: fired, paused");
            assertThat(text).doesNotContain("STUCK");
            w.resumed();
        }

        @Test
        void aDeferredRunningItsCallbacksIsShownAsRunning() {
            Deferred<String> d = new Deferred<>();
            WaitRegistration w = Deferreds.awaiting("coroutine watcher", null, d);
            AtomicReference<PendingSnapshot> inside = new AtomicReference<>();
            d.addCallback(x -> {
                inside.set(Deferreds.snapshot());
                return x;
            });
            d.callback("x");
            w.resumed();
            assertThat(node(inside.get(), d).state()).isEqualTo(State.RUNNING);
            assertThat(inside.get().toText()).contains("Deferred: fired, running its callbacks");
        }

        @Test
        void aWaiterReachingADeadEndTwiceNamesItOnce() {
            Deferred<String> deadEnd = new Deferred<>();
            Deferred<String> a = new Deferred<>();
            Deferred<String> b = new Deferred<>();
            a.addCallbackDeferred(x -> deadEnd);
            b.addCallbackDeferred(x -> deadEnd);
            a.callback("a");
            b.callback("b");
            Deferred<String> top = new Deferred<>();
            a.chainDeferred(top);
            b.chainDeferred(top);
            PendingSnapshot s = Deferreds.snapshot();
            String topName = node(s, top).name();
            String deadName = node(s, deadEnd).name();
            assertThat(s.toText()).contains("  " + topName + " (created at ")
                    .contains(") is held up by dead end " + deadName + "\n");
        }

        @Test
        void aSnapshotsStringIsItsText() {
            new Deferred<String>();
            PendingSnapshot s = Deferreds.snapshot();
            assertThat(s.toString()).isEqualTo(s.toText());
        }

        @Test
        void ageFromOneSecondIsInSeconds() {
            assertThat(PendingText.format(Duration.ofMillis(999))).isEqualTo("999 ms");
            assertThat(PendingText.format(Duration.ofMillis(2500))).isEqualTo("2.5 s");
        }
    }

    @Nested
    class Nodes {
        @Test
        void aNodeIsFoundByName() {
            Deferred<String> d = new Deferred<>();
            PendingSnapshot s = Deferreds.snapshot();
            Node n = node(s, d);
            assertThat(s.node(n.name())).contains(n);
            assertThat(s.node("#0")).isEmpty();
        }

        @Test
        void anAnonymousSubclassIsDescribedByItsNamedSuperclass() {
            Deferred<String> d = new Deferred<String>() { };
            assertThat(node(Deferreds.snapshot(), d).description()).isEqualTo("Deferred");
        }

        @Test
        void aWaiterWhoseToStringThrowsIsDescribedByItsClass() {
            Object waiter = new Object() {
                @Override
                public String toString() {
                    throw new IllegalStateException("no name");
                }
            };
            Deferred<String> awaited = new Deferred<>();
            WaitRegistration w = Deferreds.awaiting(waiter, null, awaited);
            assertThat(w.toString()).startsWith("WaitRegistration[" + waiter.getClass().getName()
                    + " (whose toString() threw java.lang.IllegalStateException) awaits Deferred at 0x");
            w.resumed();
        }

        @Test
        void theRegistrationWithEverythingOffSaysSo() {
            Deferreds.disable(Deferreds.Diagnostic.PENDING);
            WaitRegistration w = Deferreds.awaiting("coroutine idle", null, new Deferred<String>());
            assertThat(w.isActive()).isFalse();
            assertThat(w).hasToString("WaitRegistration[none]");
        }
    }
}
