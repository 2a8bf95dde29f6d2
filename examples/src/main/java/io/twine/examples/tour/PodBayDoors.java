package io.twine.examples.tour;

import io.twine.defer.Deferred;
import io.twine.task.Clock;
import java.io.IOException;
import java.util.List;

/**
 * Tour stop 1, the joy of order: open the pod bay doors, then launch the pod. The seed's first
 * example of replacing "the next line" with {@code addCallback}.
 */
public final class PodBayDoors implements TourSection {

    /** Creates the section; it holds no state. */
    public PodBayDoors() {
    }

    @Override
    public String title() {
        return "The joy of order: open the pod bay doors, then launch the pod";
    }

    @Override
    public String explanation() {
        return "In plain Java the order of the lines is the order of events: launch() starts only after open() "
                + "has returned, and if open() throws, the second line never runs. Once opening the doors is "
                + "asynchronous, open() returns before the doors have moved, so the next line would launch into "
                + "closed doors. Instead open() hands back a Deferred, a placeholder for the outcome it will have, "
                + "and addCallback records what to do once that outcome is a success: the callback ignores the "
                + "(empty) result and launches the pod. addCallback plays the part of the line break. If the doors "
                + "jam, the callback is skipped, as the exception skipped the second line, and the error travels "
                + "on to whoever holds the Deferred; addCallback returns that same Deferred, so returning it hands "
                + "the whole plan to our caller.";
    }

    @Override
    public String synchronousCode() {
        return Sync.CODE;
    }

    @Override
    public String deferredCode() {
        return Async.CODE;
    }

    @Override
    public List<String> steps() {
        return List.of("open", "launch");
    }

    @Override
    public void runSynchronously(Scenario input, Outcome out) throws IOException {
        new Sync(input, out).run();
    }

    @Override
    public Deferred<?> runWithDeferreds(Scenario input, Clock clock, Outcome out) {
        return new Async(input, clock, out).run();
    }

    /** Doors whose {@code open()} returns only once they are open. */
    static final class Doors {
        private final Scenario input;
        private final Outcome out;

        Doors(Scenario input, Outcome out) {
            this.input = input;
            this.out = out;
        }

        void open() throws IOException {
            if (input.fails("open")) {
                IOException jammed = new IOException("I'm afraid I can't do that, Dave.");
                out.say("podBayDoors.open() raised " + Outcome.describe(jammed));
                throw jammed;
            }
            out.say("podBayDoors.open(): the doors are open");
        }
    }

    /** The pod; launching it is quick and synchronous in both versions, as in the seed. */
    static final class Pod {
        private final Scenario input;
        private final Outcome out;

        Pod(Scenario input, Outcome out) {
            this.input = input;
            this.out = out;
        }

        String launch() {
            if (input.fails("launch")) {
                IllegalStateException stuck = new IllegalStateException("the pod's engine did not start");
                out.say("pod.launch() raised " + Outcome.describe(stuck));
                throw stuck;
            }
            out.say("pod.launch(): the pod is away");
            return "away";
        }
    }

    /** Doors whose {@code open()} returns at once and opens them one clock step later. */
    static final class AsyncDoors {
        private final Doors doors;
        private final Clock clock;

        AsyncDoors(Doors doors, Clock clock) {
            this.doors = doors;
            this.clock = clock;
        }

        Deferred<Void> open() {
            return Later.deferLater(clock, () -> {
                doors.open();
                return null;
            });
        }
    }

    private static final class Sync {
        final Doors podBayDoors;
        final Pod pod;

        Sync(Scenario input, Outcome out) {
            podBayDoors = new Doors(input, out);
            pod = new Pod(input, out);
        }

        static final String CODE = """
                podBayDoors.open();
                pod.launch();
                """;

        void run() throws IOException {
            podBayDoors.open();
            pod.launch();
        }
    }

    private static final class Async {
        final AsyncDoors podBayDoors;
        final Pod pod;

        Async(Scenario input, Clock clock, Outcome out) {
            podBayDoors = new AsyncDoors(new Doors(input, out), clock);
            pod = new Pod(input, out);
        }

        static final String CODE = """
                Deferred<Void> d = podBayDoors.open();
                return d.addCallback(ignored -> pod.launch());
                """;

        Deferred<String> run() {
            Deferred<Void> d = podBayDoors.open();
            return d.addCallback(ignored -> pod.launch());
        }
    }
}
