package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twine.defer.PendingSnapshot.Edge;
import io.twine.defer.PendingSnapshot.Kind;
import io.twine.defer.PendingSnapshot.Node;
import io.twine.defer.PendingSnapshot.Relation;
import io.twine.defer.PendingSnapshot.State;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The registry of pending Deferreds, its snapshot, text dump, DOT export and the waiter SPI. */
class DiagnosticsPendingTests extends PendingTrackingFixture {

    @Nested
    class Registry {
        /** An unfired Deferred is listed with its creation site and age. */
        @Test
        void unfiredDeferredIsListedWithCreationSiteAndAge() {
            Deferred<String> d = new Deferred<>();
            nanos.addAndGet(Duration.ofMillis(1500).toNanos());
            Node n = node(Deferreds.snapshot(), d);
            assertThat(n.state()).isEqualTo(State.NOT_FIRED);
            assertThat(n.age()).isEqualTo(Duration.ofMillis(1500));
            assertThat(n.tracked()).isTrue();
            assertThat(n.site().get(0).getMethodName()).isEqualTo("unfiredDeferredIsListedWithCreationSiteAndAge");
        }

        /** The creation site starts at user code: no frame of Twine's engine is kept. */
        @Test
        void creationSiteHasNoTwineFrames() {
            Deferred<String> d = Deferred.succeed("x").addCallbackDeferred(x -> new Deferred<String>());
            Node n = node(Deferreds.snapshot(), d);
            assertThat(n.site()).isNotEmpty().noneMatch(f -> f.getClassName().equals(Deferred.class.getName()));
        }

        /** A fired Deferred whose chain ran to the end is not pending. */
        @Test
        void firedDeferredIsNotListed() {
            Deferred<String> d = new Deferred<>();
            d.callback("done");
            assertThat(Deferreds.snapshot().nodeOf(d)).isEmpty();
        }

        /** A fired but paused Deferred is pending, as PAUSED. */
        @Test
        void pausedDeferredIsListedAsPaused() {
            Deferred<String> d = new Deferred<>();
            d.pause();
            d.callback("x");
            assertThat(node(Deferreds.snapshot(), d).state()).isEqualTo(State.PAUSED);
        }

        /** Callbacks waiting in an unfired chain are counted. */
        @Test
        void waitingCallbacksAreCounted() {
            Deferred<String> d = new Deferred<>();
            d.addCallback(x -> x).addCallback(x -> x).addErrback(f -> "r");
            assertThat(node(Deferreds.snapshot(), d).callbacksWaiting()).isEqualTo(3);
        }

        /** Deferreds created while tracking was off are not registered. */
        @Test
        void deferredsCreatedWhileOffAreNotTracked() {
            Deferreds.disable(Deferreds.Diagnostic.PENDING);
            Deferred<String> d = new Deferred<>();
            Deferreds.enable(Deferreds.Diagnostic.PENDING);
            assertThat(Deferreds.snapshot().nodeOf(d)).isEmpty();
        }

        /** The registry holds Deferreds weakly: an unreachable pending Deferred is collected and dropped. */
        @Test
        void registryNeverKeepsADeferredAlive() {
            WeakReference<Deferred<String>> ref = new WeakReference<>(new Deferred<>());
            for (int i = 0; i < 50 && (ref.get() != null || PendingRegistry.size() > 0); i++) {
                System.gc();
            }
            assertThat(ref.get()).as("collected although registered").isNull();
            assertThat(PendingRegistry.size()).as("entry dropped once collected").isZero();
        }

        /** clearPending forgets tracked Deferreds. */
        @Test
        void clearPendingForgetsEverything() {
            Deferred<String> d = new Deferred<>();
            Deferreds.clearPending();
            assertThat(Deferreds.snapshot().nodeOf(d)).isEmpty();
        }
    }

