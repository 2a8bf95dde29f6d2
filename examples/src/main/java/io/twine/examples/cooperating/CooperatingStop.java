package io.twine.examples.cooperating;

import io.twine.examples.tour.Showcase;
import java.io.PrintStream;

/** Tour stop: {@link SlicedProcessing}, long jobs sliced by a Cooperator. */
public final class CooperatingStop implements Showcase {
    /** Creates the stop. */
    public CooperatingStop() {
    }

    @Override
    public String title() {
        return "Beyond the seed: long jobs in slices with a Cooperator";
    }

    @Override
    public String explanation() {
        return "A callback runs to completion before anything else on its thread can happen, so one callback "
                + "that walks 100,000 records keeps an event loop deaf for the whole walk. Twisted's Cooperator "
                + "(task.coiterate) takes an iterator instead and runs a slice of it per turn, handing the loop "
                + "back in between; several jobs take turns, and a job that yields a Deferred waits for it "
                + "without blocking the others. Here two jobs share a ManualClock loop with incoming requests.";
    }

    @Override
    public String code() {
        return """
                Stream<Deferred<Void>> orders = IntStream.range(0, ORDERS).mapToObj(this::addOrder);
                Stream<Object> users = IntStream.range(0, USERS).mapToObj(this::countUser);
                Deferred<Iterator<Deferred<Void>>> ordersDone = cooperator.coiterate(orders);
                Deferred<Iterator<Object>> usersDone = cooperator.coiterate(users);
                """;
    }

    @Override
    public Class<?> source() {
        return SlicedProcessing.class;
    }

    @Override
    public void run(PrintStream out) {
        SlicedProcessing.run(out);
    }
}
