/**
 * Twine: Twisted's Deferred system in Java. {@link io.twine.defer.Deferred} and
 * {@link io.twine.defer.Failure} in {@code io.twine.defer}; clocks and time-based helpers in
 * {@code io.twine.task}. No dependencies beyond {@code java.base}.
 */
module io.twine.core {
    exports io.twine.defer;
    exports io.twine.task;
    exports io.twine.reactor;
}