    @Nested
    class Edges {
        /** A chain waiting on a Deferred returned by its callback has a WAITS_ON edge to it. */
        @Test
        void chainWaitingOnInnerDeferredHasWaitsOnEdge() {
            Deferred<String> inner = new Deferred<>();
            Deferred<String> outer = new Deferred<>();
            outer.addCallbackDeferred(x -> inner);
            outer.callback("go");
            PendingSnapshot s = Deferreds.snapshot();
            assertThat(node(s, outer).state()).isEqualTo(State.WAITING);
            assertThat(s.outgoing(node(s, outer).name()))
                    .containsExactly(new Edge(node(s, outer).name(), node(s, inner).name(), Relation.WAITS_ON));
        }

        /** chainDeferred makes the target wait on the source (CHAINED_FROM). */
        @Test
        void chainDeferredTargetIsChainedFromSource() {
            Deferred<String> source = new Deferred<>();
            Deferred<String> target = new Deferred<>();
            source.chainDeferred(target);
            PendingSnapshot s = Deferreds.snapshot();
            assertThat(s.edges()).contains(new Edge(node(s, target).name(), node(s, source).name(), Relation.CHAINED_FROM));
        }

        /** A Deferred created while tracking was off still appears, as untracked, when a tracked one waits on it. */
        @Test
        void untrackedDeferredAppearsWhenSomethingWaitsOnIt() {
            Deferreds.disable(Deferreds.Diagnostic.PENDING);
            Deferred<String> inner = new Deferred<>();
            Deferreds.enable(Deferreds.Diagnostic.PENDING);
            Deferred<String> outer = new Deferred<>();
            outer.addCallbackDeferred(x -> inner);
            outer.callback("go");
            Node n = node(Deferreds.snapshot(), inner);
            assertThat(n.tracked()).isFalse();
            assertThat(n.name()).startsWith("?0x");
            assertThat(n.age()).isNull();
        }

        /** An unfired Deferred waiting on nothing is a dead end; one that others wait on through it is not. */
        @Test
        void unfiredLeafIsADeadEnd() {
            Deferred<String> leaf = new Deferred<>();
            Deferred<String> outer = new Deferred<>();
            outer.addCallbackDeferred(x -> leaf);
            outer.callback("go");
            PendingSnapshot s = Deferreds.snapshot();
            assertThat(s.deadEnds()).extracting(Node::name).contains(node(s, leaf).name())
                    .doesNotContain(node(s, outer).name());
        }
    }

    @Nested
    class Cycles {
        /** Two Deferreds whose callbacks return each other wait on each other: the cycle is found and named. */
        @Test
        void twoDeferredsWaitingOnEachOtherFormACycle() {
            Deferred<String> a = new Deferred<>();
            Deferred<String> b = new Deferred<>();
            a.addCallbackDeferred(x -> b);
            b.addCallbackDeferred(x -> a);
            a.callback("a");
            b.callback("b");
            PendingSnapshot s = Deferreds.snapshot();
            assertThat(s.cycles()).containsExactly(List.of(node(s, a).name(), node(s, b).name()));
            assertThat(s.toText()).contains("CYCLE 1").contains(node(s, a).name() + " waits on " + node(s, b).name()
                    + " waits on " + node(s, a).name());
        }

        /** A longer cycle lists its members in edge order, the last waiting on the first. */
        @Test
        void threeCycleIsListedInEdgeOrder() {
            Deferred<String> a = new Deferred<>();
            Deferred<String> b = new Deferred<>();
            Deferred<String> c = new Deferred<>();
            a.addCallbackDeferred(x -> b);
            b.addCallbackDeferred(x -> c);
            c.addCallbackDeferred(x -> a);
            a.callback("a");
            b.callback("b");
            c.callback("c");
            PendingSnapshot s = Deferreds.snapshot();
            assertThat(s.cycles()).containsExactly(List.of(node(s, a).name(), node(s, b).name(), node(s, c).name()));
        }

        /** A plain waiting chain has no cycle. */
        @Test
        void waitingChainWithoutLoopHasNoCycle() {
            Deferred<String> a = new Deferred<>();
            Deferred<String> b = new Deferred<>();
            a.addCallbackDeferred(x -> b);
            a.callback("a");
            assertThat(Deferreds.snapshot().cycles()).isEmpty();
        }

