package io.twine.examples.docs;

import io.twine.defer.Deferred;
import io.twine.defer.Failure;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * The introduction's look at {@link Failure}: an errback that handles one kind of error and passes
 * every other one on, next to the {@code catch} clause it translates.
 */
public final class FailureHandling {

    /** Where names come from, synchronously or asynchronously. */
    public interface Names {
        /**
         * The names, read at once.
         *
         * @return the names
         * @throws IOException if they cannot be read
         */
        List<String> getNames() throws IOException;

        /**
         * The names, later.
         *
         * @return a Deferred firing with the names, or failing with their error
         */
        Deferred<List<String>> getNamesLater();
    }

    private final PrintStream log;

    /**
     * An example that reports errors to {@code log}.
     *
     * @param log where handled errors are reported
     */
    public FailureHandling(PrintStream log) {
        this.log = log;
    }

    /**
     * The names, or an empty list if they cannot be read; any other error escapes.
     *
     * @param x where the names come from
     * @return the names, or an empty list
     */
    public List<String> namesOrNone(Names x) {
        // tag::catch[]
        try {
            return x.getNames();
        } catch (IOException e) {
            log.println("could not read the names: " + e.getMessage());
            return List.of();
        }
        // end::catch[]
    }

    /**
     * The names, or an empty list if they cannot be read; any other error fails the Deferred.
     *
     * @param x where the names come from
     * @return a Deferred for the names, or an empty list
     */
    public Deferred<List<String>> namesOrNoneLater(Names x) {
        return x.getNamesLater().addErrback(this::noNames);
    }

    // tag::errback[]
    List<String> noNames(Failure failure) {
        failure.trap(IOException.class); // any other error goes on down the chain
        log.println("could not read the names: " + failure.getErrorMessage());
        return List.of();
    }
    // end::errback[]
}
