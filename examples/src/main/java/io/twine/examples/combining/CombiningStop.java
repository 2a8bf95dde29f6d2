package io.twine.examples.combining;

import io.twine.examples.tour.Showcase;
import java.io.PrintStream;

/** Tour stop: several Deferreds at once: gatherResults, a semaphore, a queue. */
public final class CombiningStop implements Showcase {
    /** Creates the stop. */
    public CombiningStop() {
    }

    @Override
    public String title() {
        return "Beyond the seed: many Deferreds at once";
    }

    @Override
    public String explanation() {
        return "The seed handles one operation at a time. Real programs start several and combine them: "
                + "gatherResults fires once every input has, with the results in the order asked for (or with a "
                + "FirstError naming the first failure); a DeferredSemaphore bounds how many run at once, handing "
                + "tokens out first come, first served; a DeferredQueue lets a producer and a consumer meet, with "
                + "get() returning a Deferred that fires when an item is there. All on a ManualClock.";
    }

    @Override
    public String code() {
        return """
                Deferred<List<String>> pages = Defer.gatherResults(List.of(
                        fetch("users", 0.75), fetch("orders", 0.25), fetch("stock", 0.5)));
                """;
    }

    @Override
    public Class<?> source() {
        return FetchAll.class;
    }

    @Override
    public void run(PrintStream out) {
        new FetchAll().run(out);
        out.println();
        new BoundedConcurrency().run(out);
        out.println();
        new ProducerConsumer().run(out);
    }
}
