package io.twine.examples.docs;

import io.twine.defer.Deferred;
import io.twine.task.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The introduction's pod bay: doors that take time to open, and a pod that must not launch into
 * them. The same launch is written three ways: recklessly (as if opening finished when
 * {@code open} returned), with the hypothetical {@link Placeholder}, and with a
 * {@link Deferred}. Time passes on a {@link Clock}; the doors open {@link #OPENING_SECONDS} after
 * they are asked to, on the thread that advances the clock.
 */
public final class PodBay {
    /** How long the doors take to open, in clock seconds. */
    public static final double OPENING_SECONDS = 2.0;

    private final Clock clock;
    private final List<String> events = new ArrayList<>();
    private boolean doorsOpen;

    /**
     * A pod bay whose doors are closed.
     *
     * @param clock the clock on which the doors open
     */
    public PodBay(Clock clock) {
        this.clock = clock;
    }

    /**
     * What happened so far, in order: {@code "doors open"}, {@code "launched"} or
     * {@code "crashed into the doors"}.
     *
     * @return a copy of the events
     */
    public List<String> events() {
        return List.copyOf(events);
    }

    /** The doors of the reckless version: {@code open} starts opening them and returns at once. */
    final class RecklessDoors {
        void open() {
            clock.callLater(OPENING_SECONDS, PodBay.this::doorsOpened);
        }
    }

    /** The doors as a placeholder would have them. */
    final class PlaceholderDoors {
        Placeholder<Void> open() {
            Placeholder<Void> placeholder = new Placeholder<>();
            clock.callLater(OPENING_SECONDS, () -> {
                doorsOpened();
                placeholder.done(null);
            });
            return placeholder;
        }
    }

    /** The doors with Deferreds: Twisted's way to say "this finishes later". */
    final class DeferredDoors {
        // tag::open[]
        Deferred<Void> open() {
            Deferred<Void> d = new Deferred<>();
            clock.callLater(OPENING_SECONDS, () -> {
                doorsOpened();
                d.callback(null);
            });
            return d;
        }
        // end::open[]
    }

    /** The pod: launching it with the doors closed crashes it. */
    final class Pod {
        String launch() {
            String what = doorsOpen ? "launched" : "crashed into the doors";
            events.add(what);
            return what;
        }
    }

    private void doorsOpened() {
        doorsOpen = true;
        events.add("doors open");
    }

    /** Launches as if {@code open()} finished when it returned: the pod crashes. */
    public void launchRecklessly() {
        RecklessDoors podBayDoors = new RecklessDoors();
        Pod pod = new Pod();
        // tag::reckless[]
        podBayDoors.open(); // returns at once: the doors are still closed
        pod.launch();       // so the pod hurtles into them
        // end::reckless[]
    }

    /** Launches with a placeholder: the launch waits for the doors. */
    public void launchWithPlaceholder() {
        PlaceholderDoors podBayDoors = new PlaceholderDoors();
        Pod pod = new Pod();
        // tag::placeholder[]
        Placeholder<Void> placeholder = podBayDoors.open();
        placeholder.whenDone(ignored -> pod.launch());
        // end::placeholder[]
    }

    /**
     * Launches with a Deferred: the launch is a callback of the doors' Deferred.
     *
     * @return a Deferred that fires with what the launch did, once the doors are open
     */
    public Deferred<String> launchWithDeferred() {
        DeferredDoors podBayDoors = new DeferredDoors();
        Pod pod = new Pod();
        // tag::deferred[]
        Deferred<Void> d = podBayDoors.open();
        return d.addCallback(ignored -> pod.launch());
        // end::deferred[]
    }

    /**
     * The launch when opening has already finished: a callback added to a fired Deferred runs at
     * once, inside {@code addCallback}.
     *
     * @return a Deferred that has already fired with what the launch did
     */
    public Deferred<String> launchThroughOpenDoors() {
        Pod pod = new Pod();
        doorsOpened();
        // tag::already-fired[]
        Deferred<Void> d = Deferred.succeed(null); // the doors were open already
        Deferred<String> launched = d.addCallback(ignored -> pod.launch()); // runs now
        // end::already-fired[]
        return launched;
    }
}
