package io.twine.examples.tour;

import io.twine.defer.Deferred;
import io.twine.task.Clock;
import java.io.IOException;
import java.util.List;

/**
 * The seed's {@code x}, whose {@code getNames()} fetches a list of names: synchronously here, and
 * one clock step later through {@link Async}. Fails when the scenario fails {@code "getNames"}.
 */
class Directory {
    /** The names it holds, deliberately unsorted. */
    static final List<String> NAMES = List.of("linus", "ada", "grace");

    private final Scenario input;
    private final Outcome out;

    Directory(Scenario input, Outcome out) {
        this.input = input;
        this.out = out;
    }

    List<String> getNames() throws IOException {
        if (input.fails("getNames")) {
            IOException down = new IOException("the directory server did not answer");
            out.say("x.getNames() raised " + Outcome.describe(down));
            throw down;
        }
        out.say("x.getNames() returned " + NAMES);
        return NAMES;
    }

    /** The same directory, answering one clock step after it is asked. */
    static final class Async {
        private final Directory directory;
        private final Clock clock;

        Async(Directory directory, Clock clock) {
            this.directory = directory;
            this.clock = clock;
        }

        Deferred<List<String>> getNames() {
            return Later.deferLater(clock, directory::getNames);
        }
    }
}