        /** Cycle detection is iterative: a ring of 5,000 waiting Deferreds ending in a loop is handled. */
        @Test
        void veryLongWaitChainIsAnalysedWithoutOverflow() {
            int n = 5_000;
            List<Deferred<String>> ds = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                ds.add(new Deferred<>());
            }
            for (int i = 0; i < n; i++) {
                Deferred<String> next = ds.get((i + 1) % n);
                ds.get(i).addCallbackDeferred(x -> next);
            }
            for (Deferred<String> d : ds) {
                d.callback("x");
            }
            PendingSnapshot s = Deferreds.snapshot();
            assertThat(s.cycles()).hasSize(1);
            assertThat(s.cycles().get(0)).hasSize(n).startsWith(node(s, ds.get(0)).name(), node(s, ds.get(1)).name());
            java.lang.ref.Reference.reachabilityFence(ds);
        }
    }

    @Nested
    class Rendering {
        /** The text dump names state, age, creation site and edges. */
        @Test
        void textDumpShowsStateAgeSiteAndEdges() {
            Deferred<String> inner = new Deferred<>();
            Deferred<String> outer = new Deferred<>();
            outer.addCallbackDeferred(x -> inner);
            outer.callback("go");
            nanos.addAndGet(Duration.ofSeconds(2).toNanos());
            PendingSnapshot s = Deferreds.snapshot();
            String text = s.toText();
            assertThat(text).contains(node(s, outer).name() + " Deferred: fired, its chain waits, age 2.0 s")
                    .contains("waits on " + node(s, inner).name())
                    .contains("created at io.twine.defer.DiagnosticsPendingTests$Rendering.textDumpShowsStateAgeSiteAndEdges(")
                    .contains("DEAD ENDS").contains(node(s, inner).name() + " created at");
        }

        /** The dump names, for each top-level waiter, the dead ends and cycles it is held up by. */
        @Test
        void textDumpNamesWhatEachTopLevelWaiterIsHeldUpBy() {
            Deferred<String> leaf = new Deferred<>();
            Deferred<String> a = new Deferred<>();
            Deferred<String> b = new Deferred<>();
            a.addCallbackDeferred(x -> b);
            b.addCallbackDeferred(x -> a);
            a.callback("a");
            b.callback("b");
            Deferred<String> top = new Deferred<>();
            top.addCallbackDeferred(x -> leaf).addCallbackDeferred(x -> a);
            top.callback("go");
            Deferred<String> other = new Deferred<>();
            other.addCallbackDeferred(x -> a);
            other.callback("go");
            PendingSnapshot s = Deferreds.snapshot();
            assertThat(s.toText())
                    .contains(node(s, top).name() + " (created at ").contains("is held up by dead end " + node(s, leaf).name() + "\n")
                    .contains(node(s, other).name() + " (created at ").contains("is held up by CYCLE 1\n");
        }

        /** dumpPending with nothing tracked says how to turn tracking on. */
        @Test
        void emptyDumpWhileOffExplainsHowToTrack() {
            Deferreds.disable(Deferreds.Diagnostic.PENDING);
            Deferreds.clearPending();
            assertThat(Deferreds.dumpPending()).contains("-Dtwine.diagnostics=pending");
        }

        /** The DOT export is a digraph with a node per Deferred and a labelled edge, cycle in red. */
        @Test
        void dotExportDrawsNodesEdgesAndRedCycle() {
            Deferred<String> a = new Deferred<>();
            Deferred<String> b = new Deferred<>();
            a.addCallbackDeferred(x -> b);
            b.addCallbackDeferred(x -> a);
            a.callback("a");
            b.callback("b");
            PendingSnapshot s = Deferreds.snapshot();
            String da = PendingDot.id(node(s, a).name());
            String db = PendingDot.id(node(s, b).name());
            assertThat(s.toDot()).startsWith("digraph twine_pending {")
                    .contains("  " + da + " [label=\"" + node(s, a).name() + " Deferred\\nfired, its chain waits")
                    .contains("  " + da + " -> " + db + " [label=\"waits on\", color=red")
                    .contains("  " + db + " -> " + da + " [label=\"waits on\", color=red")
                    .endsWith("}\n");
        }

        /** DOT strings escape quotes, backslashes and newlines. */
        @Test
        void dotQuotingEscapesSpecialCharacters() {
            assertThat(PendingDot.quote("a\"b\\c\nd")).isEqualTo("\"a\\\"b\\\\c\\nd\"");
        }
    }

    @Nested
    class WaiterSpi {
        /** A fake coroutine: a waiter with a result Deferred that awaits another Deferred. */
        record FakeCoroutine(String name) {
            @Override
            public String toString() {
                return "coroutine " + name;
            }
        }

        /** A registered waiter is a node with an AWAITS edge, and its result Deferred a RESULT_OF edge to it. */
        @Test
        void registeredWaiterAppearsWithAwaitsAndResultOfEdges() {
            Deferred<String> result = new Deferred<>();
            Deferred<String> awaited = new Deferred<>();
            WaitRegistration w = Deferreds.awaiting(new FakeCoroutine("load"), result, awaited);
            nanos.addAndGet(Duration.ofMillis(250).toNanos());
            PendingSnapshot s = Deferreds.snapshot();
            Node waiter = s.nodes().stream().filter(n -> n.kind() == Kind.WAITER).findFirst().orElseThrow();
            assertThat(waiter.description()).isEqualTo("coroutine load");
            assertThat(waiter.state()).isEqualTo(State.SUSPENDED);
            assertThat(waiter.age()).isEqualTo(Duration.ofMillis(250));
            assertThat(waiter.site().get(0).getMethodName()).isEqualTo("registeredWaiterAppearsWithAwaitsAndResultOfEdges");
            assertThat(s.edges()).contains(new Edge(waiter.name(), node(s, awaited).name(), Relation.AWAITS),
                    new Edge(node(s, result).name(), waiter.name(), Relation.RESULT_OF));
            assertThat(w.isActive()).isTrue();
            assertThat(s.toText()).contains(waiter.name() + " coroutine load: suspended for 250 ms\n");
        }

        /** After resumed() the waiter is gone; calling it twice is harmless. */
        @Test
        void resumedWaiterDisappears() {
            Deferred<String> awaited = new Deferred<>();
            WaitRegistration w = Deferreds.awaiting(new FakeCoroutine("x"), null, awaited);
            w.resumed();
            w.resumed();
            assertThat(w.isActive()).isFalse();
            assertThat(Deferreds.snapshot().nodes()).noneMatch(n -> n.kind() == Kind.WAITER);
        }

        /** Two coroutines awaiting each other's result form a cycle through both waiters. */
        @Test
        void coroutinesAwaitingEachOtherFormACycle() {
            Deferred<String> resultA = new Deferred<>();
            Deferred<String> resultB = new Deferred<>();
            Deferreds.awaiting(new FakeCoroutine("a"), resultA, resultB);
            Deferreds.awaiting(new FakeCoroutine("b"), resultB, resultA);
            PendingSnapshot s = Deferreds.snapshot();
            assertThat(s.cycles()).hasSize(1);
            assertThat(s.cycles().get(0)).hasSize(4).contains(node(s, resultA).name(), node(s, resultB).name());
            assertThat(s.toText()).contains("result of W").contains("awaits #");
        }

        /** With everything off, awaiting returns the inert registration and never calls toString. */
        @Test
        void awaitingWhileOffIsInertAndDoesNotDescribeTheWaiter() {
            Deferreds.disable(Deferreds.Diagnostic.values());
            Object waiter = new Object() {
                @Override
                public String toString() {
                    throw new AssertionError("toString called while diagnostics are off");
                }
            };
            WaitRegistration w = Deferreds.awaiting(waiter, null, new Deferred<>());
            assertThat(w).isSameAs(WaitRegistration.NONE);
            assertThat(w.isActive()).isFalse();
            w.resumed();
        }

        /** The registration holds the awaited Deferred weakly. */
        @Test
        void registrationDoesNotKeepTheAwaitedDeferredAlive() {
            WeakReference<Deferred<String>> ref = new WeakReference<>(new Deferred<>());
            WaitRegistration w = Deferreds.awaiting(new FakeCoroutine("x"), null, ref.get());
            for (int i = 0; i < 50 && ref.get() != null; i++) {
                System.gc();
            }
            assertThat(ref.get()).isNull();
            assertThat(WaitRegistration.live()).doesNotContain(w);
        }

        /** Null arguments are refused with a message naming them. */
        @Test
        void nullArgumentsAreRefused() {
            assertThatThrownBy(() -> Deferreds.awaiting(null, null, new Deferred<>())).hasMessageContaining("waiter");
            assertThatThrownBy(() -> Deferreds.awaiting("w", null, null)).hasMessageContaining("awaited");
        }
    }

    @Nested
    class Switches {
        /** Property entries parse to the right bits and set thresholds. */
        @Test
        void propertyEntriesParse() {
            long savedSlow = Instrumentation.slowCallbackNanos;
            int savedLong = Instrumentation.longChainCallbacks;
            try {
                assertThat(Instrumentation.parse("pending")).isEqualTo(Instrumentation.PENDING);
                assertThat(Instrumentation.parse("debug")).isEqualTo(Instrumentation.DEBUG);
                assertThat(Instrumentation.parse("slow-callbacks=250ms")).isEqualTo(Instrumentation.SLOW_CALLBACKS);
                assertThat(Instrumentation.slowCallbackNanos).isEqualTo(250_000_000L);
                assertThat(Instrumentation.parse("long-chains=7")).isEqualTo(Instrumentation.LONG_CHAINS);
                assertThat(Instrumentation.longChainCallbacks).isEqualTo(7);
            } finally {
                Instrumentation.slowCallbackNanos = savedSlow;
                Instrumentation.longChainCallbacks = savedLong;
            }
        }

        /** The start-up property combines entries and skips a bad one instead of failing class initialisation. */
        @Test
        void systemPropertySkipsBadEntries() {
            String saved = System.getProperty(Instrumentation.PROPERTY);
            System.setProperty(Instrumentation.PROPERTY, " pending , no-such-thing, debug ");
            try {
                assertThat(Instrumentation.fromSystemProperty()).isEqualTo(Instrumentation.PENDING | Instrumentation.DEBUG);
            } finally {
                if (saved == null) {
                    System.clearProperty(Instrumentation.PROPERTY);
                } else {
                    System.setProperty(Instrumentation.PROPERTY, saved);
                }
            }
        }

        /** A bad entry is refused with a message naming it and the known ones. */
        @Test
        void badPropertyEntryIsNamed() {
            assertThatThrownBy(() -> Instrumentation.parse("pendnig")).hasMessageContaining("pendnig")
                    .hasMessageContaining("known: debug, pending");
            assertThatThrownBy(() -> Instrumentation.parse("slow-callbacks=soon")).hasMessageContaining("'soon' is not a duration");
            assertThatThrownBy(() -> Instrumentation.parse("long-chains=0")).hasMessageContaining("positive");
        }

        /** enable/disable/isEnabled agree, and debug mode is the same switch as Deferred.setDebugging. */
        @Test
        void debugSwitchIsDeferredDebugging() {
            Deferreds.enable(Deferreds.Diagnostic.DEBUG);
            assertThat(Deferred.getDebugging()).isTrue();
            Deferred.setDebugging(false);
            assertThat(Deferreds.isEnabled(Deferreds.Diagnostic.DEBUG)).isFalse();
            assertThat(Deferreds.enabled()).containsExactly(Deferreds.Diagnostic.PENDING);
        }

        /** With everything off, a callback is stored in the chain as given: nothing is wrapped. */
        @Test
        void callbacksAreNotWrappedWhenEverythingIsOff() {
            Deferreds.disable(Deferreds.Diagnostic.values());
            Deferred<String> d = new Deferred<>();
            Callback<String, String> cb = x -> x;
            d.addCallback(cb);
            assertThat(d.pendingEntries()).containsExactly(cb);
        }
    }
}
